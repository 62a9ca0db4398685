// The rules in a CodeMirror editor: one tab per rule file, one view whose state is
// swapped per tab (so each file keeps its own undo history), and the engine's
// diagnostics set on each file's state as underlines with their codes.
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentUnit } from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { kzLanguage, kzHighlight } from './kzlang.js';
import { h, fill } from './dom.js';
import { diagnosticSpan } from './columns.js';

export class RulesEditor {
  // onEdit(path, text): called on every change of a file's text.
  constructor(root, onEdit) {
    this.root = root;
    this.onEdit = onEdit;
    this.states = new Map();
    this.diagnostics = new Map();  // path -> engine diagnostics
    this.active = null;
    this.tabs = h('div', { class: 'tabs', role: 'tablist' });
    this.host = h('div', { class: 'editor-host' });
    fill(root, this.tabs, this.host);
    this.view = new EditorView({ parent: this.host, state: EditorState.create({ doc: '' }) });
  }

  extensions(path) {
    return [
      lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(),
      bracketMatching(), highlightSelectionMatches(), indentUnit.of('    '), lintGutter(),
      kzLanguage, kzHighlight, EditorView.lineWrapping,
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) this.onEdit(path, update.state.doc.toString());
      }),
    ];
  }

  // files: Map path -> text. Keeps the open tab when it still exists.
  load(files) {
    const keep = this.active && files.has(this.active) ? this.active : null;
    this.states.clear();
    for (const [path, text] of files) this.states.set(path, EditorState.create({ doc: text, extensions: this.extensions(path) }));
    this.active = null;
    this.show(keep || files.keys().next().value);
  }

  show(path) {
    if (!path || !this.states.has(path)) return;
    if (this.active) this.states.set(this.active, this.view.state);
    this.active = path;
    this.view.setState(this.applyDiagnostics(this.states.get(path), path));
    this.renderTabs();
  }

  // Moves the cursor to a line of a file and shows it ("kazakhstan/claims.kz", 87).
  reveal(path, line) {
    if (!this.states.has(path)) return false;
    this.show(path);
    const doc = this.view.state.doc;
    const pos = doc.line(Math.max(1, Math.min(line, doc.lines))).from;
    this.view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
    this.view.focus();
    return true;
  }

  renderTabs() {
    fill(this.tabs, [...this.states.keys()].map((path) => {
      const diags = this.diagnostics.get(path) || [];
      const errors = diags.filter((d) => d.severity === 'error').length;
      const warnings = diags.length - errors;
      return h('button', {
        class: 'tab' + (path === this.active ? ' active' : ''), role: 'tab', 'aria-selected': String(path === this.active),
        dataset: { file: path }, onclick: () => this.show(path),
      }, path.split('/').pop(),
      errors ? h('span', { class: 'badge error', title: `${errors} error(s)` }, errors) : null,
      warnings ? h('span', { class: 'badge warning', title: `${warnings} warning(s)` }, warnings) : null);
    }));
  }

  // diagnostics: the engine's, for every file; those of rule files go on their editors.
  setDiagnostics(diagnostics) {
    this.diagnostics.clear();
    for (const d of diagnostics) {
      if (!d.file || !this.states.has(d.file)) continue;
      if (!this.diagnostics.has(d.file)) this.diagnostics.set(d.file, []);
      this.diagnostics.get(d.file).push(d);
    }
    for (const path of this.states.keys()) {
      if (path === this.active) this.view.setState(this.applyDiagnostics(this.view.state, path));
      else this.states.set(path, this.applyDiagnostics(this.states.get(path), path));
    }
    this.renderTabs();
  }

  applyDiagnostics(state, path) {
    const doc = state.doc;
    const list = (this.diagnostics.get(path) || []).map((d) => {
      const lineNo = Math.max(1, Math.min(d.line || 1, doc.lines));
      const line = doc.line(lineNo);
      const span = diagnosticSpan(line.text, d.column, d.length);  // the engine counts bytes
      const from = line.from + span.from;
      let to = line.from + span.to;
      if (to <= from) to = Math.min(from + 1, doc.length);  // an empty line: mark its break
      const notes = (d.notes || []).map((n) => (typeof n === 'string' ? n : n.message || JSON.stringify(n)));
      return {
        from, to, severity: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info',
        source: d.code, message: `${d.code}: ${d.message}` + (notes.length ? '\n' + notes.join('\n') : ''),
      };
    });
    return state.update(setDiagnostics(state, list)).state;
  }

  text(path) {
    return (path === this.active ? this.view.state : this.states.get(path))?.doc.toString();
  }
}
