// Run by n8nAuthenticate (test/support/n8nCli.js) with the n8n runtime's Node, in the runtime's directory (so
// that every module comes from that n8n): n8n's own CredentialsHelper.authenticate (its CLI package;
// n8n-core does not export it) applied to each case read from stdin. Prints the requests it makes.
// The helper is made without n8n's dependency injection: authenticate reads only the credential
// type (given here) and the workflow's expression engine.
require('reflect-metadata');
const { CredentialsHelper } = require('n8n/dist/credentials-helper');
const { Workflow } = require('n8n-workflow');

const node = {
	id: 'authenticate',
	name: 'Authenticate',
	type: 'authenticate',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const noProperties = { description: { properties: [] } };
const workflow = new Workflow({
	nodes: [node],
	connections: {},
	active: false,
	nodeTypes: {
		getByName: () => noProperties,
		getByNameAndVersion: () => noProperties,
		getKnownTypes: () => ({}),
	},
});

async function main() {
	const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
	const answers = [];
	for (const { authenticate, credentials, request } of cases) {
		const helper = Object.create(CredentialsHelper.prototype);
		helper.credentialTypes = { getByName: () => ({ authenticate }) };
		answers.push(await helper.authenticate(credentials, 'case', request, workflow, node));
	}
	process.stdout.write(JSON.stringify(answers));
}

main().catch((error) => {
	process.stderr.write(String(error?.stack ?? error));
	process.exitCode = 1;
});
