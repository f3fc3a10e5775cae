const { join } = require('node:path');

const DEV_DIR = join(__dirname, '..', '.n8n-dev');

module.exports = { DEV_DIR, DEV_STATE_FILE: join(DEV_DIR, 'dev.json') };
