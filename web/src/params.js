// The argument's .params as sliders (over the range each declares) or number inputs,
// re-checking with the student's value; and, per parameter, a sweep over its range that
// shows where each verdict flips.
import { h, fill, shortFactset } from './dom.js';
import { describeResult } from './app.js';

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

// Digits after the point of a decimal as written ("2.50" -> 2, "7" -> 0, 1e-7 -> 7).
export function decimalsOf(x) {
  const m = /^[-+]?\d*(?:\.(\d+))?(?:e([-+]?\d+))?$/i.exec(String(x).trim());
  return m ? Math.max(0, (m[1] || '').length - Number(m[2] || 0)) : 0;
}

// x as a plain decimal with at most maxDecimals digits after the point and at least
// minDecimals (trailing zeros dropped down to it): the engine takes plain decimals only,
// and a float's own text (0.44999999999999996, 1e-7) is not what the student chose.
export function exactDecimal(x, maxDecimals, minDecimals = 0) {
  let text = Number(x).toFixed(maxDecimals);
  if (maxDecimals > minDecimals) {
    const keep = text.length - (maxDecimals - minDecimals);
    text = text.slice(0, keep) + text.slice(keep).replace(/0+$/, '');
    if (text.endsWith('.')) text = text.slice(0, -1);
  }
  return text.replace(/^-(?=0(\.0*)?$)/, '');  // no "-0"
}

// A step of 1, 2 or 5 times a power of ten, near x.
function roundStep(x) {
  const power = Math.floor(Math.log10(x));
  const m = x / 10 ** power;
  const [mult, p] = m < 1.5 ? [1, power] : m < 3.5 ? [2, power] : m < 7.5 ? [5, power] : [1, power + 1];
  return { step: mult * 10 ** p, decimals: Math.max(0, -p) };
}

// The --param text of a sweep around a parameter that declares no range: eleven values,
// from half its size below it to half above, as exact decimals at the step's precision
// (and the value's own), integers for an integer parameter.
export function sweepAround(name, valueText, integer) {
  const value = Number(valueText);
  const half = value ? Math.abs(value) / 2 : 1;
  let { step, decimals } = roundStep(half / 5);
  if (integer) [step, decimals] = [Math.max(1, Math.round(step)), 0];
  else decimals = Math.max(decimals, decimalsOf(valueText));
  const at = (x) => exactDecimal(x, decimals, decimals);
  return `${name}=${at(value - 5 * step)}:${at(value + 5 * step)}:${at(step)}`;
}

const isInteger = (written) => /^-?\d+$/.test(String(written).trim());

export function paramPanel(root, app) {
  const table = h('div', {});
  const sweepOut = h('div', { class: 'sweep-out', id: 'sweep-out' });
  fill(root, table, sweepOut);
  // One sweep shown at a time: the answer to an older one is dropped.
  let sweepGeneration = 0;
  const sweepTicket = () => ++sweepGeneration;
  const sweepWanted = (ticket) => ticket === sweepGeneration;
  app.on('argument', () => { sweepTicket(); fill(sweepOut); });
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
        const format = (v) => formatLike(v, written, info.range.step);
        control = h('input', {
          type: 'range', min: info.range.lo, max: info.range.hi, step: info.range.step, value: Number(current),
          dataset: { param: p.name }, 'aria-label': p.name,
          oninput: (e) => { valueLabel.textContent = format(e.target.value); },
          onchange: (e) => set(format(e.target.value)),
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
          numeric ? h('button', {
            class: 'sweep-button', dataset: { param: p.name }, title: 'verdicts at each value of the range',
            onclick: () => sweep(app, sweepOut, { name: p.name, range: info.range, current, integer: isInteger(written) }, sweepTicket(), sweepWanted),
          }, 'sweep') : null));
    })));
  };
  app.on('diagnostics', render);
  app.on('argument', render);
  app.on('report', render);
  render();
}

// A slider's value as the parameter is written: an integer parameter stays an integer
// ("2001", not "2001.0"); a float keeps its point, with the digits of its step at most.
export function formatLike(v, written, step = 0) {
  if (isInteger(written)) return String(Math.round(Number(v)));
  const least = Math.max(1, decimalsOf(written));
  return exactDecimal(v, Math.max(least, decimalsOf(step)), least);
}

// The verdicts of the selected fact set at each value of a parameter: its declared
// range, or around its value when it declares none. ticket/wanted: whether this sweep is
// still the one to show when its answer comes.
async function sweep(app, out, { name, range, current, integer }, ticket, wanted) {
  const fsName = app.current;
  const title = `Sweep ${name} on ${shortFactset(fsName)}`;
  fill(out, h('h3', {}, title), h('p', { class: 'busy' }, h('span', { class: 'spinner' }), ' checking at each value… ',
    h('button', { class: 'stop', onclick: () => app.stopAnalysis() }, 'stop')));
  const request = { command: 'sweep', factset: fsName, param: range ? name : sweepAround(name, current, integer) };
  if (app.asOf) request.as_of = [app.asOf];
  // The swept parameter takes each value; the others keep the student's values.
  const result = await app.analyse(request);
  if (!wanted(ticket)) return;
  if (!result.response || !result.response.ok) return fill(out, h('h3', {}, title), h('p', { class: 'error' }, describeResult(result)));
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
