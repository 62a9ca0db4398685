// The workbench's state and its conversations with the engine. Panels read the state and
// listen for events; they change it only through these methods, so that every change of
// the argument ends in one place: a new check whose verdicts the panels show.
import { Argument } from './argument.js';
import { debounce } from './dom.js';

const DIAGNOSE_DELAY_MS = 300;

// Bounds on every request, so that rules that never stop (n(x + 1) :- n(x).) end in a
// message instead of a lane that never answers. The engine's timeout bounds a request's
// evaluations all together. The live lane follows typing: seconds. The analysis lane's
// searches run hundreds of evaluations: minutes, and its Stop button ends one sooner.
export const LIMITS = {
  live: { timeout: 10, max_tuples: 20000000 },
  analysis: { timeout: 300, max_tuples: 20000000 },
};

const noMeta = () => ({ relations: [], hypotheses: [], params: [] });

export class App extends EventTarget {
  constructor(engine, corpusFiles) {
    super();
    this.engine = engine;
    this.corpusFiles = corpusFiles;    // the argument as shipped: the baseline of "compare"
    this.params = {};                  // name -> value text, the student's overrides
    this.asOf = null;                  // a year (text) or null: the fact sets as they stand
    this.bayes = false;
    this.report = null;                // the last check's report (kzrules check --format json)
    this.previousVerdicts = new Map(); // "factset|hypothesis" -> verdict before the last change
    this.meta = noMeta();
    this.rulesOk = true;
    this.timings = [];                 // every check: {engineMs, roundMs, elapsedMs}
    // An answer about an older argument (generation: one per argument loaded) is dropped;
    // one about an older state of this argument (revision: one per change) is stale.
    this.generation = 0;
    this.revision = 0;
    this.checksInFlight = 0;
    this.diagnoseSoon = debounce(() => this.diagnose(), DIAGNOSE_DELAY_MS);
    this.setArgument(new Argument(corpusFiles));
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  on(type, fn) {
    this.addEventListener(type, (event) => fn(event.detail));
  }

  setArgument(argument) {
    this.generation++;
    this.diagnoseSoon.cancel();
    this.argument = argument;
    this.current = argument.factsets[0].path;
    this.params = {};
    this.report = null;
    this.warnings = [];
    this.previousVerdicts.clear();
    this.meta = noMeta();  // what diagnose found in the rules before: not these rules
    this.rulesOk = true;
    this.changed();
    this.emit('argument', argument);
  }

  // Every change of what the engine would answer goes through here.
  changed() {
    this.revision++;
    this.emit('changed', this.revision);
  }

  // The request fields every command shares: the argument and the student's settings.
  base(extra = {}) {
    const request = { files: this.argument.engineFiles(), rules: this.argument.rulesDir, ...extra };
    if (Object.keys(this.params).length) request.params = { ...this.params };
    return request;
  }

  // A request as it stands, on a lane, with that lane's limits.
  send(request, { lane = 'live', key = null, replaces } = {}) {
    return this.engine.call({ ...LIMITS[lane], ...request }, { lane, key, replaces });
  }

  status(text, kind = 'info') {
    this.emit('status', { text, kind });
  }

  // ---- the live lane: as the student types and clicks ---------------------------------

  async diagnose() {
    const generation = this.generation;
    // New rules make the check of the old ones pointless (and a check of valid ones follows).
    const result = await this.send(this.base({ command: 'diagnose', factsets: this.argument.factsetPaths }),
      { key: 'diagnose', replaces: ['diagnose', 'check'] });
    if (!result.response || generation !== this.generation) return;
    const r = result.response;
    const diagnostics = r.diagnostics || [];
    this.rulesOk = r.ok && r.program_ok && !diagnostics.some((d) => d.severity === 'error');
    if (r.ok && r.program_ok) this.meta = { relations: r.relations, hypotheses: r.hypotheses, params: r.params };
    this.emit('diagnostics', { diagnostics, ok: this.rulesOk, meta: this.meta });
    if (this.rulesOk) return this.check();
    else this.status(`The rules have ${diagnostics.filter((d) => d.severity === 'error').length} error(s): verdicts are those of the last valid rules`, 'error');
  }

  async check() {
    const generation = this.generation;
    const request = this.base({ command: 'check', factsets: this.argument.factsetPaths, bayes: this.bayes });
    if (this.asOf) request.as_of = [this.asOf];
    this.checking(+1);
    const result = await this.send(request, { key: 'check' });
    this.checking(-1);
    if (result.superseded || generation !== this.generation) return;
    if (!result.response) return this.status('The engine stopped', 'error');
    const r = result.response;
    if (!r.ok) {
      const message = describeFailure(r, result.engineMs);
      this.emit('check-failed', { diagnostics: r.diagnostics || [], limit: !!r.limit, message });
      return this.status(message, 'error');
    }
    const timing = { engineMs: result.engineMs, roundMs: result.roundMs, elapsedMs: r.elapsed_ms };
    this.timings.push(timing);
    // Logged so a test (or a teacher) can record how long a check takes in this browser.
    console.log(`kzrules check: ${timing.engineMs.toFixed(1)} ms in the engine call (engine's own elapsed_ms ${Number(r.elapsed_ms).toFixed(1)}), ${timing.roundMs.toFixed(1)} ms round trip`);
    if (this.report) this.previousVerdicts = verdictMap(this.report);
    this.report = r.report;
    this.warnings = r.warnings || [];
    this.lastTiming = timing;
    this.emit('report', r.report);
    this.status('', 'ok');  // the time is shown beside; an old error must go
  }

  // 'checking' is on while any check is out, superseded ones included.
  checking(delta) {
    const before = this.checksInFlight;
    this.checksInFlight += delta;
    if (!before !== !this.checksInFlight) this.emit('checking', this.checksInFlight > 0);
  }

  // A claim's proofs or an atom's (target "claim:NAME" or an atom), on the fact set seen
  // as of a date (by default the page's), as the verdicts see it.
  explain(factset, target, asOf = this.asOf) {
    const request = this.base({ command: 'explain', factset, target });
    if (asOf) request.as_of = [String(asOf)];
    return this.send(request, { key: 'explain' });
  }

  // ---- changes to the argument ---------------------------------------------------------

  editRule(path, text) {
    this.argument.setRule(path, text);
    this.changed();
    this.diagnoseSoon();
  }

  factsChanged() {
    this.changed();
    this.emit('facts', this.argument);
    this.check();
  }

  setParam(name, value) {
    if (value === null || value === undefined) delete this.params[name];
    else this.params[name] = String(value);
    this.changed();
    this.check();
  }

  setAsOf(year) {
    this.asOf = year ? String(year) : null;
    this.changed();
    this.emit('as-of', this.asOf);
    this.check();
  }

  setBayes(on) {
    this.bayes = on;
    this.changed();
    this.check();
  }

  select(factsetPath) {
    this.current = factsetPath;
    this.emit('select', factsetPath);
  }

  // The report's fact set for the selected folder ("…/2007" or "…/2007@1996").
  currentReport() {
    if (!this.report) return null;
    return this.report.factsets.find((f) => factsetPath(f.name) === this.current) || this.report.factsets[0];
  }

  attributesOf(relation) {
    const r = this.meta.relations.find((x) => x.name === relation);
    return r ? r.attributes.map((a) => a.name) : null;
  }

  // ---- the analysis lane: searches that may take seconds -------------------------------

  analyse(extra) {
    return this.send(this.base(extra), { lane: 'analysis' });
  }

  stopAnalysis() {
    this.engine.stopAnalysis();
  }
}

export function factsetPath(reportName) {
  const at = reportName.lastIndexOf('@');
  return at < 0 ? reportName : reportName.slice(0, at);
}

export function verdictMap(report) {
  const map = new Map();
  for (const fs of report.factsets) for (const h of fs.hypotheses) map.set(fs.name + '|' + h.name, h.verdict);
  return map;
}

// engineMs: how long the engine ran, for a request it stopped at a limit.
export function describeFailure(response, engineMs = null) {
  const d = (response.diagnostics || [])[0];
  if (response.limit) return limitMessage(d, engineMs);
  if (!d) return 'The engine refused the request';
  const where = d.file ? `${d.file}:${d.line}:${d.column}: ` : '';
  return `${where}${d.message} [${d.code}]`;
}

// A time or tuple limit: most often rules that derive new values for ever.
export function limitMessage(d, engineMs = null) {
  const after = engineMs === null || engineMs === undefined ? '' : ` after ${(engineMs / 1000).toFixed(1)} s`;
  return `Stopped${after}: the rules may not terminate` + (d ? ` (${d.message} [${d.code}])` : '');
}

// What a panel says for an engine call that brought no answer it can show.
export function describeResult(result) {
  return result.stopped ? 'Stopped.' : describeFailure(result.response, result.engineMs);
}
