// The engine's WebAssembly interface (kzrules_call), in Node, on the Kazakhstan corpus.
// The verdicts asserted here are the ones the native CLI gives on the same corpus
// (kzrules check rules/kazakhstan FACTSETS), checked by hand against docs/corpus.md.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { engineFile, loadEngine, corpus } from './helpers/env.mjs';

const where = engineFile();
const Y2007 = 'kazakhstan/facts/2007';
const COUNTER = 'kazakhstan/facts/counterfactual-strongmen';
const ZHAKUPOV = 'akim_term("zhakupov", "west_kazakhstan", "1993-01", "2000-12", "Table 2")';
let engine;
let files;

const base = (extra) => ({ files, rules: 'kazakhstan', ...extra });
const verdictsOf = (report) => Object.fromEntries(report.factsets.map((fs) => [fs.name, Object.fromEntries(fs.hypotheses.map((h) => [h.name, h.verdict]))]));

before(async () => {
  if (where.skip) return;
  engine = await loadEngine(where.file);
  files = corpus();
});

test('version', { skip: where.skip }, () => {
  const r = engine.call({ command: 'version' });
  assert.equal(r.ok, true);
  assert.match(r.version, /^\d+\.\d+/);
});

test('diagnose: the corpus parses and declares its hypotheses, params and relations', { skip: where.skip }, () => {
  const r = engine.call(base({ command: 'diagnose', factsets: [Y2007, COUNTER] }));
  assert.equal(r.ok, true);
  assert.equal(r.program_ok, true);
  assert.deepEqual(r.hypotheses.map((h) => h.name), ['clan', 'centre_periphery', 'fpg']);
  assert.deepEqual(r.params.map((p) => p.name).sort(), ['entrenched_years', 'loyal_share', 'recent_from', 'tenure_limit']);
  const akimTerm = r.relations.find((x) => x.name === 'akim_term');
  assert.equal(akimTerm.input, true);
  assert.deepEqual(akimTerm.attributes.map((a) => a.name), ['person', 'region', 'began', 'ended', 'source']);
  assert.ok(!r.diagnostics.some((d) => d.severity === 'error'));
});

test('diagnose: a syntax error gives its code, file, line and column', { skip: where.skip }, () => {
  const broken = { ...files, 'kazakhstan/claims.kz': '// first line\n.decl broken(x: number)\nbroken(1) :- .\n' + files['kazakhstan/claims.kz'] };
  const r = engine.call({ command: 'diagnose', files: broken, rules: 'kazakhstan' });
  assert.equal(r.ok, true);
  assert.equal(r.program_ok, false);
  const d = r.diagnostics.find((x) => x.severity === 'error');
  assert.ok(d, 'an error diagnostic');
  assert.match(d.code, /^E\d{4}$/);
  assert.equal(d.file, 'kazakhstan/claims.kz');
  assert.equal(d.line, 3);
  assert.equal(d.column, 14);
  assert.equal(d.line_text, 'broken(1) :- .');
});

test('check: the verdicts of both fact sets', { skip: where.skip }, () => {
  const started = performance.now();
  const r = engine.call(base({ command: 'check', factsets: [Y2007, COUNTER] }));
  const ms = performance.now() - started;
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  assert.deepEqual(r.report.factsets.map((f) => f.name), [Y2007, COUNTER]);
  assert.deepEqual(r.report.hypotheses.map((h) => h.name), ['clan', 'centre_periphery', 'fpg']);
  assert.deepEqual(verdictsOf(r.report), {
    [Y2007]: { clan: 'weakened', centre_periphery: 'weakened', fpg: 'supported' },
    [COUNTER]: { clan: 'weakened', centre_periphery: 'confirmed', fpg: 'supported' },
  });
  assert.deepEqual(r.report.factsets.map((f) => f.supports), [['fpg'], ['centre_periphery']]);
  assert.equal(r.report.factsets[0].claims.length, 55);
  assert.deepEqual(r.report.factsets[1].hypotheses.find((h) => h.name === 'centre_periphery').decisive, ['strongman_challenged_centre']);
  assert.equal(typeof r.elapsed_ms, 'number');
  console.log(`check of the corpus in Node: ${ms.toFixed(1)} ms (engine elapsed_ms ${r.elapsed_ms.toFixed(1)})`);
});

test('check: as of 1996 and 2007, one run per date', { skip: where.skip }, () => {
  const r = engine.call(base({ command: 'check', factsets: [Y2007], as_of: ['2007', '1996'] }));
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  assert.deepEqual(r.report.factsets.map((f) => f.name), [`${Y2007}@1996`, `${Y2007}@2007`]);
  assert.deepEqual(verdictsOf(r.report)[`${Y2007}@1996`], { clan: 'supported', centre_periphery: 'undecided', fpg: 'untested' });
  assert.deepEqual(verdictsOf(r.report)[`${Y2007}@2007`], { clan: 'weakened', centre_periphery: 'weakened', fpg: 'supported' });
});

test('check: Bayes gives posteriors and weights of evidence', { skip: where.skip }, () => {
  const r = engine.call(base({ command: 'check', factsets: [Y2007], bayes: true }));
  assert.equal(r.report.bayes, true);
  const fpg = r.report.factsets[0].hypotheses.find((h) => h.name === 'fpg');
  assert.ok(fpg.posterior > 0.99 && fpg.posterior < 1);
  assert.ok(r.report.factsets[0].claims.some((c) => c.links.some((l) => typeof l.weight_db === 'number')));
});

test('check: a switched-off row and a parameter move a verdict', { skip: where.skip }, () => {
  const params = { entrenched_years: '7.5' };
  let r = engine.call(base({ command: 'check', factsets: [COUNTER], params }));
  assert.equal(verdictsOf(r.report)[COUNTER].centre_periphery, 'confirmed');
  const path = `${COUNTER}/akim_term.csv`;
  const without = files[path].split('\n').filter((line) => !line.startsWith('zhakupov,')).join('\n');
  r = engine.call({ ...base({ command: 'check', factsets: [COUNTER], params }), files: { ...files, [path]: without } });
  assert.equal(verdictsOf(r.report)[COUNTER].centre_periphery, 'weakened');
});

test('flip: names the fact whose removal moves a verdict', { skip: where.skip }, () => {
  const r = engine.call(base({ command: 'flip', factset: COUNTER, hypothesis: 'centre_periphery', params: { entrenched_years: '7.5' }, budget: 2000 }));
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  assert.equal(r.before, 'confirmed');
  assert.equal(r.after, 'weakened');
  assert.deepEqual(r.removed, [ZHAKUPOV]);
  assert.equal(typeof r.text, 'string');
});

test('explain: a claim\'s instances with proofs down to fact file rows', { skip: where.skip }, () => {
  const r = engine.call(base({ command: 'explain', factset: Y2007, target: 'claim:rakhatgate_sidelined_kin' }));
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  const e = r.explanation;
  assert.equal(e.claim, 'rakhatgate_sidelined_kin');
  assert.deepEqual(e.instances.map((i) => i.binding.p).slice(0, 2), ['aliev', 'kulibaev']);
  const leaves = [];
  const walk = (p) => (p.children.length ? p.children.forEach(walk) : leaves.push(p));
  e.instances[0].proofs.forEach(walk);
  assert.ok(leaves.some((p) => p.kind === 'input' && p.location === `${Y2007}/sidelined.csv:5`));
});

test('explain: an atom that is not derived gives a why-not', { skip: where.skip }, () => {
  const r = engine.call(base({ command: 'explain', factset: Y2007, target: 'rotated("nobody")' }));
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  assert.equal(r.explanation.derived, false);
  assert.ok(r.explanation.attempts.length >= 1);
});

test('robustness: the counterfactual\'s confirmation is fragile', { skip: where.skip }, () => {
  const r = engine.call(base({ command: 'robustness', factsets: [COUNTER] }));
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  const cp = r.report.factsets[0].hypotheses.find((h) => h.hypothesis === 'centre_periphery');
  assert.equal(cp.fragile, true);
  assert.ok(cp.changes.some((c) => c.kind === 'weaken_link' && c.claim === 'strongman_challenged_centre'));
});

test('sweep: a parameter over its declared range', { skip: where.skip }, () => {
  const r = engine.call(base({ command: 'sweep', factset: Y2007, param: 'tenure_limit' }));
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  assert.deepEqual(r.hypotheses, ['clan', 'centre_periphery', 'fpg']);
  assert.equal(r.rows.length, 9);  // 2.5 .. 4.5 step 0.25
  for (const row of r.rows) assert.equal(row.verdicts.length, 3);
});

test('graph and diff', { skip: where.skip }, () => {
  const g = engine.call(base({ command: 'graph', factset: Y2007 }));
  assert.equal(g.ok, true);
  assert.match(g.dot, /^(strict )?digraph/);
  const b = { ...files };
  for (const p of Object.keys(files)) if (/^kazakhstan\/[^/]+\.kz$/.test(p)) b[p.replace('kazakhstan/', 'encoding-b/')] = files[p];
  b['encoding-b/claims.kz'] = files['kazakhstan/claims.kz'].replace('supports centre_periphery as smoking_gun', 'supports centre_periphery as straw');
  const d = engine.call({ command: 'diff', files: b, rules_a: 'kazakhstan', rules_b: 'encoding-b', factsets: [COUNTER] });
  assert.equal(d.ok, true, JSON.stringify(d.diagnostics));
  assert.equal(d.report.differences.length, 1);
  const cp = d.report.factsets[0].verdicts.find((v) => v.hypothesis === 'centre_periphery');
  assert.deepEqual([cp.a, cp.b, cp.differs], ['confirmed', 'weakened', true]);
  assert.match(d.text, /smoking_gun -> straw/);
});

test('malformed requests give ok:false with a diagnostic', { skip: where.skip }, () => {
  for (const text of ['not json', '[1, 2]', '{"command": "check"}', '{"command": "nonsense", "files": {}}',
    JSON.stringify({ command: 'check', files: { '../x.kz': '' }, rules: '../x.kz' })]) {
    const r = JSON.parse(engine.raw(text));
    assert.equal(r.ok, false, text);
    assert.ok(r.diagnostics.length >= 1, text);
    assert.match(r.diagnostics[0].code, /^E\d{4}$/, text);
  }
  const r = engine.call(base({ command: 'check', factsets: ['kazakhstan/facts/nowhere'] }));
  assert.equal(r.ok, false);
});
