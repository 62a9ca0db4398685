// Where the tests find what they test: KZ_ENGINE (kzrules-engine.js) and KZ_WORKBENCH
// (kzrules-workbench.html), by default where tools/dev.sh web builds them. A missing file is
// a skip when its variable is unset (a checkout without a web build) and a failure
// when it is set.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readCorpus } from '../../corpus.mjs';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS_DIR = path.resolve(web, '../rules/kazakhstan');

function located(variable, fallback) {
  const given = process.env[variable];
  const file = path.resolve(given || fallback);
  if (fs.existsSync(file)) return { file, skip: false };
  if (given) throw new Error(`${variable}=${given}: no such file`);
  return { file, skip: `${variable} is not set and ${file} does not exist` };
}

export const engineFile = () => located('KZ_ENGINE', path.join(web, '../build-web/web/engine/kzrules-engine.js'));
// Where tools/dev.sh web writes the page: beside the web build, not in its web/ folder.
export const workbenchFile = () => located('KZ_WORKBENCH', path.join(web, '../build-web/kzrules-workbench.html'));

export const corpus = () => readCorpus(CORPUS_DIR);

// The engine's one function, as the page calls it: request object in, response object out.
export async function loadEngine(file) {
  const factory = createRequire(import.meta.url)(file);
  const engine = await factory();
  const call = engine.cwrap('kzrules_call', 'string', ['string']);
  return {
    raw: call,
    call: (request) => JSON.parse(call(JSON.stringify(request))),
  };
}
