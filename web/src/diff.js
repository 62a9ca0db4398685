// Two encodings of one argument side by side (kzrules diff): the rules as edited here
// against the corpus as shipped, or against a second encoding loaded from a folder or a
// zip; both are checked on this argument's fact sets. Shows what differs and which
// difference moves which verdict.
import { h, fill, shortFactset } from './dom.js';
import { Argument } from './argument.js';
import { describeResult } from './app.js';
import { readArgumentFiles } from './files.js';

const B_PREFIX = 'encoding-b';

export function diffPanel(root, app) {
  const out = h('div', { class: 'diff-out', id: 'diff-out' });
  const input = h('input', { type: 'file', accept: '.zip', id: 'diff-zip', onchange: () => loadB(input) });
  const folder = h('input', { type: 'file', webkitdirectory: true, multiple: true, id: 'diff-folder', onchange: () => loadB(folder) });
  fill(root,
    h('div', { class: 'diff-tools' },
      h('button', { id: 'diff-shipped', onclick: () => compare(rulesOf(new Argument(app.corpusFiles)), 'the corpus as shipped') }, 'compare with the corpus as shipped'),
      h('label', { class: 'file-button' }, 'compare with an encoding (.zip)… ', input),
      h('label', { class: 'file-button' }, 'compare with an encoding (folder)… ', folder)),
    h('p', { class: 'muted' }, 'A is the argument in the workbench; B the other encoding. Both are checked on A\'s fact sets.'),
    out);

  // One comparison shown at a time: the answer to an older one is dropped, and so is any
  // for an argument no longer loaded.
  let generation = 0;
  app.on('argument', () => { generation++; fill(out); });

  // The B encoding's rule files only, under a folder of their own.
  function rulesOf(argument) {
    const files = {};
    for (const [path, text] of argument.ruleFiles) files[`${B_PREFIX}/${path.split('/').pop()}`] = text;
    return files;
  }

  async function loadB(el) {
    try {
      const { files } = await readArgumentFiles(el);
      await compare(rulesOf(new Argument(files)), el.files[0].name);
    } catch (error) {
      fill(out, h('p', { class: 'error' }, String(error.message || error)));
    }
  }

  // Both encodings on A's fact sets as the verdicts see them: as of the page's date, with
  // Bayes when it is on.
  async function compare(bFiles, label) {
    const ticket = ++generation;
    fill(out, h('p', { class: 'busy' }, h('span', { class: 'spinner' }), ` comparing with ${label}…`));
    const request = app.base({ command: 'diff', rules_a: app.argument.rulesDir, rules_b: B_PREFIX, factsets: app.argument.factsetPaths, bayes: app.bayes });
    if (app.asOf) request.as_of = [app.asOf];
    delete request.rules;
    Object.assign(request.files, bFiles);
    const result = await app.send(request, { lane: 'analysis' });
    if (ticket !== generation) return;
    if (!result.response || !result.response.ok) return fill(out, h('p', { class: 'error' }, describeResult(result)));
    const { report, text } = result.response;
    const differences = new Map(report.differences.map((d) => [d.id, d]));
    fill(out,
      h('h3', {}, `B: ${label} — ${report.differences.length} difference(s)`),
      report.differences.length ? h('ol', { class: 'differences' }, report.differences.map((d) => h('li', { value: d.id }, d.description))) : h('p', {}, 'The two encodings state the same argument.'),
      report.factsets.map((fs) => h('div', {},
        h('h4', {}, shortFactset(fs.name)),
        h('table', { class: 'matrix diff-table' },
          h('thead', {}, h('tr', {}, h('th', {}, 'hypothesis'), h('th', {}, 'A (here)'), h('th', {}, 'B'), h('th', {}, 'moved by'))),
          h('tbody', {}, fs.verdicts.map((v) => h('tr', { class: v.differs ? 'differs' : '' },
            h('th', {}, v.hypothesis),
            h('td', { class: `verdict v-${v.a}` }, v.a),
            h('td', { class: `verdict v-${v.b}` }, v.b),
            h('td', {}, v.moved_by.map((m) => h('div', {}, `#${m.difference} (→ ${m.verdict}) `, h('span', { class: 'muted' }, differences.get(m.difference)?.description || ''))))))),
        h('p', {}, `A supports: ${fs.supports_a.join(', ') || 'none'}; B supports: ${fs.supports_b.join(', ') || 'none'}`)))),
      h('details', {}, h('summary', {}, 'the engine\'s text'), h('pre', { class: 'engine-text' }, text)));
  }
}
