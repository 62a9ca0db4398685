// Time: the fact sets seen as of a year (check --as-of), with a slider over the years of
// the corpus, and a strip of each hypothesis's verdict year by year.
import { h, fill, shortFactset } from './dom.js';
import { describeResult } from './app.js';

export const FIRST_YEAR = 1991;
export const LAST_YEAR = 2009;

export function timeline(root, app) {
  const years = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(y);
  const label = h('output', { class: 'as-of-label', id: 'as-of-label' }, 'all facts');
  const slider = h('input', {
    type: 'range', min: FIRST_YEAR, max: LAST_YEAR + 1, step: 1, value: LAST_YEAR + 1, id: 'as-of', 'aria-label': 'as of year',
    oninput: (e) => { label.textContent = text(Number(e.target.value)); },
    onchange: (e) => { const y = Number(e.target.value); app.setAsOf(y > LAST_YEAR ? null : y); },
  });
  const strip = h('div', { class: 'strip' });
  const text = (y) => (y > LAST_YEAR ? 'all facts' : `as of ${y}`);
  fill(root,
    h('div', { class: 'timeline' },
      h('span', {}, 'Time: '), h('span', { class: 'muted' }, FIRST_YEAR), slider, h('span', { class: 'muted' }, 'all'), ' ', label, ' ',
      h('button', { id: 'strip-button', onclick: () => yearByYear(), title: 'check every year at once' }, 'year by year…')),
    strip);

  // One strip at a time: the answer to an older request is dropped, and so is any for
  // an argument no longer loaded.
  let generation = 0;
  app.on('argument', () => { generation++; fill(strip); });

  app.on('as-of', (y) => {
    slider.value = y ? Number(y) : LAST_YEAR + 1;
    label.textContent = text(Number(slider.value));
  });

  async function yearByYear() {
    const path = app.current;
    const ticket = ++generation;
    fill(strip, h('p', { class: 'busy' }, h('span', { class: 'spinner' }), ` checking ${shortFactset(path)} as of each year ${FIRST_YEAR}–${LAST_YEAR}…`));
    const result = await app.analyse({ command: 'check', factsets: [path], as_of: years.map(String) });
    if (ticket !== generation) return;
    if (!result.response || !result.response.ok) return fill(strip, h('p', { class: 'error' }, describeResult(result)));
    const report = result.response.report;
    const hyps = report.hypotheses.map((x) => x.name);
    fill(strip,
      h('table', { class: 'matrix strip-table', id: 'year-strip' },
        h('thead', {}, h('tr', {}, h('th', {}, shortFactset(path)), report.factsets.map((fs) => h('th', {},
          h('button', { class: 'link', title: `check as of ${fs.as_of}`, onclick: () => app.setAsOf(fs.as_of) }, `'${String(fs.as_of).slice(2)}`))))),
        h('tbody', {}, hyps.map((name) => h('tr', {}, h('th', {}, name), report.factsets.map((fs) => {
          const v = fs.hypotheses.find((x) => x.name === name).verdict;
          return h('td', { class: `verdict v-${v} small`, title: `${name} as of ${fs.as_of}: ${v}`, dataset: { verdict: v } }, v.slice(0, 4));
        }))))),
      h('button', { class: 'link', onclick: () => fill(strip) }, 'close'));
  }
}
