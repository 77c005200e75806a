// Parses each file given with Mermaid's own parser (mermaid.parse, the grammar GitHub renders
// with), in a jsdom window since Mermaid expects a browser. Prints `ok FILE TYPE` or
// `FAILED FILE: reason` per file; exits 1 when any fails.
// usage: node parse.mjs --modules DIR FILE...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const at = args.indexOf('--modules');
if (at < 0 || !args[at + 1]) {
  console.error('usage: node parse.mjs --modules DIR FILE...');
  process.exit(2);
}
const modules = args[at + 1];
const files = args.filter((_, i) => i !== at && i !== at + 1);
const require = createRequire(join(modules, 'node_modules', 'x.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import(pathToFileURL(require.resolve('mermaid')).href);
let failed = 0;
for (const file of files) {
  try {
    const result = await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file} ${result.diagramType}`);
  } catch (e) {
    failed += 1;
    console.log(`FAILED ${file}: ${String(e?.message ?? e).split('\n').join(' | ')}`);
  }
}
process.exit(failed ? 1 : 0);
