#!/usr/bin/env python3
"""Deterministic fact generators for the kzrules benchmark harness.

Only the Python 3 standard library is used and every random generator has a
fixed seed, so the same command always writes byte-identical files.

Facts are written tab-separated, one tuple per line, as `<rel>.facts` in the
output directory (the layout `kzrules run PROGRAM -F DIR` and Souffle read).

Usage:
    gen.py chain N OUT_DIR                 edge(i, i+1) for i in 0..N-2
    gen.py rand N E OUT_DIR [--seed S]     N nodes, E distinct edges, no self-loops
    gen.py tree D OUT_DIR                  complete binary tree, depth D (root depth 0)
    gen.py neg N E OUT_DIR [--seed S]      node(0..N-1) + random edges (negation workload)
    gen.py agg FACTS GROUPS OUT_DIR [--seed S]   val(id, group, value)

    gen.py workload NAME OUT_DIR           a named workload from run.py's table
                                            (e.g. chain2000, rand20k, sg12, neg4k, agg1m)
"""

import argparse
import os
import random
import sys

DEFAULT_SEED = 20240601


def _write(out_dir, rel, rows):
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, rel + ".facts")
    tmp = path + ".tmp"
    n = 0
    with open(tmp, "w", newline="\n") as f:
        buf = []
        for row in rows:
            buf.append("\t".join(str(v) for v in row))
            n += 1
            if len(buf) >= 65536:
                f.write("\n".join(buf))
                f.write("\n")
                buf = []
        if buf:
            f.write("\n".join(buf))
            f.write("\n")
    os.replace(tmp, path)
    return n


def chain_edges(n):
    return [(i, i + 1) for i in range(n - 1)]


def random_edges(n, e, seed=DEFAULT_SEED):
    """E distinct directed edges over nodes 0..n-1, no self-loops.

    Edges are returned in generation order (deterministic for a given seed)."""
    if n < 2:
        raise ValueError("need at least 2 nodes")
    if e > n * (n - 1):
        raise ValueError("too many edges for %d nodes" % n)
    rng = random.Random(seed)
    seen = set()
    out = []
    while len(out) < e:
        a = rng.randrange(n)
        b = rng.randrange(n)
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        out.append((a, b))
    return out


def tree_parents(depth):
    """Complete binary tree with levels 0..depth, nodes numbered heap-style
    1..2^(depth+1)-1; parent(p, c) with p = c // 2."""
    last = (1 << (depth + 1)) - 1
    return [(c // 2, c) for c in range(2, last + 1)]


def agg_vals(facts, groups, seed=DEFAULT_SEED):
    """val(id, group, value): ids are distinct so every tuple is distinct
    (Datalog relations are sets).  Every group gets at least one fact."""
    rng = random.Random(seed)
    out = []
    for i in range(facts):
        g = i if i < groups else rng.randrange(groups)
        out.append((i, g, rng.randrange(10000)))
    return out


def gen_chain(n, out_dir):
    _write(out_dir, "edge", chain_edges(n))


def gen_rand(n, e, out_dir, seed=DEFAULT_SEED):
    _write(out_dir, "edge", random_edges(n, e, seed))


def gen_tree(depth, out_dir):
    _write(out_dir, "parent", tree_parents(depth))


def gen_neg(n, e, out_dir, seed=DEFAULT_SEED):
    _write(out_dir, "node", ((i,) for i in range(n)))
    _write(out_dir, "edge", random_edges(n, e, seed))


def gen_agg(facts, groups, out_dir, seed=DEFAULT_SEED):
    _write(out_dir, "val", agg_vals(facts, groups, seed))


def generate(spec, out_dir):
    """spec is a tuple like ('chain', 2000) as used by run.py's workload table."""
    kind = spec[0]
    args = spec[1:]
    if kind == "chain":
        gen_chain(*args, out_dir)
    elif kind == "rand":
        gen_rand(*args, out_dir)
    elif kind == "tree":
        gen_tree(*args, out_dir)
    elif kind == "neg":
        gen_neg(*args, out_dir)
    elif kind == "agg":
        gen_agg(*args, out_dir)
    else:
        raise ValueError("unknown generator %r" % (kind,))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("chain"); c.add_argument("n", type=int); c.add_argument("out")
    r = sub.add_parser("rand"); r.add_argument("n", type=int); r.add_argument("e", type=int)
    r.add_argument("out"); r.add_argument("--seed", type=int, default=DEFAULT_SEED)
    t = sub.add_parser("tree"); t.add_argument("depth", type=int); t.add_argument("out")
    g = sub.add_parser("neg"); g.add_argument("n", type=int); g.add_argument("e", type=int)
    g.add_argument("out"); g.add_argument("--seed", type=int, default=DEFAULT_SEED)
    a = sub.add_parser("agg"); a.add_argument("facts", type=int); a.add_argument("groups", type=int)
    a.add_argument("out"); a.add_argument("--seed", type=int, default=DEFAULT_SEED)
    w = sub.add_parser("workload"); w.add_argument("name"); w.add_argument("out")
    w.add_argument("--tiny", action="store_true", help="use the --tiny size of the workload")
    ns = p.parse_args(argv)
    if ns.cmd == "chain":
        gen_chain(ns.n, ns.out)
    elif ns.cmd == "rand":
        gen_rand(ns.n, ns.e, ns.out, ns.seed)
    elif ns.cmd == "tree":
        gen_tree(ns.depth, ns.out)
    elif ns.cmd == "neg":
        gen_neg(ns.n, ns.e, ns.out, ns.seed)
    elif ns.cmd == "agg":
        gen_agg(ns.facts, ns.groups, ns.out, ns.seed)
    elif ns.cmd == "workload":
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import run  # noqa: E402  (workload table lives in run.py)
        wl = run.WORKLOADS[ns.name]
        generate(wl.tiny if ns.tiny else wl.gen, ns.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
