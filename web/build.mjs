// Builds the seminar workbench: ONE html file with the page's code (web/src, bundled
// and minified by esbuild), its CSS, the engine (kzrules-engine.js, wasm inside) and an
// argument's files, so that it opens from disk with no network.
//
//   node build.mjs --engine PATH/kzrules-engine.js --corpus ../rules/kazakhstan --out PATH/kzrules-workbench.html
//
// Prints the size raw and gzipped, and fails above the budget (--max-gzip-mb, 1.5).
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { readCorpus } from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function options(argv) {
  const o = { engine: null, corpus: path.join(here, '../rules/kazakhstan'), out: null, maxGzipMb: 1.5 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--engine') o.engine = value();
    else if (flag === '--corpus') o.corpus = value();
    else if (flag === '--out') o.out = value();
    else if (flag === '--max-gzip-mb') o.maxGzipMb = Number(value());
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!o.engine || !o.out) throw new Error('usage: node build.mjs --engine kzrules-engine.js --corpus RULES_DIR --out kzrules-workbench.html');
  return o;
}

// Text inside <script> ends at the first "</script", and "<!--" changes how the HTML
// parser reads what follows. The JSON is made safe by escaping every "<"; the scripts here.
function scriptSafe(js) {
  // Both occur here only inside string literals (Graphviz's strings hold "<!--"),
  // where the escaped forms read the same.
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

// emscripten's SINGLE_FILE keeps the wasm in the script as a base64 data URI, and gzip
// undoes little of base64's growth (832 KB gzipped for a 594 KB gzipped wasm). So the
// wasm is taken out of the script and stored gzipped, then base64 (which gzip shrinks
// back to about its size); the page inflates it (fflate) and hands it to the engine's
// factory as `wasmBinary`, which emscripten uses instead of its data URI. When the
// script holds no such URI (another emscripten), it is inlined as it is.
const WASM_DATA_URI = /(["'])data:application\/octet-stream;base64,([A-Za-z0-9+/=]{1000,})\1/;

function splitEngine(engine) {
  const m = WASM_DATA_URI.exec(engine);
  if (!m) return { script: engine, wasm: null };
  const wasm = Buffer.from(m[2], 'base64');
  if (wasm.readUInt32LE(0) !== 0x6d736100) return { script: engine, wasm: null };  // "\0asm"
  return {
    script: engine.slice(0, m.index) + `${m[1]}data:application/octet-stream;base64,${m[1]}` + engine.slice(m.index + m[0].length),
    wasm: zlib.gzipSync(wasm, { level: 9 }).toString('base64'),
  };
}

async function main() {
  const o = options(process.argv.slice(2));
  const engine = fs.readFileSync(o.engine, 'utf8');
  const { script: engineScript, wasm: engineWasm } = splitEngine(engine);
  const corpus = readCorpus(o.corpus);
  const bundled = await build({
    entryPoints: [path.join(here, 'src/main.js')],
    bundle: true, minify: true, format: 'iife', target: ['chrome100', 'firefox100'], write: false,
    legalComments: 'eof', logLevel: 'warning',
    // @viz-js/viz asks import.meta.url only for a folder to fetch from; its wasm is inline.
    define: { 'import.meta.url': '""' },
    loader: { '.css': 'text' },
  });
  const js = bundled.outputFiles[0].text;
  const css = (await build({ entryPoints: [path.join(here, 'src/style.css')], bundle: true, minify: true, write: false, logLevel: 'warning' })).outputFiles[0].text;
  const corpusJson = JSON.stringify(corpus).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kzrules workbench</title>
<style>${css}</style>
</head>
<body>
<div id="app"><p style="padding:1em">Loading the kzrules workbench…</p></div>
<noscript>The workbench needs JavaScript.</noscript>
<script type="application/json" id="corpus">${corpusJson}</script>
${engineWasm ? `<script type="application/octet-stream" id="kz-engine-wasm">${engineWasm}</script>\n` : ''}<script id="kz-engine">${scriptSafe(engineScript)}</script>
<script>${scriptSafe(js)}</script>
</body>
</html>
`;
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  fs.writeFileSync(o.out, html);
  const gz = (s) => zlib.gzipSync(Buffer.from(s), { level: 9 }).length;
  const mb = (n) => (n / 1024 / 1024).toFixed(2) + ' MB';
  const total = Buffer.byteLength(html);
  const totalGz = gz(html);
  console.log(`${o.out}: ${mb(total)} raw, ${mb(totalGz)} gzipped`);
  const engineInPage = engineScript + (engineWasm || '');
  console.log(`  engine ${mb(Buffer.byteLength(engineInPage))} (${mb(gz(engineInPage))} gz${engineWasm ? ', its wasm stored gzipped' : ''}), page code ${mb(Buffer.byteLength(js))} (${mb(gz(js))} gz), ` +
    `css ${(Buffer.byteLength(css) / 1024).toFixed(0)} KB, corpus ${Object.keys(corpus).length} files ${mb(Buffer.byteLength(corpusJson))} (${mb(gz(corpusJson))} gz)`);
  if (totalGz > o.maxGzipMb * 1024 * 1024) {
    console.error(`error: ${mb(totalGz)} gzipped is over the budget of ${o.maxGzipMb} MB`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error('error: ' + (error.message || error));
  process.exit(1);
});
