// The page's own logic that needs no browser and no engine: CSV rows, the argument
// model (which folder is what, rows switched off, atoms back to rows), the map's DOT,
// and .param ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parseRecords, formatRecord } from '../src/csv.js';
import { Argument, parseAtom } from '../src/argument.js';
import { argumentDot, wrapName } from '../src/mapdot.js';
import { paramRanges } from '../src/params.js';
import { readZip, writeZip } from '../src/files.js';
import { corpus } from './helpers/env.mjs';

test('csv: quoted fields, doubled quotes, line breaks, blank lines, CRLF', () => {
  const records = parseRecords('a,b\r\n"x, y","say ""hi"""\n\n"two\nlines",3\n');
  assert.deepEqual(records.map((r) => r.fields), [['a', 'b'], ['x, y', 'say "hi"'], ['two\nlines', '3']]);
  assert.equal(records[2].raw, '"two\nlines",3');
  assert.deepEqual(parseRecords(formatRecord(['p, q', 'he said "no"', 'plain']))[0].fields, ['p, q', 'he said "no"', 'plain']);
});

test('argument: the corpus\'s rules folder, fact sets and tables', () => {
  const a = new Argument(corpus());
  assert.equal(a.rulesDir, 'kazakhstan');
  assert.deepEqual([...a.ruleFiles.keys()], ['kazakhstan/claims.kz', 'kazakhstan/derived.kz', 'kazakhstan/hypotheses.kz', 'kazakhstan/params.kz', 'kazakhstan/schema.kz']);
  assert.deepEqual(a.factsetPaths, ['kazakhstan/facts/2007', 'kazakhstan/facts/counterfactual-strongmen']);
  const fs2007 = a.factset('kazakhstan/facts/2007');
  assert.ok(fs2007.files.has('kazakhstan/facts/2007/coverage.kz'));
  const akim = fs2007.tables.find((t) => t.relation === 'akim_term');
  assert.deepEqual(akim.columns, ['person', 'region', 'began', 'ended', 'source']);
  // Untouched, every file reaches the engine as written.
  const files = corpus();
  const sent = a.engineFiles();
  for (const p of Object.keys(files)) assert.equal(sent[p], files[p], p);
});

test('argument: a switched-off row is left out, an added row appended; locations map back to rows', () => {
  const a = new Argument(corpus());
  const table = a.factset('kazakhstan/facts/2007').tables.find((t) => t.relation === 'akim_term');
  const braun = table.rows[0];
  braun.enabled = false;
  table.addRow(['someone', 'somewhere, far', '1999-01', '2000-01', 'a "test"']);
  const text = a.engineFiles()['kazakhstan/facts/2007/akim_term.csv'];
  assert.ok(!text.includes('braun,akmola'));
  assert.ok(text.endsWith('someone,"somewhere, far",1999-01,2000-01,"a ""test"""\n'));
  // Line 2 of the file as sent is now the second row of the table.
  assert.equal(a.rowAtLocation('kazakhstan/facts/2007/akim_term.csv:2').row, table.rows[1]);
});

test('argument: an atom the engine prints finds its row, columns mapped by header names', () => {
  const a = new Argument(corpus());
  const atom = 'akim_term("zhakupov", "west_kazakhstan", "1993-01", "2000-12", "Table 2")';
  const rows = a.rowsForAtom('kazakhstan/facts/counterfactual-strongmen', atom);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].row.fields[0], 'zhakupov');
  assert.deepEqual(parseAtom('r("a \\"q\\"", -2.5, 7)').args, [{ string: 'a "q"' }, { other: '-2.5' }, { other: '7' }]);
  // A header naming every attribute maps columns by name, whatever their order.
  const b = new Argument({ 'x/r.kz': '.decl t(a: symbol, n: number)', 'x/f/t.csv': 'n,a\n3,"p"\n' });
  assert.equal(b.rowsForAtom('x/f', 't("p", 3)', () => ['a', 'n']).length, 1);
  assert.equal(b.rowsForAtom('x/f', 't("p", 4)', () => ['a', 'n']).length, 0);
});

test('argument: loose files get a folder; no fact folder means the rules folder', () => {
  const a = new Argument({ 'rules.kz': '.decl a(x: number)', 'notes.md': 'x' });
  assert.equal(a.rulesDir, 'argument');
  assert.deepEqual(a.factsetPaths, ['argument']);
  assert.throws(() => new Argument({ 'a.csv': 'x\n' }), /no \.kz/);
});

test('zip: written and read back', () => {
  const files = corpus();
  assert.deepEqual(readZip(writeZip(files)), files);
});

test('map: one cluster per hypothesis, claims and links with ids, labels on edges', () => {
  const report = JSON.parse(fs.readFileSync(new URL('./fixtures/check-report.json', import.meta.url), 'utf8'));
  const dot = argumentDot(report.hypotheses, report.factsets[1]);
  for (const h of ['clan', 'centre_periphery', 'fpg']) assert.match(dot, new RegExp(`subgraph "cluster_${h}"`));
  assert.match(dot, /"claim-strongman_challenged_centre" \[id="claim-strongman_challenged_centre"/);
  assert.match(dot, /"claim-strongman_challenged_centre" -> "hyp-centre_periphery" \[id="link-strongman_challenged_centre-centre_periphery".*label="\+ smoking gun".*style="bold"/);
  assert.equal((dot.match(/ -> /g) || []).length, report.factsets[1].claims.reduce((n, c) => n + c.links.length, 0));
  const only = argumentDot(report.hypotheses, report.factsets[1], { only: 'fpg' });
  assert.doesNotMatch(only, /cluster_clan/);
  assert.equal(wrapName('dvk_fpg_founders_second_tier'), 'dvk_fpg_founders_\nsecond_tier');
});

test('params: ranges read from the rules', () => {
  const ranges = paramRanges(corpus()['kazakhstan/params.kz']);
  assert.deepEqual(ranges.get('tenure_limit'), { value: '3.0', range: { lo: 2.5, hi: 4.5, step: 0.25 } });
  assert.deepEqual(ranges.get('recent_from').range, { lo: 1996, hi: 2007, step: 1 });
  assert.equal(paramRanges('// .param x = 1 range 0 .. 2 step 1\n.param y = "s"').has('x'), false);
});
