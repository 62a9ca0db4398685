// The workbench page: reads the engine and the corpus inlined into the page, starts the
// engine, lays out the panels and connects them to the app's state.
import { Engine } from './engine.js';
import { App } from './app.js';
import { Argument } from './argument.js';
import { h, fill, shortFactset } from './dom.js';
import { verdictMatrix } from './verdicts.js';
import { achMatrix } from './ach.js';
import { RulesEditor } from './editor.js';
import { factTables } from './facts.js';
import { argumentMap } from './map.js';
import { Details } from './details.js';
import { paramPanel } from './params.js';
import { timeline } from './timeline.js';
import { diffPanel } from './diff.js';
import { readArgumentFiles, writeZip, download, inflateBase64 } from './files.js';

const TABS = [
  ['ach', 'Claims × hypotheses'],
  ['map', 'Argument map'],
  ['rules', 'Rules'],
  ['facts', 'Facts'],
  ['params', 'Parameters'],
  ['compare', 'Compare'],
];

async function boot() {
  const corpus = JSON.parse(document.getElementById('corpus').textContent);
  // ?engine=inline runs the engine on the page's thread, as browsers without blob
  // workers do: for trying that path in any browser.
  const inline = new URLSearchParams(location.search).get('engine') === 'inline';
  const engineSource = inline ? '' : document.getElementById('kz-engine')?.textContent || '';
  const wasmText = document.getElementById('kz-engine-wasm')?.textContent.trim();
  const wasm = wasmText ? inflateBase64(wasmText) : null;  // see build.mjs: the wasm kept apart
  const statusLine = h('span', { class: 'status', id: 'status', role: 'status' }, 'Starting the engine…');
  const root = document.getElementById('app');
  fill(root, h('header', {}, h('h1', {}, 'kzrules workbench'), statusLine));

  let engine;
  try {
    engine = await Engine.create(engineSource, wasm);
  } catch (error) {
    statusLine.textContent = 'The engine could not start: ' + error;
    statusLine.className = 'status error';
    throw error;
  }
  const app = new App(engine, corpus);
  window.kzWorkbench = { app, engine };  // for tests and for the curious, from the console

  // ---- the frame ----
  const label = h('span', { class: 'argument-label', id: 'argument-label' });
  const factsetSelect = h('select', { id: 'factset-select', 'aria-label': 'fact set', onchange: (e) => app.select(e.target.value) });
  const folderInput = h('input', { type: 'file', webkitdirectory: true, multiple: true, id: 'load-folder', onchange: () => load(folderInput) });
  const zipInput = h('input', { type: 'file', accept: '.zip,application/zip', id: 'load-zip', onchange: () => load(zipInput) });
  const bayes = h('input', { type: 'checkbox', id: 'bayes', onchange: (e) => app.setBayes(e.target.checked) });
  const timing = h('span', { class: 'timing', id: 'check-time' });
  const header = h('header', {},
    h('h1', {}, 'kzrules workbench'), label,
    h('label', { class: 'file-button', title: 'a folder holding the .kz rules and fact-set sub-folders' }, 'open folder', folderInput),
    h('label', { class: 'file-button', title: 'a .zip of such a folder' }, 'open .zip', zipInput),
    h('button', { id: 'save-zip', onclick: save, title: 'the argument as it now stands, as a .zip' }, 'save .zip'),
    h('label', {}, 'fact set ', factsetSelect),
    h('label', { title: 'posterior probabilities and weights of evidence (decibans)' }, bayes, ' Bayes'),
    timing, statusLine);

  const verdictBox = h('section', { class: 'verdict-box' });
  const timeBox = h('section', { class: 'time-box' });
  const tabBar = h('nav', { class: 'tabs main-tabs', role: 'tablist' });
  const panels = Object.fromEntries(TABS.map(([id]) => [id, h('section', { class: 'panel', id: `panel-${id}`, hidden: true })]));
  const aside = h('aside', { class: 'details', id: 'details-panel' });
  fill(root, header, h('div', { class: 'layout' },
    h('main', {}, verdictBox, timeBox, tabBar, Object.values(panels)), aside));

  // ---- the panels ----
  const editor = new RulesEditor(h('div', { class: 'editor' }), (path, text) => app.editRule(path, text));
  const problems = h('ul', { class: 'problems', id: 'problems' });
  fill(panels.rules, editor.root, h('h3', {}, 'Diagnostics'), problems);
  const facts = factTables(panels.facts, app);
  const details = new Details(aside, app, { revealLocation, revealRow: (r) => { showTab('facts'); facts.revealRow(r); } });
  verdictMatrix(verdictBox, app, { onCell: (fs, hyp) => details.robustness(fs, hyp) });
  timeline(timeBox, app);
  achMatrix(panels.ach, app, { onClaim: (fs, c) => details.explainClaim(fs, c), onFlip: (fs, name) => details.flip(fs, name) });
  const map = argumentMap(panels.map, app, {
    onClaim: (fs, c) => details.explainClaim(fs, c),
    onHypothesis: (fs, name) => details.robustness(fs, fs.hypotheses.find((x) => x.name === name)),
  });
  paramPanel(panels.params, app);
  diffPanel(panels.compare, app);

  let activeTab = null;
  function showTab(id) {
    activeTab = id;
    for (const [tab, panel] of Object.entries(panels)) panel.hidden = tab !== id;
    for (const b of tabBar.children) b.classList.toggle('active', b.dataset.tab === id);
    if (id === 'map') map.show(); else map.hide();
    if (id === 'rules') editor.view.requestMeasure();
  }
  // On the map, the arrow keys step the reveal (unless the student is typing).
  document.addEventListener('keydown', (event) => {
    if (activeTab !== 'map' || event.target.closest('input, textarea, select, .cm-editor')) return;
    if (event.key === 'ArrowRight') document.getElementById('map-next').click();
    else if (event.key === 'ArrowLeft') document.getElementById('map-prev').click();
  });
  fill(tabBar, TABS.map(([id, title]) => h('button', { class: 'tab', role: 'tab', dataset: { tab: id }, id: `tab-${id}`, onclick: () => showTab(id) }, title)));
  showTab('ach');
  // The verdicts stay in view above the panels; the claims table's header sticks under them.
  new ResizeObserver(() => root.style.setProperty('--verdict-h', `${verdictBox.offsetHeight}px`)).observe(verdictBox);

  function revealLocation(location) {
    const m = /^(.*):(\d+)$/.exec(location);
    if (!m) return;
    if (editor.states.has(m[1])) {
      showTab('rules');
      editor.reveal(m[1], Number(m[2]));
      return;
    }
    const at = app.argument.rowAtLocation(location);
    if (at) {
      if (at.factset.path !== app.current) app.select(at.factset.path);
      showTab('facts');
      facts.revealRow(at);
    }
  }

  function renderProblems(list) {
    fill(problems, list.length ? list.map((d) => h('li', { class: `problem ${d.severity}`, dataset: { code: d.code } },
      h('b', {}, d.code), ' ', d.message, ' ',
      d.file ? h('button', { class: 'link location', onclick: () => revealLocation(`${d.file}:${d.line}`) }, `${d.file}:${d.line}:${d.column}`) : null,
      d.line_text ? h('pre', {}, d.line_text) : null)) : h('li', { class: 'muted' }, 'No errors or warnings.'));
  }

  // ---- wiring ----
  app.on('argument', (argument) => {
    label.textContent = argument.label;
    editor.load(argument.ruleFiles);
    renderFactsetSelect();
  });
  const renderFactsetSelect = () => fill(factsetSelect, app.argument.factsets.map((fs) =>
    h('option', { value: fs.path, selected: fs.path === app.current }, shortFactset(fs.path))));
  app.on('select', renderFactsetSelect);
  app.on('diagnostics', ({ diagnostics }) => {
    editor.setDiagnostics(diagnostics);
    renderProblems(diagnostics);
  });
  app.on('check-failed', ({ diagnostics }) => {
    editor.setDiagnostics(diagnostics);
    renderProblems(diagnostics);
    verdictBox.classList.add('stale');
  });
  app.on('report', () => {
    verdictBox.classList.remove('stale');
    const t = app.lastTiming;
    timing.textContent = `check ${t.engineMs.toFixed(0)} ms (engine ${Number(t.elapsedMs).toFixed(0)} ms)`;
    timing.title = `engine call ${t.engineMs.toFixed(1)} ms (the engine's own count: ${Number(t.elapsedMs).toFixed(1)} ms); with the page's messaging ${t.roundMs.toFixed(1)} ms; engine on ${engine.mode === 'worker' ? 'a worker thread' : 'the page\'s thread'}`;
    renderProblems([...(app.warnings || [])]);
  });
  app.on('checking', (on) => document.body.classList.toggle('checking', on));
  app.on('status', ({ text, kind }) => { statusLine.textContent = text; statusLine.title = text; statusLine.className = `status ${kind}`; });

  async function load(input) {
    if (!input.files.length) return;
    try {
      const { files, label: name } = await readArgumentFiles(input);
      const argument = new Argument(files, name);
      app.setArgument(argument);
      app.status(`Opened ${argument.label}: ${argument.ruleFiles.size} rule file(s), ${argument.factsets.length} fact set(s)`, 'ok');
      app.diagnose();
    } catch (error) {
      app.status('Could not open it: ' + (error.message || error), 'error');
    } finally {
      input.value = '';
    }
  }

  function save() {
    download(writeZip(app.argument.engineFiles()), `${app.argument.label || 'argument'}.zip`);
  }

  app.setArgument(app.argument);  // first render of everything that follows the argument
  await app.diagnose();
  window.kzWorkbench.showTab = showTab;
  window.kzWorkbench.editor = editor;
  window.kzWorkbench.map = map;
}

window.kzWorkbenchReady = boot();
