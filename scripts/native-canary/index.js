const { answer } = require('./build/Release/canary.node');
if (answer !== 42) throw new Error('the canary addon answered ' + answer);
module.exports = { answer };
