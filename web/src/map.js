// The argument map of the selected fact set, laid out by Graphviz (@viz-js/viz, in
// WebAssembly) from the DOT that mapdot.js builds, with a legend, a filter to one
// hypothesis, zoom, and a step-by-step reveal for teaching: the hypotheses first, then
// one claim at a time with its links, in the order the argument states them.
import { instance } from '@viz-js/viz';
import { h, fill } from './dom.js';
import { argumentDot, claimId, hypothesisId, OUTCOME_STYLE, LINK_COLOR, VERDICT_FILL } from './mapdot.js';

let vizPromise = null;
const viz = () => (vizPromise ??= instance());

export function argumentMap(root, app, { onClaim, onHypothesis }) {
  let only = '';
  let step = null;       // null: everything shown; k: the hypotheses and the first k claims
  let zoom = 1;
  let order = [];        // claim names in the argument's order
  let dirty = true;
  let visible = false;

  const canvas = h('div', { class: 'map-canvas', id: 'map-canvas' });
  const stepLabel = h('span', { class: 'step-label' });
  const hypothesisSelect = h('select', { onchange: (e) => { only = e.target.value; step = null; dirty = true; render(); } });
  const toolbar = h('div', { class: 'map-tools' },
    h('label', {}, 'show ', hypothesisSelect),
    h('span', { class: 'group' },
      h('button', { id: 'map-start', onclick: () => setStep(0), title: 'Start the reveal: hypotheses only' }, '◀◀ hypotheses'),
      h('button', { id: 'map-prev', onclick: () => setStep(step === null ? order.length - 1 : Math.max(0, step - 1)) }, '◀ prev'),
      h('button', { id: 'map-next', onclick: () => setStep(step === null ? 0 : step + 1) }, 'next ▶'),
      h('button', { id: 'map-all', onclick: () => setStep(null) }, 'all')),
    h('span', { class: 'group' },
      h('button', { onclick: () => setZoom(zoom / 1.25), title: 'zoom out' }, '−'),
      h('button', { onclick: () => setZoom(1), title: 'actual size' }, '100%'),
      h('button', { onclick: () => setZoom(zoom * 1.25), title: 'zoom in' }, '+'),
      h('button', { onclick: fitWidth, title: 'fit the width' }, 'fit')),
    stepLabel);
  fill(root, toolbar, legend(), canvas);

  function setZoom(z) {
    zoom = Math.max(0.2, Math.min(3, z));
    const svg = canvas.querySelector('svg');
    if (svg) svg.style.transform = `scale(${zoom})`, svg.style.transformOrigin = '0 0', canvas.style.setProperty('--zoom', zoom);
    sizeCanvas();
  }

  function fitWidth() {
    const svg = canvas.querySelector('svg');
    if (svg) setZoom((canvas.clientWidth - 20) / svg.getBBox().width);
  }

  function sizeCanvas() {
    const svg = canvas.querySelector('svg');
    if (!svg) return;
    const inner = canvas.querySelector('.map-inner');
    inner.style.width = `${svg.width.baseVal.value * zoom}px`;
    inner.style.height = `${svg.height.baseVal.value * zoom}px`;
  }

  // Scrolls the map (only the map, not the page) so that a node is in its middle.
  function centerOn(g, smooth = true) {
    if (!g) return;
    const box = canvas.getBoundingClientRect();
    const r = g.getBoundingClientRect();
    canvas.scrollTo({
      top: canvas.scrollTop + r.top - box.top - (canvas.clientHeight - r.height) / 2,
      left: canvas.scrollLeft + r.left - box.left - (canvas.clientWidth - r.width) / 2,
      behavior: smooth ? 'smooth' : 'auto',
    });
  }

  function setStep(k) {
    step = k === null || k >= order.length ? null : k;
    applyStep();
  }

  function applyStep() {
    const shown = new Set(step === null ? order : order.slice(0, step));
    for (const g of canvas.querySelectorAll('g.node.claim, g.edge.link')) {
      const claim = g.dataset.claim;
      g.classList.toggle('hidden', !shown.has(claim));
      g.classList.toggle('latest', step !== null && step > 0 && claim === order[step - 1]);
    }
    // The claim just revealed is brought into view: the map is taller than the screen.
    const latest = step ? canvas.querySelector(`#${CSS.escape(claimId(order[step - 1]))}`) : null;
    if (latest) centerOn(latest);
    else if (step === 0) centerOn(canvas.querySelector('g.node.hypothesis'));
    stepLabel.textContent = step === null ? `${order.length} claims` : step === 0 ? 'hypotheses' : `claim ${step} of ${order.length}: ${order[step - 1]}`;
  }

  async function render() {
    if (!visible || !dirty) return;
    const fs = app.currentReport();
    if (!fs) return;
    dirty = false;
    const hyps = app.report.hypotheses;
    if (only && !hyps.some((x) => x.name === only)) only = '';
    fill(hypothesisSelect, h('option', { value: '' }, 'every hypothesis'), hyps.map((x) => h('option', { value: x.name, selected: x.name === only }, x.name)));
    const dot = argumentDot(hyps, fs, { only: only || null });
    let svg;
    try {
      svg = (await viz()).renderSVGElement(dot);
    } catch (error) {
      fill(canvas, h('pre', { class: 'error' }, 'Graphviz could not draw the map: ' + error));
      return;
    }
    order = fs.claims.filter((c) => svg.querySelector(`#${CSS.escape(claimId(c.name))}`)).map((c) => c.name);
    // Tag every claim node and link edge with its claim, for the reveal and for clicks.
    for (const c of order) svg.querySelector(`#${CSS.escape(claimId(c))}`).dataset.claim = c;
    for (const g of svg.querySelectorAll('g.edge')) {
      const m = /^link-(.*)-([^-]*)$/.exec(g.id);
      if (m) g.dataset.claim = m[1];
      g.classList.add('link');
    }
    for (const g of svg.querySelectorAll('g.node')) {
      if (g.id.startsWith('claim-')) {
        g.classList.add('claim');
        g.addEventListener('click', () => onClaim(fs, fs.claims.find((c) => c.name === g.dataset.claim)));
      } else if (g.id.startsWith('hyp-')) {
        g.addEventListener('click', () => onHypothesis(fs, g.id.slice(hypothesisId('').length)));
      }
    }
    fill(canvas, h('div', { class: 'map-inner' }, svg));
    if (step !== null && step > order.length) step = null;
    setZoom(zoom);
    applyStep();
    // One hypothesis alone: its node is where the claims meet, so start there.
    if (only) centerOn(svg.querySelector('g.node.hypothesis'), false);
  }

  app.on('report', () => { dirty = true; render(); });
  app.on('select', () => { dirty = true; step = null; render(); });
  app.on('argument', () => { dirty = true; step = null; fill(canvas); });  // not this argument's map
  return {
    show() { visible = true; render(); },
    hide() { visible = false; },
    setStep, fitWidth,
    ready: () => viz(),
  };
}

function legend() {
  const swatch = (fillColour, border, dash) => h('span', { class: 'swatch', style: { background: fillColour, borderColor: border, borderStyle: dash } });
  const line = (colour, style, width, head) => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', '46'); svg.setAttribute('height', '12');
    const dash = style === 'dashed' ? 'stroke-dasharray="5,3"' : '';
    svg.innerHTML = `<line x1="2" y1="6" x2="${head === 'tee' ? 40 : 36}" y2="6" stroke="${colour}" stroke-width="${width}" ${dash}/>` +
      (head === 'tee' ? `<line x1="41" y1="1" x2="41" y2="11" stroke="${colour}" stroke-width="2"/>` : `<polygon points="36,2 44,6 36,10" fill="${colour}"/>`);
    return svg;
  };
  const grey = '#57606a';
  return h('div', { class: 'legend' },
    h('span', { class: 'legend-group' }, h('b', {}, 'claim: '),
      Object.entries(OUTCOME_STYLE).map(([name, s]) => h('span', { class: 'legend-item' }, swatch(s.fill, s.border, s.style.includes('dashed') ? 'dashed' : s.style.includes('dotted') ? 'dotted' : 'solid'), name))),
    h('span', { class: 'legend-group' }, h('b', {}, 'test: '),
      h('span', { class: 'legend-item' }, line(LINK_COLOR.passed, 'solid', 1.5), 'passed'),
      h('span', { class: 'legend-item' }, line(LINK_COLOR.failed, 'solid', 1.5), 'failed'),
      h('span', { class: 'legend-item' }, line(LINK_COLOR.uncounted, 'solid', 1.5), 'not counted')),
    h('span', { class: 'legend-group' }, h('b', {}, 'line: '),
      h('span', { class: 'legend-item' }, line(grey, 'dashed', 1.2), 'straw'),
      h('span', { class: 'legend-item' }, line(grey, 'solid', 1.6), 'hoop'),
      h('span', { class: 'legend-item' }, line(grey, 'solid', 3.5), 'smoking gun / doubly decisive (double)'),
      h('span', { class: 'legend-item' }, line(grey, 'solid', 1.5, 'normal'), '+ supports'),
      h('span', { class: 'legend-item' }, line(grey, 'solid', 1.5, 'tee'), '− opposes')),
    h('span', { class: 'legend-group' }, h('b', {}, 'verdict: '),
      Object.entries(VERDICT_FILL).map(([name, colour]) => h('span', { class: 'legend-item' }, swatch(colour, '#57606a', 'solid'), name))));
}
