// An editor expression `={{ … }}` evaluated with the node's parameters, as the canvas evaluates a
// subtitle (in a sandbox: the expression is the package's own).
const { runInNewContext } = require('node:vm');

function evaluateSubtitle(expression, parameters) {
	if (!expression.startsWith('={{ ') || !expression.endsWith(' }}')) {
		throw new Error(`Not an expression: ${expression}`);
	}
	return runInNewContext(expression.slice(4, -3), { $parameter: parameters });
}

module.exports = { evaluateSubtitle };
