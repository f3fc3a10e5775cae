// Jest setup for the unit tests: n8n-core keeps its instance settings (an encryption key) in
// N8N_USER_FOLDER, by default the user's ~/.n8n. The tests give it a folder of their own.
const { mkdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const folder = join(tmpdir(), 'n8n-nodes-pbx-unit');
mkdirSync(folder, { recursive: true });
process.env.N8N_USER_FOLDER = folder;
