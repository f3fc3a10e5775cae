// n8n-core's own dependency-injection container and logger class. n8n-core may bring versions of
// @n8n/di and @n8n/backend-common other than those at the top of node_modules; services set in
// another copy's container would not be the ones the engine asks for.
const { createRequire } = require('node:module');

const fromCore = createRequire(require.resolve('n8n-core'));

module.exports = {
	Container: fromCore('@n8n/di').Container,
	Logger: fromCore('@n8n/backend-common').Logger,
};
