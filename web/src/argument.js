// The argument the student works on: its rule files, its fact sets and their tables,
// and the changes made in the page (edited rules, rows switched off, rows added). The
// engine keeps nothing between calls, so engineFiles() is the whole argument as it now
// stands, sent with every request.
import { parseRecords, formatRecord } from './csv.js';

const RULE_EXT = /\.(kz|dl)$/;
const TABLE_EXT = /\.(csv|facts)$/;
// Files kept from a loaded folder or zip: the engine reads text, and so does the page.
export const TEXT_EXT = /\.(kz|dl|csv|facts|tsv|txt|md)$/i;

const dirOf = (path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseOf = (path) => path.slice(path.lastIndexOf('/') + 1);
const isCoverage = (path) => baseOf(path) === 'coverage.kz';

let nextRowId = 1;

// Line breaks as the engine counts them: \n, \r\n or a lone \r.
export function lineBreaks(text) {
  return (text.match(/\r\n|\r|\n/g) || []).length;
}

// One fact file: a CSV with a header line (the corpus's form) or a tab-separated .facts file.
export class FactTable {
  constructor(path, text) {
    this.path = path;
    this.relation = baseOf(path).replace(TABLE_EXT, '');
    this.csv = path.endsWith('.csv');
    const records = this.csv ? parseRecords(text, ',', true) : parseRecords(text, '\t', false);
    this.header = this.csv && records.length ? records.shift() : null;
    this.rows = records.map((r) => ({ id: nextRowId++, raw: r.raw, fields: r.fields, enabled: true, added: false }));
  }

  get columns() {
    const width = Math.max(this.header ? this.header.fields.length : 0, ...this.rows.map((r) => r.fields.length), 0);
    return Array.from({ length: width }, (_, i) => (this.header && this.header.fields[i]) || `#${i + 1}`);
  }

  addRow(fields) {
    const raw = this.csv ? formatRecord(fields, ',', true) : fields.join('\t');
    const row = { id: nextRowId++, raw, fields: [...fields], enabled: true, added: true };
    this.rows.push(row);
    return row;
  }

  removeRow(id) {
    this.rows = this.rows.filter((r) => r.id !== id);
  }

  // The file as the engine should see it, and which row each of its lines is (so that a
  // location the engine reports, "….csv:5", finds its row even with rows switched off).
  // A record may span lines (a quoted field with a line break): each of its lines is its row.
  render() {
    const records = [];
    const lineToRow = new Map();
    let line = 1;
    const put = (raw, id) => {
      const span = 1 + lineBreaks(raw);
      if (id !== undefined) for (let i = 0; i < span; i++) lineToRow.set(line + i, id);
      line += span;
      records.push(raw);
    };
    if (this.header) put(this.header.raw);
    for (const row of this.rows) if (row.enabled) put(row.raw, row.id);
    return { text: records.length ? records.join('\n') + '\n' : '', lineToRow };
  }
}

export class Argument {
  // files: {relative path: text}. The rules folder is the shallowest folder holding .kz or
  // .dl files (coverage.kz belongs to a fact set); fact sets are the folders under it that
  // hold fact files or a coverage.kz.
  constructor(files, label = '') {
    let paths = Object.keys(files).filter((p) => TEXT_EXT.test(p));
    let rulesDir = chooseRulesDir(paths);
    if (rulesDir === null) throw new Error('no .kz or .dl rule file found');
    if (rulesDir === '') {
      // The engine takes the rules as a folder name; give loose files one.
      const renamed = {};
      for (const p of paths) renamed['argument/' + p] = files[p];
      files = renamed; paths = Object.keys(files); rulesDir = 'argument';
    }
    this.label = label || baseOf(rulesDir);
    this.rulesDir = rulesDir;
    this.ruleFiles = new Map();
    this.extraFiles = new Map();
    const factsetFiles = new Map();  // folder -> [paths]
    for (const p of paths.sort()) {
      if (!p.startsWith(rulesDir + '/')) continue;  // outside the argument: not sent, not saved
      const dir = dirOf(p);
      if (dir === rulesDir && RULE_EXT.test(p) && !isCoverage(p)) this.ruleFiles.set(p, files[p]);
      else if (TABLE_EXT.test(p) || isCoverage(p)) {
        if (!factsetFiles.has(dir)) factsetFiles.set(dir, []);
        factsetFiles.get(dir).push(p);
      } else this.extraFiles.set(p, files[p]);
    }
    this.factsets = [...factsetFiles.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([dir, list]) => ({
      path: dir,
      tables: list.filter((p) => TABLE_EXT.test(p)).map((p) => new FactTable(p, files[p])),
      files: new Map(list.filter((p) => !TABLE_EXT.test(p)).map((p) => [p, files[p]])),
    }));
    // Without fact folders the rules folder is the one fact set, as for `kzrules check RULES`.
    if (!this.factsets.length) this.factsets.push({ path: rulesDir, tables: [], files: new Map() });
  }

  get factsetPaths() {
    return this.factsets.map((f) => f.path);
  }

  factset(path) {
    return this.factsets.find((f) => f.path === path);
  }

  setRule(path, text) {
    this.ruleFiles.set(path, text);
  }

  rulesText() {
    return [...this.ruleFiles.values()].join('\n');
  }

  // Every file of the argument as it now stands, as the engine's requests carry it.
  engineFiles() {
    const out = {};
    for (const [p, t] of this.extraFiles) out[p] = t;
    for (const [p, t] of this.ruleFiles) out[p] = t;
    for (const fs of this.factsets) {
      for (const [p, t] of fs.files) out[p] = t;
      for (const table of fs.tables) out[table.path] = table.render().text;
    }
    return out;
  }

  // The row behind an engine location such as "kazakhstan/facts/2007/sidelined.csv:5".
  rowAtLocation(location) {
    return this.rowLocator()(location);
  }

  // rowAtLocation for the files as they are now: an answer to a request sent now names
  // lines of these files, which switching rows off or on afterwards renumbers.
  rowLocator() {
    const tables = new Map();  // path -> {factset, table, lineToRow}
    for (const fs of this.factsets)
      for (const table of fs.tables) tables.set(table.path, { factset: fs, table, lineToRow: table.render().lineToRow });
    return (location) => {
      const m = /^(.*):(\d+)$/.exec(location || '');
      const at = m && tables.get(m[1]);
      const id = at && at.lineToRow.get(Number(m[2]));
      const row = id && at.table.rows.find((r) => r.id === id);  // an added row may be gone since
      return row ? { factset: at.factset, table: at.table, row } : null;
    };
  }

  // The rows of a fact set that hold a ground atom as the engine prints it,
  // rel("a", 2, "b"). attributes: the relation's attribute names (from diagnose), used
  // when the header names every attribute and so maps columns by name, as the engine does.
  rowsForAtom(factsetPath, atomText, attributesOf = () => null) {
    const atom = parseAtom(atomText);
    const fs = this.factset(factsetPath);
    if (!atom || !fs) return [];
    const table = fs.tables.find((t) => t.relation === atom.relation);
    if (!table) return [];
    const attributes = attributesOf(atom.relation);
    let order = atom.args.map((_, i) => i);
    if (attributes && table.header && attributes.every((a) => table.header.fields.includes(a)))
      order = attributes.map((a) => table.header.fields.indexOf(a));
    return table.rows
      .filter((row) => atom.args.every((arg, i) => sameValue(row.fields[order[i]], arg)))
      .map((row) => ({ table, row }));
  }
}

function chooseRulesDir(paths) {
  const counts = new Map();
  for (const p of paths) if (RULE_EXT.test(p) && !isCoverage(p)) counts.set(dirOf(p), (counts.get(dirOf(p)) || 0) + 1);
  if (!counts.size) return null;
  const depth = (d) => (d === '' ? 0 : d.split('/').length);
  return [...counts.entries()].sort(([a, na], [b, nb]) => depth(a) - depth(b) || nb - na || a.localeCompare(b))[0][0];
}

// rel("a", -2.5, "say \"x\"") -> {relation: 'rel', args: [{string: 'a'}, {number: -2.5}, ...]}
export function parseAtom(text) {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\(([\s\S]*)\)\s*$/.exec(text || '');
  if (!m) return null;
  const args = [];
  const body = m[2];
  let i = 0;
  while (i < body.length) {
    while (/[\s,]/.test(body[i] || '')) i++;
    if (i >= body.length) break;
    if (body[i] === '"') {
      let s = '';
      for (i++; i < body.length && body[i] !== '"'; i++) {
        if (body[i] === '\\') {
          i++;
          s += { n: '\n', t: '\t' }[body[i]] ?? body[i];
        } else s += body[i];
      }
      i++;
      args.push({ string: s });
    } else {
      const start = i;
      while (i < body.length && body[i] !== ',') i++;
      args.push({ other: body.slice(start, i).trim() });
    }
  }
  return { relation: m[1], args };
}

function sameValue(field, arg) {
  if (field === undefined) return false;
  if ('string' in arg) return field === arg.string;
  if (field.trim() === arg.other) return true;
  const a = Number(field.trim().replace(/u$/, ''));
  const b = Number(arg.other.replace(/u$/, ''));
  return !Number.isNaN(a) && a === b;
}
