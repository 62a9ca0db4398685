// The side panel that answers the student's clicks: a claim's instances with their proof
// trees (explain), a verdict's robustness (which single change moves it), the facts a
// flip names, and why an atom is or is not derived. Rows of fact files it names can be
// switched off from here, so that a student can test what the engine says at once.
import { h, fill, shortFactset } from './dom.js';
import { factsetPath, describeResult } from './app.js';

const INTRO = 'Click a claim for its proofs, a verdict for what would move it, or "flip…" under a hypothesis.';

export class Details {
  constructor(root, app, { revealLocation, revealRow }) {
    this.app = app;
    this.revealLocation = revealLocation;  // (location "file:line") -> shows it
    this.revealRow = revealRow;            // ({table,row}) -> shows the row in the fact tables
    this.title = h('h2', { class: 'details-title' }, 'Details');
    this.body = h('div', { class: 'details-body', id: 'details' }, h('p', { class: 'muted' }, INTRO));
    // Answers come back out of order (two lanes, searches of seconds): each question
    // starts a generation, and an answer to an older one is dropped.
    this.generation = 0;
    this.onStale = null;  // what to do to the answer shown when the argument changes
    app.on('changed', () => this.onStale && this.onStale());
    app.on('argument', () => { this.begin(); this.show('Details', h('p', { class: 'muted' }, INTRO)); });
    this.atomInput = h('input', { type: 'text', placeholder: 'rotated("musin")', 'aria-label': 'atom to explain' });
    const whyForm = h('form', { class: 'why', onsubmit: (e) => { e.preventDefault(); this.explainAtom(this.atomInput.value); } },
      h('label', {}, 'Why (not)? ', this.atomInput), h('button', { type: 'submit' }, 'explain'));
    fill(root, this.title, whyForm, this.body);
  }

  show(title, ...content) {
    this.title.textContent = title;
    fill(this.body, ...content);
    this.body.scrollTop = 0;
  }

  // A new question: -> a ticket that says whether its answer is still wanted, about which
  // state of the argument it was asked, and which row each line of its fact files was.
  begin() {
    this.onStale = null;
    return { generation: ++this.generation, revision: this.app.revision, rowAt: this.app.argument.rowLocator() };
  }

  wanted(ticket, result) {
    return ticket.generation === this.generation && !result.superseded;
  }

  busy(title, what, stoppable = false) {
    this.show(title, h('p', { class: 'busy' }, h('span', { class: 'spinner' }), ' ', what),
      stoppable ? h('button', { class: 'stop', onclick: () => this.app.stopAnalysis() }, 'stop') : null);
  }

  // Shows an answer; once the argument has changed since its question (or when it changes
  // later), the answer is marked as computed before, its actions that would act on the
  // rows it named (.needs-fresh) are taken away, and it can be asked again.
  answer(ticket, again, title, ...content) {
    this.show(title, ...content);
    this.onStale = () => this.markStale(again);
    if (ticket.revision !== this.app.revision) this.markStale(again);
  }

  markStale(again) {
    this.onStale = null;
    for (const el of this.body.querySelectorAll('.needs-fresh')) el.remove();
    this.body.prepend(h('p', { class: 'note stale-note' }, 'The argument has changed since this was computed. ',
      h('button', { class: 'link', onclick: again }, 'compute it again')));
  }

  // "Compute it again" asks about the argument as it now is: the fact set of the same
  // folder in the latest report (its date may have moved), and what is named in it.
  again(fs, ask) {
    return () => {
      const now = this.app.report && this.app.report.factsets.find((x) => factsetPath(x.name) === factsetPath(fs.name));
      if (now) ask(now);
    };
  }

  failed(result) {
    if (result.stopped) return h('p', { class: 'muted' }, 'Stopped.');
    return h('p', { class: 'error' }, describeResult(result));
  }

  location(loc) {
    if (!loc) return null;
    return h('button', { class: 'location link', title: 'show it', onclick: () => this.revealLocation(loc) }, loc);
  }

  // ---- explain ------------------------------------------------------------------------

  // The claim as the report that listed it saw it: its fact set, as of its date.
  async explainClaim(fs, claim) {
    const path = factsetPath(fs.name);
    const ticket = this.begin();
    this.busy(`Claim ${claim.name}`, 'explaining…');
    const result = await this.app.explain(path, 'claim:' + claim.name, fs.as_of);
    if (!this.wanted(ticket, result)) return;
    if (!result.response || !result.response.ok) return this.show(`Claim ${claim.name}`, this.failed(result));
    const e = result.response.explanation;
    const links = claim.links.map((l) => h('li', {}, `${l.direction} ${l.hypothesis} as ${l.test}: `,
      h('b', {}, l.passed === true ? 'passed' : l.passed === false ? 'failed' : 'not counted'),
      l.because ? h('div', { class: 'because' }, 'because ' + l.because) : null));
    const summary = claimSummary(claim);
    const again = this.again(fs, (now) => {
      const c = now.claims.find((x) => x.name === claim.name);
      if (c) this.explainClaim(now, c);
    });
    this.answer(ticket, again, `Claim ${claim.name}`,
      h('p', { class: 'claim-text' }, claim.text),
      h('p', {}, h('span', { class: `outcome o-${claim.outcome}` }, claim.outcome), ` — ${claim.form} on ${shortFactset(fs.name)}`,
        claim.location ? [' — ', this.location(claim.location)] : null),
      summary ? h('p', { class: 'muted' }, summary) : null,
      h('ul', { class: 'links' }, links),
      h('h3', { class: 'instances-title' }, e.instances.length ? `${e.instances.length} instance(s) shown, with proofs` : 'No instance to show',
        fs.as_of ? ` (the facts as of ${fs.as_of})` : ''),
      e.instances.map((inst) => h('div', { class: 'instance' },
        h('div', { class: 'binding' }, bindingText(inst.binding)),
        inst.note ? h('div', { class: 'note' }, inst.note) : null,
        h('ul', { class: 'proof' }, (inst.proofs || []).map((p) => this.proofNode(p, ticket.rowAt))))));
  }

  // On the selected fact set, as of the page's date.
  async explainAtom(atom) {
    atom = atom.trim();
    if (!atom) return;
    const path = this.app.current;
    const where = shortFactset(path) + (this.app.asOf ? ` as of ${this.app.asOf}` : '');
    const ticket = this.begin();
    this.busy(`Why ${atom}?`, 'explaining…');
    const result = await this.app.explain(path, atom);
    if (!this.wanted(ticket, result)) return;
    if (!result.response || !result.response.ok) return this.show(`Why ${atom}?`, this.failed(result));
    const e = result.response.explanation;
    const again = () => this.explainAtom(atom);
    if (e.derived) return this.answer(ticket, again, `Why ${atom}`, h('p', {}, `derived on ${where}:`), h('ul', { class: 'proof' }, this.proofNode(e.proof, ticket.rowAt)));
    this.answer(ticket, again, `Why not ${atom}`, h('p', {}, `not derived on ${where}. The rules that could derive it:`),
      h('ul', { class: 'why-not' }, (e.attempts || []).map((a) => h('li', {},
        h('code', {}, a.rule), ' ', this.location(a.location),
        h('div', { class: 'note' }, 'fails at: ', a.failed_literal),
        a.bindings && Object.keys(a.bindings).length ? h('div', { class: 'muted' }, bindingText(a.bindings)) : null))));
  }

  proofNode(p, rowAt) {
    const row = p.kind === 'input' ? rowAt(p.location) : null;
    return h('li', { class: `proof-${p.kind}` },
      h('code', { class: 'atom' }, p.atom),
      ' ', h('span', { class: 'kind' }, p.kind), ' ', this.location(p.location),
      row ? this.rowSwitch(row) : null,
      p.rule ? h('div', { class: 'rule' }, h('code', {}, p.rule)) : null,
      p.source && p.kind === 'input' ? h('div', { class: 'source' }, 'source: ', p.source) : null,
      p.children && p.children.length ? h('ul', {}, p.children.map((c) => this.proofNode(c, rowAt))) : null);
  }

  // A checkbox that switches a fact row off or on, as the fact tables do.
  rowSwitch({ table, row }) {
    return h('label', { class: 'row-switch', title: `${table.path}: switch this row off or on` },
      h('input', { type: 'checkbox', checked: row.enabled, onchange: (e) => { row.enabled = e.target.checked; this.app.factsChanged(); } }),
      ' row on');
  }

  // ---- robustness -----------------------------------------------------------------------

  async robustness(fs, hyp) {
    const title = `What moves ${hyp.name} on ${shortFactset(fs.name)}?`;
    const ticket = this.begin();
    this.busy(title, 'trying every single change (weaker tests, one fact fewer, parameters moved)…', true);
    const request = { command: 'robustness', factsets: [factsetPath(fs.name)] };
    if (fs.as_of) request.as_of = [String(fs.as_of)];
    const result = await this.app.analyse(request);
    if (!this.wanted(ticket, result)) return;
    if (!result.response || !result.response.ok) return this.show(title, this.failed(result));
    const rfs = result.response.report.factsets[0];
    const r = rfs.hypotheses.find((x) => x.hypothesis === hyp.name);
    const again = this.again(fs, (now) => {
      const same = now.hypotheses.find((x) => x.name === hyp.name);
      if (same) this.robustness(now, same);
    });
    this.answer(ticket, again, title,
      h('p', {}, `${hyp.name} is `, h('span', { class: `verdict v-${r.verdict}` }, r.verdict), r.fragile ? ' — fragile: a single change moves it.' : ' — robust: no single change moves it.'),
      r.changes.length ? h('ul', { class: 'changes' }, r.changes.map((c) => h('li', { dataset: { kind: c.kind } },
        h('span', { class: 'kind' }, c.kind.replace('_', ' ')), ' ', h('code', {}, c.what), ' → ', h('span', { class: `verdict v-${c.new_verdict}` }, c.new_verdict),
        ' ', this.location(c.location),
        c.kind === 'remove_fact' ? this.factRows(factsetPath(fs.name), c.what, ticket.rowAt(c.location)) : null))) : null,
      h('p', { class: 'muted' }, `tried: ${rfs.tried.links} links, ${rfs.tried.facts} facts, parameters ${rfs.tried.params.join(', ') || 'none'}`));
  }

  // The rows that hold an atom; atLocation: the row at the engine's location for it, if any.
  factRows(factset, atom, atLocation) {
    let rows = this.app.argument.rowsForAtom(factset, atom, (rel) => this.app.attributesOf(rel));
    if (!rows.length && atLocation) rows = [atLocation];
    return rows.map((r) => h('span', {}, ' ', this.rowSwitch(r), ' ', h('button', { class: 'link', onclick: () => this.revealRow(r) }, 'show row')));
  }

  // ---- flip -----------------------------------------------------------------------------

  async flip(fs, hypothesis, budget = 1000) {
    const path = factsetPath(fs.name);
    const title = `Flip ${hypothesis} on ${shortFactset(fs.name)}`;
    const ticket = this.begin();
    this.busy(title, `searching for the fewest facts whose removal moves ${hypothesis} (up to ${budget} evaluations)…`, true);
    const request = { command: 'flip', factset: path, hypothesis, budget, max_size: 3 };
    if (fs.as_of) request.as_of = [String(fs.as_of)];
    const result = await this.app.analyse(request);
    if (!this.wanted(ticket, result)) return;
    if (!result.response || !result.response.ok) return this.show(title, this.failed(result));
    const f = result.response;
    const again = this.again(fs, (now) => this.flip(now, hypothesis, budget));
    if (!f.after) {
      return this.answer(ticket, again, title, h('p', {}, `${hypothesis} is ${f.before}. `, h('b', {}, 'No flip found.')),
        h('pre', { class: 'engine-text' }, f.text),
        h('button', { onclick: () => this.flip(fs, hypothesis, budget * 5) }, `search longer (${budget * 5} evaluations)`));
    }
    const located = f.removed.map((atom) => ({ atom, rows: this.app.argument.rowsForAtom(path, atom, (rel) => this.app.attributesOf(rel)) }));
    const allRows = located.flatMap((l) => l.rows);
    // Only for the facts the search saw: answer() takes it away once they change.
    const switchOff = h('button', {
      id: 'flip-apply', class: 'primary needs-fresh',
      onclick: () => {
        this.onStale = null;  // the change this makes is the one the flip proposed
        for (const r of allRows) r.row.enabled = false;
        this.app.factsChanged();
        switchOff.disabled = true;
        switchOff.textContent = 'switched off — see the verdicts';
      },
    }, `switch ${allRows.length === 1 ? 'this row' : `these ${allRows.length} rows`} off`);
    this.answer(ticket, again, title,
      h('p', {}, `${hypothesis} is `, h('span', { class: `verdict v-${f.before}` }, f.before), `. Removing ${f.removed.length} fact(s) makes it `,
        h('span', { class: `verdict v-${f.after}` }, f.after), '.'),
      h('ul', { class: 'flip-removed' }, located.map((l) => h('li', {}, h('code', {}, l.atom),
        l.rows.length ? l.rows.map((r) => h('div', { class: 'muted' }, `${r.table.path.split('/').pop()}: `, r.row.fields.join(', '), ' ',
          h('button', { class: 'link', onclick: () => this.revealRow(r) }, 'show row'))) : h('div', { class: 'muted' }, 'written in the rules, not a fact file row')))),
      allRows.length ? switchOff : null,
      h('pre', { class: 'engine-text' }, f.text));
  }
}

export function bindingText(binding) {
  const entries = Object.entries(binding || {});
  return entries.length ? entries.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ') : '{}';
}

function claimSummary(c) {
  if (c.form === 'holds' && c.values) return `${c.values[0]} ${c.comparison} ${c.values[1]}`;
  if (c.share !== null && c.share !== undefined) return `share ${(c.share * 100).toFixed(1)}% of ${c.coverage}` + (c.bound !== undefined ? ` (${c.comparison} ${c.bound})` : '');
  if (c.coverage !== null && c.coverage !== undefined) return `${c.coverage} case(s) in the premise, ${c.counterexamples.length} counterexample(s)`;
  if (c.form === 'exists') return `${c.witnesses.length} witness(es)`;
  if (c.form === 'none') return `${c.counterexamples.length} counterexample(s)`;
  return '';
}
