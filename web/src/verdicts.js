// The verdict matrix: fact sets by hypotheses, from the last check's report. A verdict
// that moved with the last change is marked with what it was, because watching verdicts
// move is the point of the workbench. Clicking a cell asks what single change would move it.
import { h, fill, shortFactset } from './dom.js';
import { factsetPath } from './app.js';

export function verdictMatrix(root, app, { onCell }) {
  // A check stopped at a limit: said above the last verdicts (greyed), until a check ends.
  let stopped = null;
  const stoppedNote = () => stopped && h('p', { class: 'error', id: 'check-limit' }, stopped,
    app.report ? ' — the verdicts below are those of the last check that ended.' : '');
  const render = () => {
    const report = app.report;
    if (!report) return fill(root, stoppedNote() || h('p', { class: 'muted' }, 'Checking…'));
    const hypotheses = report.hypotheses.map((x) => x.name);
    const table = h('table', { id: 'verdicts', class: 'matrix verdicts' },
      h('thead', {}, h('tr', {},
        h('th', {}, 'fact set'),
        hypotheses.map((name) => h('th', { title: report.hypotheses.find((x) => x.name === name).text }, name)),
        h('th', {}, 'supports'))),
      h('tbody', {}, report.factsets.map((fs) => {
        const path = factsetPath(fs.name);
        return h('tr', { class: path === app.current ? 'current' : '' },
          h('th', { class: 'factset-name', title: fs.name + ' — click to look at this fact set', onclick: () => app.select(path) },
            shortFactset(fs.name)),
          fs.hypotheses.map((hyp) => {
            const before = app.previousVerdicts.get(fs.name + '|' + hyp.name);
            const moved = before && before !== hyp.verdict;
            return h('td', {
              class: `verdict v-${hyp.verdict}` + (moved ? ' moved' : ''),
              dataset: { factset: fs.name, hypothesis: hyp.name, verdict: hyp.verdict },
              title: `${hyp.name} on ${fs.name}: ${hyp.verdict}, score ${hyp.score}` + (moved ? ` (was ${before})` : '') + '\nClick: which single change would move it?',
              onclick: () => onCell(fs, hyp),
            }, hyp.verdict,
            hyp.posterior !== null && hyp.posterior !== undefined ? h('span', { class: 'posterior' }, ` ${(hyp.posterior * 100).toFixed(1)}%`) : null,
            moved ? h('span', { class: 'was' }, `was ${before}`) : null);
          }),
          h('td', { class: 'supports' }, fs.supports.length ? fs.supports.join(', ') : 'none'));
      })));
    const statements = h('details', { class: 'hypotheses' }, h('summary', {}, 'the hypotheses'),
      h('dl', {}, report.hypotheses.map((x) => [h('dt', {}, x.name), h('dd', {}, x.text, x.source ? h('div', { class: 'muted' }, x.source) : null)])));
    fill(root, stoppedNote(), h('div', { class: 'verdict-row' }, table, statements));
  };
  const clearedThen = (fn) => () => { stopped = null; fn(); };
  app.on('report', clearedThen(render));
  app.on('select', render);
  app.on('argument', clearedThen(render));  // the last argument's verdicts are not this one's
  // With no verdicts yet (a newly opened argument that does not check), say why.
  const noVerdicts = (diagnostics) => {
    if (app.report) return;
    const d = diagnostics.find((x) => x.severity === 'error') || diagnostics[0];
    fill(root, h('p', { class: 'error', id: 'verdicts-error' }, 'No verdicts: ',
      d ? `${d.file ? `${d.file}:${d.line}: ` : ''}${d.message} [${d.code}]` : 'the engine refused the argument'));
  };
  app.on('check-failed', ({ diagnostics, limit, message }) => {
    stopped = limit ? message : null;
    if (limit) render(); else noVerdicts(diagnostics);
  });
  app.on('diagnostics', ({ ok, diagnostics }) => { if (!ok) noVerdicts(diagnostics); });
  render();
}
