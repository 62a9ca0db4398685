// The ACH matrix (analysis of competing hypotheses) of the selected fact set: claims by
// hypotheses, each cell the link's direction, test and whether it passed; under it each
// hypothesis's verdict, score, what decided it and, with Bayes on, its posterior.
import { h, fill } from './dom.js';

export const TEST_SHORT = { straw: 'straw', straw_in_the_wind: 'straw', hoop: 'hoop', smoking_gun: 'smoking gun', doubly_decisive: 'doubly decisive' };
const OUTCOME_MARK = { holds: '✔ holds', fails: '✘ fails', unknown: '? unknown', vacuous: '∅ vacuous' };

export function linkState(link) {
  return link.passed === true ? 'passed' : link.passed === false ? 'failed' : 'uncounted';
}

export function achMatrix(root, app, { onClaim, onFlip }) {
  let filter = '';
  const render = () => {
    const fs = app.currentReport();
    if (!fs) return fill(root, h('p', { class: 'muted' }, 'Checking…'));
    const hypotheses = app.report.hypotheses.map((x) => x.name);
    const bayes = app.report.bayes;
    const claims = fs.claims.filter((c) => !filter || (c.name + ' ' + c.text).toLowerCase().includes(filter));
    const verdictOf = new Map(fs.hypotheses.map((x) => [x.name, x]));
    const row = (c) => h('tr', { dataset: { claim: c.name } },
      h('th', { class: 'claim-name' },
        h('button', { class: 'link', title: c.text + '\nClick: its instances and their proofs', onclick: () => onClaim(fs, c) }, c.name),
        h('div', { class: 'claim-text' }, c.text)),
      h('td', { class: `outcome o-${c.outcome}`, title: c.not_yet_observable ? `not observable before ${c.observable_from}` : '' },
        OUTCOME_MARK[c.outcome] || c.outcome, c.form ? h('div', { class: 'form' }, c.form) : null),
      hypotheses.map((name) => {
        const link = c.links.find((l) => l.hypothesis === name);
        if (!link) return h('td', { class: 'ach-cell empty' });
        const state = linkState(link);
        return h('td', {
          class: `ach-cell ${link.direction} ${state} t-${link.test}`,
          dataset: { hypothesis: name, test: link.test, direction: link.direction, passed: state },
          title: `${c.name} ${link.direction} ${name} as ${link.test}: ${state}` + (link.because ? `\nbecause ${link.because}` : ''),
        },
        h('span', { class: 'dir' }, link.direction === 'supports' ? '+' : '−'),
        h('span', { class: 'test' }, TEST_SHORT[link.test] || link.test),
        h('span', { class: 'state' }, state === 'passed' ? ' ✔' : state === 'failed' ? ' ✘' : ' ·'),
        bayes && link.weight_db !== null && link.weight_db !== undefined ? h('div', { class: 'db' }, `${link.weight_db > 0 ? '+' : ''}${link.weight_db.toFixed(1)} dB`) : null);
      }));
    const summaryRow = (label, cell) => h('tr', { class: 'summary' }, h('th', {}, label), h('td', {}), hypotheses.map((name) => h('td', {}, cell(verdictOf.get(name), name))));
    fill(root,
      h('div', { class: 'ach-tools' },
        h('input', { type: 'search', placeholder: 'filter claims…', value: filter, oninput: (e) => { filter = e.target.value.toLowerCase(); render(); } }),
        h('span', { class: 'muted' }, ` ${fs.name}${fs.as_of ? ` (as of ${fs.as_of})` : ''} — ${fs.claims.length} claims`)),
      h('table', { id: 'ach', class: 'matrix ach' },
        h('thead', {}, h('tr', {}, h('th', {}, 'claim'), h('th', {}, 'outcome'), hypotheses.map((name) => h('th', { title: app.report.hypotheses.find((x) => x.name === name).text }, name)))),
        h('tbody', { class: 'summary' },
          summaryRow('verdict', (v) => h('span', { class: `verdict v-${v.verdict}`, dataset: { verdict: v.verdict } }, v.verdict)),
          summaryRow('score', (v) => (v.score > 0 ? '+' : '') + v.score),
          summaryRow('decided by', (v) => decidedBy(v)),
          bayes ? summaryRow('posterior', (v) => (v.posterior === null ? '–' : `${(v.posterior * 100).toFixed(2)}%`)) : null,
          summaryRow('', (v, name) => h('button', { class: 'flip-button', dataset: { hypothesis: name }, title: 'Search for the fewest facts whose removal moves this verdict', onclick: () => onFlip(fs, name) }, 'flip…'))),
        h('tbody', { class: 'claims' }, claims.map(row))));
  };
  app.on('report', render);
  app.on('select', render);
  app.on('argument', render);
  render();
}

function decidedBy(v) {
  if (v.decisive && v.decisive.length) return h('span', { class: 'decisive' }, v.decisive.join(', '));
  const parts = [];
  if (v.passed.length) parts.push(h('div', { class: 'passed-list' }, `passed (${v.passed.length}): ${v.passed.join(', ')}`));
  if (v.failed.length) parts.push(h('div', { class: 'failed-list' }, `failed (${v.failed.length}): ${v.failed.join(', ')}`));
  if (v.unknown && v.unknown.length) parts.push(h('div', { class: 'unknown-list' }, `not counted: ${v.unknown.join(', ')}`));
  return h('details', {}, h('summary', {}, parts.length ? `${v.passed.length} passed, ${v.failed.length} failed` : 'no test'), parts);
}
