// Reads an argument's folder as the page and the engine take it: {path: text}, every
// text file by its path under the folder's own name ("kazakhstan/facts/2007/akim_term.csv").
// Used by build.mjs (to inline the corpus) and by the tests (to send it to the engine).
import fs from 'node:fs';
import path from 'node:path';

export const TEXT_EXT = /\.(kz|dl|csv|facts|tsv|txt|md)$/i;

export function readCorpus(dir) {
  const root = path.resolve(dir);
  const prefix = path.basename(root);
  const files = {};
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (TEXT_EXT.test(entry.name)) files[prefix + '/' + path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  if (!Object.keys(files).some((p) => /\.(kz|dl)$/.test(p))) throw new Error(`${dir} holds no .kz or .dl file`);
  return files;
}
