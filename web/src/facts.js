// The selected fact set's facts, one collapsible table per fact file: every row has a
// checkbox that switches it off (the file is sent without it) and back on, and each
// table has a line to add a row. Each change re-checks at once.
import { h, fill } from './dom.js';

export function factTables(root, app) {
  let search = '';
  const openTables = new Set();
  const list = h('div', { class: 'fact-tables' });
  const summary = h('span', { class: 'muted' });
  const searchBox = h('input', { type: 'search', placeholder: 'find rows (any text)…', oninput: (e) => { search = e.target.value.toLowerCase(); render(); } });
  fill(root, h('div', { class: 'facts-tools' }, searchBox, ' ',
    h('button', { onclick: () => setAll(true) }, 'all rows on'), ' ', summary), list);

  function setAll(on) {
    const fs = app.argument.factset(app.current);
    for (const t of fs.tables) for (const r of t.rows) r.enabled = on;
    app.factsChanged();
  }

  function render() {
    const fs = app.argument.factset(app.current);
    if (!fs) return fill(list);
    let off = 0, added = 0, total = 0;
    for (const t of fs.tables) for (const r of t.rows) { total++; if (!r.enabled) off++; if (r.added) added++; }
    summary.textContent = `${fs.path}: ${fs.tables.length} files, ${total} rows, ${off} switched off, ${added} added`;
    fill(list,
      [...fs.files.entries()].map(([path, text]) => h('details', { class: 'fact-file' },
        h('summary', {}, path.split('/').pop(), h('span', { class: 'muted' }, ' (what this fact set did not observe, its date)')),
        h('pre', {}, text))),
      fs.tables.map((t) => tableView(t)));
  }

  function tableView(table) {
    const columns = table.columns;
    const rows = table.rows.filter((r) => !search || r.fields.join(' ').toLowerCase().includes(search));
    if (search && !rows.length) return null;
    const offCount = table.rows.filter((r) => !r.enabled).length;
    const inputs = columns.map((c) => h('input', { type: 'text', placeholder: c, 'aria-label': c }));
    const addRow = () => {
      if (inputs.every((i) => i.value === '')) return;
      table.addRow(inputs.map((i) => i.value));
      openTables.add(table.path);
      app.factsChanged();
    };
    const details = h('details', {
      class: 'fact-table', dataset: { relation: table.relation, file: table.path }, open: openTables.has(table.path) || !!search,
      ontoggle: (e) => (e.target.open ? openTables.add(table.path) : openTables.delete(table.path)),
    },
    h('summary', {}, h('b', {}, table.relation), ` — ${table.rows.length} rows`, offCount ? h('span', { class: 'off-count' }, ` (${offCount} off)`) : null),
    h('table', { class: 'facts' },
      h('thead', {}, h('tr', {}, h('th', { title: 'row on' }, 'on'), columns.map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.map((r) => h('tr', { class: (r.enabled ? '' : 'off') + (r.added ? ' added' : ''), dataset: { row: r.id } },
        h('td', {},
          h('input', { type: 'checkbox', checked: r.enabled, title: 'switch this row off or on', onchange: (e) => { r.enabled = e.target.checked; app.factsChanged(); } }),
          r.added ? h('button', { class: 'link', title: 'remove this added row', onclick: () => { table.removeRow(r.id); app.factsChanged(); } }, '×') : null),
        r.fields.map((f) => h('td', {}, f))))),
      h('tfoot', {}, h('tr', { class: 'add-row' },
        h('td', {}, h('button', { title: 'add this row', onclick: addRow }, '+')),
        inputs.map((i) => h('td', {}, i))))));
    return details;
  }

  // Opens a row's table and scrolls to the row (from a proof or a flip).
  function revealRow({ table, row }) {
    openTables.add(table.path);
    search = '';
    searchBox.value = '';
    render();
    const tr = list.querySelector(`tr[data-row="${row.id}"]`);
    if (tr) {
      tr.scrollIntoView({ block: 'center' });
      tr.classList.add('flash');
      setTimeout(() => tr.classList.remove('flash'), 1600);
    }
  }

  app.on('facts', render);
  app.on('select', render);
  app.on('argument', render);
  render();
  return { render, revealRow };
}
