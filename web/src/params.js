// The argument's .params as sliders (over the range each declares) or number inputs,
// re-checking with the student's value; and, per parameter, a sweep over its range that
// shows where each verdict flips.
import { h, fill, shortFactset } from './dom.js';
import { describeFailure } from './app.js';

// .param NAME = VALUE [range LO .. HI step S], read from the rules' text: the engine's
// diagnose names the parameters and their values, the text gives their ranges.
export function paramRanges(text) {
  const ranges = new Map();
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const re = /\.param\s+([A-Za-z_]\w*)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s]+)(?:\s+range\s+(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s+step\s+([\d.]+))?/g;
  for (const m of clean.matchAll(re)) {
    ranges.set(m[1], { value: m[2], range: m[3] !== undefined ? { lo: Number(m[3]), hi: Number(m[4]), step: Number(m[5]) } : null });
  }
  return ranges;
}

export function paramPanel(root, app) {
  const table = h('div', {});
  const sweepOut = h('div', { class: 'sweep-out', id: 'sweep-out' });
  fill(root, table, sweepOut);
  const render = () => {
    const ranges = paramRanges(app.argument.rulesText());
    const params = app.meta.params.length ? app.meta.params : [...ranges.entries()].map(([name, p]) => ({ name, value: p.value }));
    if (!params.length) return fill(table, h('p', { class: 'muted' }, 'This argument declares no .param.'));
    fill(table, h('table', { class: 'params' }, params.map((p) => {
      const info = ranges.get(p.name) || { range: null };
      const declared = p.value;
      // The engine prints 5.0 as "5"; the text says whether it is an integer.
      const written = info.value ?? declared;
      const current = app.params[p.name] ?? written;
      const numeric = !/^"/.test(declared) && !Number.isNaN(Number(declared));
      const valueLabel = h('output', { class: 'param-value' }, current);
      const set = (v) => { valueLabel.textContent = v; app.setParam(p.name, Number(v) === Number(declared) || v === declared ? null : v); };
      let control;
      if (numeric && info.range) {
        control = h('input', {
          type: 'range', min: info.range.lo, max: info.range.hi, step: info.range.step, value: Number(current),
          dataset: { param: p.name }, 'aria-label': p.name,
          oninput: (e) => { valueLabel.textContent = formatLike(e.target.value, written); },
          onchange: (e) => set(formatLike(e.target.value, written)),
        });
      } else {
        control = h('input', {
          type: numeric ? 'number' : 'text', value: current, dataset: { param: p.name }, 'aria-label': p.name,
          onchange: (e) => set(e.target.value),
        });
      }
      return h('tr', { class: app.params[p.name] !== undefined ? 'changed' : '' },
        h('th', {}, p.name),
        h('td', {}, control),
        h('td', {}, valueLabel),
        h('td', { class: 'muted' }, info.range ? `${info.range.lo} .. ${info.range.hi} step ${info.range.step}; declared ${written}` : `declared ${written}`),
        h('td', {},
          app.params[p.name] !== undefined ? h('button', { onclick: () => app.setParam(p.name, null), title: 'back to the declared value' }, 'reset') : null,
          numeric ? h('button', { class: 'sweep-button', dataset: { param: p.name }, onclick: () => sweep(app, sweepOut, p.name, info.range, Number(current)), title: 'verdicts at each value of the range' }, 'sweep') : null));
    })));
  };
  app.on('diagnostics', render);
  app.on('argument', render);
  app.on('report', render);
  render();
}

// An integer parameter stays an integer ("2001", not "2001.0"); a float keeps a point.
function formatLike(v, declared) {
  const n = Number(v);
  if (/^-?\d+$/.test(declared)) return String(Math.round(n));
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

// The verdicts of the selected fact set at each value of a parameter: its declared
// range, or around its value when it declares none.
async function sweep(app, out, name, range, value) {
  const fsName = app.current;
  const title = `Sweep ${name} on ${shortFactset(fsName)}`;
  fill(out, h('h3', {}, title), h('p', { class: 'busy' }, h('span', { class: 'spinner' }), ' checking at each value… ',
    h('button', { class: 'stop', onclick: () => app.stopAnalysis() }, 'stop')));
  const around = value ? Math.abs(value) / 2 : 1;
  const request = { command: 'sweep', factset: fsName, param: range ? name : `${name}=${value - around}:${value + around}:${around / 5}` };
  if (app.asOf) request.as_of = [app.asOf];
  // The swept parameter takes each value; the others keep the student's values.
  const result = await app.analyse(request);
  if (!result.response || !result.response.ok) return fill(out, h('h3', {}, title), h('p', { class: 'error' }, result.stopped ? 'Stopped.' : describeFailure(result.response)));
  const s = result.response;
  const flips = s.rows.reduce((n, row) => n + row.flipped.filter(Boolean).length, 0);
  fill(out, h('h3', {}, title),
    h('p', { class: 'muted' }, `The verdicts with ${name} at each value${flips ? '; a framed cell is where a verdict changes from the row above' : ': no verdict changes over this range'}. Click a row to use its value.`),
    h('table', { class: 'matrix sweep', id: 'sweep' },
      h('thead', {}, h('tr', {}, h('th', {}, s.param), s.hypotheses.map((x) => h('th', {}, x)), h('th', {}, 'supports'))),
      h('tbody', {}, s.rows.map((row) => h('tr', { class: 'clickable', onclick: () => app.setParam(name, row.value) },
        h('th', {}, String(row.value)),
        row.verdicts.map((v, i) => h('td', { class: `verdict v-${v}` + (row.flipped[i] ? ' flipped' : ''), dataset: { verdict: v } }, v)),
        h('td', {}, row.supports.join(', ') || 'none'))))));
}
