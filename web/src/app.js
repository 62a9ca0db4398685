// The workbench's state and its conversations with the engine. Panels read the state and
// listen for events; they change it only through these methods, so that every change of
// the argument ends in one place: a new check whose verdicts the panels show.
import { Argument } from './argument.js';
import { debounce } from './dom.js';

const DIAGNOSE_DELAY_MS = 300;

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
    this.meta = { relations: [], hypotheses: [], params: [] };
    this.rulesOk = true;
    this.timings = [];                 // every check: {engineMs, roundMs, elapsedMs}
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
    this.argument = argument;
    this.current = argument.factsets[0].path;
    this.params = {};
    this.report = null;
    this.previousVerdicts.clear();
    this.emit('argument', argument);
  }

  // The request fields every command shares: the argument and the student's settings.
  base(extra = {}) {
    const request = { files: this.argument.engineFiles(), rules: this.argument.rulesDir, ...extra };
    if (Object.keys(this.params).length) request.params = { ...this.params };
    return request;
  }

  status(text, kind = 'info') {
    this.emit('status', { text, kind });
  }

  // ---- the live lane: as the student types and clicks ---------------------------------

  async diagnose() {
    const result = await this.engine.call(
      this.base({ command: 'diagnose', factsets: this.argument.factsetPaths }), { key: 'diagnose' });
    if (!result.response) return;
    const r = result.response;
    const diagnostics = r.diagnostics || [];
    this.rulesOk = r.ok && r.program_ok && !diagnostics.some((d) => d.severity === 'error');
    if (r.ok && r.program_ok) this.meta = { relations: r.relations, hypotheses: r.hypotheses, params: r.params };
    this.emit('diagnostics', { diagnostics, ok: this.rulesOk, meta: this.meta });
    if (this.rulesOk) return this.check();
    else this.status(`The rules have ${diagnostics.filter((d) => d.severity === 'error').length} error(s): verdicts are those of the last valid rules`, 'error');
  }

  async check() {
    const request = this.base({ command: 'check', factsets: this.argument.factsetPaths, bayes: this.bayes });
    if (this.asOf) request.as_of = [this.asOf];
    this.emit('checking', true);
    const result = await this.engine.call(request, { key: 'check' });
    if (result.superseded) return;
    this.emit('checking', false);
    if (!result.response) return this.status('The engine stopped', 'error');
    const r = result.response;
    if (!r.ok) {
      this.emit('check-failed', r.diagnostics || []);
      return this.status(describeFailure(r), 'error');
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

  explain(factset, target) {
    const request = this.base({ command: 'explain', factset, target });
    return this.engine.call(request, { key: 'explain' });
  }

  // ---- changes to the argument ---------------------------------------------------------

  editRule(path, text) {
    this.argument.setRule(path, text);
    this.diagnoseSoon();
  }

  factsChanged() {
    this.emit('facts', this.argument);
    this.check();
  }

  setParam(name, value) {
    if (value === null || value === undefined) delete this.params[name];
    else this.params[name] = String(value);
    this.check();
  }

  setAsOf(year) {
    this.asOf = year ? String(year) : null;
    this.emit('as-of', this.asOf);
    this.check();
  }

  setBayes(on) {
    this.bayes = on;
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

  analyse(request) {
    return this.engine.call(this.base(request), { lane: 'analysis' });
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

export function describeFailure(response) {
  const d = (response.diagnostics || [])[0];
  if (!d) return 'The engine refused the request';
  const where = d.file ? `${d.file}:${d.line}:${d.column}: ` : '';
  return `${where}${d.message} [${d.code}]` + (response.limit ? ' (a resource limit)' : '');
}
