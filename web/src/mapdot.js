// The argument map as DOT, built from a check report's fact set (not the CLI's own DOT),
// so that the page decides its layout: one cluster per hypothesis holding the hypothesis
// and the claims that bear on it alone, claims that bear on several between the
// clusters, and every link an edge between claim and hypothesis labelled with its test:
// claims that support a hypothesis on its left, claims that oppose it on its right.
// Colours: a claim's fill is its outcome; an edge's colour whether its test passed; its
// line the test's strength; its arrowhead whether the claim supports or opposes.

export const OUTCOME_STYLE = {
  holds: { fill: '#d3f2da', border: '#1a7f37', style: 'filled' },
  fails: { fill: '#fbd5d5', border: '#b42318', style: 'filled' },
  unknown: { fill: '#eceff3', border: '#6e7781', style: 'filled,dashed' },
  vacuous: { fill: '#ffffff', border: '#8c959f', style: 'filled,dotted' },
};
export const VERDICT_FILL = {
  confirmed: '#1a7f37', supported: '#8fd19e', undecided: '#d0d7de', untested: '#eaeef2',
  weakened: '#f5b971', eliminated: '#d1242f', contested: '#8250df',
};
export const LINK_COLOR = { passed: '#1a7f37', failed: '#cf222e', uncounted: '#8c959f' };
export const TEST_LINE = {
  straw: { style: 'dashed', penwidth: 1.2 },
  straw_in_the_wind: { style: 'dashed', penwidth: 1.2 },
  hoop: { style: 'solid', penwidth: 1.6 },
  smoking_gun: { style: 'bold', penwidth: 3 },
  doubly_decisive: { style: 'bold', penwidth: 3, double: true },
};
export const TEST_LABEL = { straw: 'straw', straw_in_the_wind: 'straw', hoop: 'hoop', smoking_gun: 'smoking gun', doubly_decisive: 'doubly decisive' };

const quote = (s) => '"' + String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
const attrs = (o) => '[' + Object.entries(o).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${k}=${typeof v === 'number' ? v : quote(v)}`).join(', ') + ']';

// "dvk_fpg_founders_second_tier" -> "dvk_fpg_founders\nsecond_tier": names wrap at
// underscores so that nodes stay narrow and the map stays tall rather than wide.
export function wrapName(name, width = 18) {
  const parts = name.split('_');
  const lines = [];
  let line = '';
  for (const p of parts) {
    const next = line ? line + '_' + p : p;
    if (line && next.length > width) { lines.push(line + '_'); line = p; } else line = next;
  }
  lines.push(line);
  return lines.join('\n');
}

export const claimId = (name) => 'claim-' + name;
export const hypothesisId = (name) => 'hyp-' + name;
export const linkId = (claim, hypothesis) => `link-${claim}-${hypothesis}`;

// factset: a fact set of the report; hypotheses: the report's list (for their order and
// text); only: a hypothesis name to draw alone (with just its claims), or null.
export function argumentDot(hypotheses, factset, { only = null } = {}) {
  const verdict = new Map(factset.hypotheses.map((v) => [v.name, v]));
  const shown = hypotheses.filter((x) => !only || x.name === only);
  const claims = factset.claims.filter((c) => c.links.some((l) => shown.some((x) => x.name === l.hypothesis)));
  const out = [
    'digraph argument {',
    '  graph [rankdir=LR, newrank=true, ranksep=0.9, nodesep=0.14, fontname="Helvetica", fontsize=12, bgcolor="transparent", outputorder=edgesfirst];',
    '  node [fontname="Helvetica", fontsize=11, shape=box, style=filled, margin="0.08,0.04"];',
    '  edge [fontname="Helvetica", fontsize=10, arrowsize=0.8];',
  ];
  const claimNode = (c, indent) => {
    const s = OUTCOME_STYLE[c.outcome] || OUTCOME_STYLE.unknown;
    out.push(`${indent}${quote(claimId(c.name))} ${attrs({
      id: claimId(c.name), class: `claim o-${c.outcome}`, label: wrapName(c.name), tooltip: `${c.name} (${c.outcome}): ${c.text}`,
      fillcolor: s.fill, color: s.border, style: s.style,
    })};`);
  };
  const exclusive = new Map(shown.map((x) => [x.name, []]));
  const shared = [];
  for (const c of claims) {
    const linked = c.links.filter((l) => exclusive.has(l.hypothesis));
    if (linked.length === 1) exclusive.get(linked[0].hypothesis).push(c); else shared.push(c);
  }
  for (const x of shown) {
    const v = verdict.get(x.name) || { verdict: 'untested', score: 0 };
    const fill = VERDICT_FILL[v.verdict] || '#eaeef2';
    const dark = ['confirmed', 'eliminated', 'contested'].includes(v.verdict);
    out.push(`  subgraph ${quote('cluster_' + x.name)} {`);
    out.push(`    graph [label=${quote(x.name)}, labeljust=l, style="rounded,filled", fillcolor="#f6f8fa", color="#d0d7de", fontsize=13];`);
    out.push(`    ${quote(hypothesisId(x.name))} ${attrs({
      id: hypothesisId(x.name), class: `hypothesis v-${v.verdict}`, shape: 'box', style: 'rounded,filled,bold',
      label: `${x.name}\n${v.verdict}${v.verdict === 'supported' || v.verdict === 'weakened' || v.verdict === 'undecided' ? ` (${v.score > 0 ? '+' : ''}${v.score})` : ''}`,
      tooltip: x.text, fillcolor: fill, fontcolor: dark ? 'white' : 'black', fontsize: 14, margin: '0.15,0.1',
    })};`);
    for (const c of exclusive.get(x.name)) claimNode(c, '    ');
    out.push('  }');
  }
  for (const c of shared) claimNode(c, '  ');
  // All hypotheses in one column; a claim on several takes its place from its first link
  // only (constraint=false on the others), or it would push the clusters apart.
  out.push(`  { rank=same; ${shown.map((x) => quote(hypothesisId(x.name))).join('; ')} }`);
  for (const c of claims) {
    let placed = false;
    for (const l of c.links) {
      if (!exclusive.has(l.hypothesis)) continue;
      const constraint = placed ? 'false' : undefined;
      placed = true;
      const state = l.passed === true ? 'passed' : l.passed === false ? 'failed' : 'uncounted';
      const line = TEST_LINE[l.test] || TEST_LINE.straw;
      const color = LINK_COLOR[state];
      // Supporting claims stand left of their hypothesis and opposing ones right of it
      // (the edge is written from the hypothesis, drawn back to it), so that each cluster
      // reads "for | hypothesis | against" and is half as tall.
      const supports = l.direction === 'supports';
      const [from, to] = supports ? [claimId(c.name), hypothesisId(l.hypothesis)] : [hypothesisId(l.hypothesis), claimId(c.name)];
      out.push(`  ${quote(from)} -> ${quote(to)} ${attrs({
        id: linkId(c.name, l.hypothesis), class: `link ${l.direction} ${state} t-${l.test}`,
        label: `${supports ? '+' : '−'} ${TEST_LABEL[l.test] || l.test}`,
        fontcolor: color, color: line.double ? `${color}:invis:${color}` : color,
        style: line.style, penwidth: line.penwidth,
        dir: supports ? 'forward' : 'back', constraint, arrowhead: supports ? 'normal' : undefined, arrowtail: supports ? undefined : 'tee',
        tooltip: `${c.name} ${l.direction} ${l.hypothesis} as ${l.test}: ${state}` + (l.because ? ` — because ${l.because}` : ''),
      })};`);
    }
  }
  out.push('}');
  return out.join('\n');
}
