// The page's own logic that needs no browser and no engine: CSV rows, the argument
// model (which folder is what, rows switched off, atoms back to rows), the map's DOT,
// .param ranges and sweep values, diagnostic columns, and the engine lanes (with fake
// engines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parseRecords, formatRecord } from '../src/csv.js';
import { Argument, parseAtom } from '../src/argument.js';
import { argumentDot, wrapName } from '../src/mapdot.js';
import { paramRanges, sweepAround, formatLike, exactDecimal } from '../src/params.js';
import { utf16Offset, diagnosticSpan } from '../src/columns.js';
import { Lane } from '../src/engine.js';
import { describeFailure } from '../src/app.js';
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

test('argument: a quoted field with a line break does not shift the rows after it', () => {
  const a = new Argument({ 'x/r.kz': '.decl t(a: symbol, b: symbol)', 'x/f/t.csv': 'a,b\n"one\ntwo\r\nthree",1\nsecond,2\nthird,3\n' });
  const table = a.factset('x/f').tables[0];
  assert.equal(table.rows.length, 3);
  // The header is line 1; the first record lines 2-4; the second line 5.
  assert.equal(a.rowAtLocation('x/f/t.csv:2').row, table.rows[0]);
  assert.equal(a.rowAtLocation('x/f/t.csv:4').row, table.rows[0]);
  assert.equal(a.rowAtLocation('x/f/t.csv:5').row, table.rows[1]);
  assert.equal(a.rowAtLocation('x/f/t.csv:6').row, table.rows[2]);
  // With the first record off, the second is line 2 of the file as sent.
  table.rows[0].enabled = false;
  assert.equal(a.rowAtLocation('x/f/t.csv:2').row, table.rows[1]);
  assert.equal(a.rowAtLocation('x/f/t.csv:4'), null);
});

test('argument: a locator keeps the lines of the files as they were sent', () => {
  const a = new Argument({ 'x/r.kz': '.decl t(a: symbol)', 'x/f/t.csv': 'a\np\nq\n' });
  const [p, q] = a.factset('x/f').tables[0].rows;
  const asSent = a.rowLocator();
  p.enabled = false;  // after the request: q moves up to line 2
  assert.equal(asSent('x/f/t.csv:3').row, q);
  assert.equal(a.rowAtLocation('x/f/t.csv:2').row, q);
});

test('columns: the engine\'s byte columns on a Cyrillic line, as UTF-16 offsets', () => {
  const line = '.claim акимы "Акимы ротируются" exists { p(_) }';
  const bytes = (s) => Buffer.byteLength(s, 'utf8');
  const at = line.indexOf('exists');
  assert.notEqual(bytes(line.slice(0, at)), at, 'the line must have multi-byte characters before the column');
  assert.equal(utf16Offset(line, bytes(line.slice(0, at))), at);
  // A diagnostic at `exists`, 6 bytes long (column 1-based, in bytes).
  assert.deepEqual(diagnosticSpan(line, bytes(line.slice(0, at)) + 1, 6), { from: at, to: at + 6 });
  // One spanning Cyrillic text: its byte length covers the same characters.
  const word = line.indexOf('Акимы');
  assert.deepEqual(diagnosticSpan(line, bytes(line.slice(0, word)) + 1, bytes('Акимы')), { from: word, to: word + 5 });
  // Characters outside the BMP take two UTF-16 units; past the end stays at the end.
  assert.equal(utf16Offset('😀x', 4), 2);
  assert.equal(utf16Offset('ab', 10), 2);
  assert.deepEqual(diagnosticSpan('ab', 3, 1), { from: 2, to: 2 });
});

test('params: a sweep without a declared range sends exact decimals, integers for an integer', () => {
  const plain = /^-?\d+(\.\d+)?$/;
  const parts = (text) => text.slice(text.indexOf('=') + 1).split(':');
  assert.equal(sweepAround('share', '0.45', false), 'share=0.20:0.70:0.05');
  assert.equal(sweepAround('limit', '3.0', false), 'limit=2.0:4.0:0.2');
  assert.equal(sweepAround('from', '2001', true), 'from=1001:3001:200');
  assert.equal(sweepAround('n', '3', true), 'n=-2:8:1');
  for (const [value, integer] of [['0.45', false], ['0.1', false], ['0', false], ['-2.5', false], ['1e-7', false], ['2001', true], ['7', true], ['0', true]]) {
    const text = sweepAround('x', value, integer);
    for (const part of parts(text)) {
      assert.match(part, plain, text);
      if (integer) assert.ok(Number.isInteger(Number(part)), text);
    }
    const [from, to, step] = parts(text).map(Number);
    assert.ok(from < to && step > 0, text);
  }
  // The slider's values: as the parameter is written, at most the step's digits.
  assert.equal(formatLike('2.5000000000000004', '3.0', 0.25), '2.5');
  assert.equal(formatLike('2.75', '3.0', 0.25), '2.75');
  assert.equal(formatLike('3', '3.0', 0.25), '3.0');
  assert.equal(formatLike('0.30000000000000004', '0.5', 0.1), '0.3');
  assert.equal(formatLike('1996.4', '2001', 1), '1996');
  assert.equal(exactDecimal(-0.0001, 2, 1), '0.0');
});

test('app: a check stopped at a limit says so, with the time it ran', () => {
  const response = { ok: false, limit: true, diagnostics: [{ severity: 'error', code: 'E0502', message: 'resource limit: evaluation took longer than 10 s (--timeout)' }] };
  assert.match(describeFailure(response, 10012), /^Stopped after 10\.0 s: the rules may not terminate \(resource limit: .*\[E0502\]\)$/);
  assert.match(describeFailure({ ok: false, diagnostics: [{ file: 'a.kz', line: 2, column: 3, message: 'bad', code: 'E0101' }] }), /^a\.kz:2:3: bad \[E0101\]$/);
});

// ---- the engine's lanes, with fake engines -----------------------------------------------

// A fake engine: send() answers when the test says (answer(i, text)) or never; stop()
// ends it as terminating a worker does.
function fakeEngines() {
  const made = [];
  const start = async () => {
    const engine = { sent: [], pending: [], stopped: false, dead: false };
    engine.send = (text) => new Promise((resolve, reject) => {
      engine.sent.push(JSON.parse(text));
      engine.pending.push({ resolve, reject });
    });
    engine.stop = () => {
      engine.stopped = engine.dead = true;
      for (const p of engine.pending.splice(0)) p.reject(new Error('stopped'));
    };
    engine.answer = (response, { dead = false } = {}) => {
      if (dead) engine.dead = true;
      engine.pending.shift().resolve({ text: JSON.stringify(response), ms: 1 });
    };
    made.push(engine);
    return engine;
  };
  return { start, made };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

test('lane: an engine that died is ended, and the next request starts a new one', async () => {
  const { start, made } = fakeEngines();
  const lane = new Lane(start);
  const first = lane.call({ command: 'check', n: 1 });
  await tick();
  made[0].answer({ ok: false, diagnostics: [{ code: 'E0602', message: 'the engine stopped' }] }, { dead: true });
  assert.equal((await first).response.ok, false);
  assert.ok(made[0].stopped, 'the dead engine is ended');
  const second = lane.call({ command: 'check', n: 2 });
  await tick();
  assert.equal(made.length, 2);
  assert.deepEqual(made[1].sent, [{ command: 'check', n: 2 }]);
  made[1].answer({ ok: true });
  assert.deepEqual((await second).response, { ok: true });
});

test('lane: a request replaced while it runs is answered at once; past the grace its engine is ended', async () => {
  const { start, made } = fakeEngines();
  const lane = new Lane(start, { graceMs: 30 });
  const runaway = lane.call({ command: 'check', n: 1 }, { key: 'check' });
  await tick();
  const next = lane.call({ command: 'diagnose' }, { key: 'diagnose', replaces: ['diagnose', 'check'] });
  assert.deepEqual(await runaway, { superseded: true });
  assert.equal(made[0].stopped, false, 'not ended within the grace');
  await tick(60);
  assert.ok(made[0].stopped, 'ended past the grace');
  await tick();
  assert.equal(made.length, 2);
  assert.deepEqual(made[1].sent, [{ command: 'diagnose' }]);
  made[1].answer({ ok: true, program_ok: true });
  assert.equal((await next).response.program_ok, true);
});

test('lane: a replaced request that ends within the grace keeps its engine', async () => {
  const { start, made } = fakeEngines();
  const lane = new Lane(start, { graceMs: 50 });
  const old = lane.call({ n: 1 }, { key: 'check' });
  await tick();
  const next = lane.call({ n: 2 }, { key: 'check' });
  made[0].answer({ ok: true, n: 1 });  // its late answer is not given to anyone
  assert.deepEqual(await old, { superseded: true });
  await tick();
  made[0].answer({ ok: true, n: 2 });
  assert.equal((await next).response.n, 2);
  await tick(80);
  assert.equal(made.length, 1);
  assert.equal(made[0].stopped, false);
});

test('lane: stop ends the request in flight and those queued', async () => {
  const { start, made } = fakeEngines();
  const lane = new Lane(start);
  const a = lane.call({ n: 1 });
  const b = lane.call({ n: 2 });
  await tick();
  lane.stop();
  assert.equal((await a).stopped, true);
  assert.equal((await b).stopped, true);
  assert.ok(made[0].stopped);
  const c = lane.call({ n: 3 });
  await tick();
  made[1].answer({ ok: true });
  assert.equal((await c).response.ok, true);
  assert.ok(lane.idle);
});
