#!/usr/bin/env python3
"""Deterministic inputs for the general programs of bench/general/ (see bench/general.py).

Each program NAME.dl has a generator here that writes its `.input` relations as
tab-separated `<rel>.facts` files, one tuple a line, into a folder: the layout both
`kzrules run NAME.dl -F DIR` and `souffle -F DIR NAME.dl` read. Python 3 standard
library only; every random choice comes from random.Random(seed), so one command always
writes byte-identical files.

Usage:
    gen_general.py NAME OUT_DIR [--size small|default] [--seed S]
    gen_general.py --list
"""

import argparse
import itertools
import os
import random
import sys

SEED = 20261202


def write(out_dir, rel, rows):
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, rel + ".facts")
    with open(path + ".tmp", "w", newline="\n") as f:
        f.write("".join("\t".join(str(v) for v in row) + "\n" for row in rows))
    os.replace(path + ".tmp", path)


def distinct(rows):
    """Rows without repeats, first occurrence kept (deterministic order)."""
    seen = set()
    out = []
    for r in rows:
        if r not in seen:
            seen.add(r)
            out.append(r)
    return out


# ---------------------------------------------------------------------------------------
# One generator per program: gen(out_dir, rng, **params)
# ---------------------------------------------------------------------------------------

def gen_policy(d, rng, hosts, zones, ports, trust_rules, users, groups):
    # the last three zones take part in no trust rule; the last eight ports are never
    # trusted between zones; every third port is internal (a zone trusts itself on it)
    host = [(h, rng.randrange(zones)) for h in range(hosts)]
    listens = distinct((h, rng.randrange(ports + 8)) for h in range(hosts) for _ in range(4))
    trust = distinct((rng.randrange(zones - 3), rng.randrange(zones - 3), rng.randrange(ports))
                     for _ in range(trust_rules))
    deny = distinct(rng.choice(listens) for _ in range(len(listens) // 10))
    member = distinct((u, rng.randrange(groups)) for u in range(users) for _ in range(2))
    grant = distinct((g,) + rng.choice(listens) for g in range(groups) for _ in range(12))
    admin = [(p,) for p in range(0, ports, 7)]
    internal = [(p,) for p in range(0, ports + 8, 3)]
    vuln = distinct(rng.choice(listens) for _ in range(len(listens) // 25))
    entry = distinct((rng.randrange(hosts),) for _ in range(3))
    for rel, rows in [("host", host), ("listens", listens), ("trust", trust), ("deny", deny),
                      ("member", member), ("grant", grant), ("admin_port", admin), ("internal", internal),
                      ("vuln", vuln), ("entry", entry)]:
        write(d, rel, rows)


def gen_pointsto(d, rng, modules, vars_per_module, fields, calls_per_module, cross):
    """A program of `modules` functions; each has vars_per_module local variables
    (numbered globally), the first two of which are its formals and the third its
    return value. Statements mostly stay inside one function; a share `cross` of the
    copies reach into another function (globals, in effect)."""
    V = modules * vars_per_module
    var = lambda m, i: m * vars_per_module + i
    alloc, assign, load, store, actual, formal, ret, callret, target = ([] for _ in range(9))
    heap = 0
    call = 0
    for m in range(modules):
        formal += [(m, 0, var(m, 0)), (m, 1, var(m, 1))]
        ret.append((m, var(m, 2)))
        local = lambda: var(m, rng.randrange(vars_per_module))
        for i in range(3, vars_per_module):
            v = var(m, i)
            r = rng.random()
            if r < 0.30:
                alloc.append((v, heap))
                heap += 1
            elif r < 0.70:
                src = var(rng.randrange(modules), rng.randrange(vars_per_module)) \
                    if rng.random() < cross else local()
                assign.append((v, src))
            elif r < 0.85:
                load.append((v, local(), rng.randrange(fields)))
            else:
                store.append((local(), rng.randrange(fields), v))
        assign.append((var(m, 2), local()))
        for _ in range(calls_per_module):
            f = rng.randrange(modules)
            target.append((call, f))
            if rng.random() < 0.3:  # a virtual call: a second possible target
                target.append((call, rng.randrange(modules)))
            actual += [(call, 0, local()), (call, 1, local())]
            callret.append((call, local()))
            call += 1
    rels = dict(alloc=alloc, assign=assign, load=load, store=store, actual=actual,
                formal=formal, ret=ret, callret=callret, target=target)
    for rel, rows in rels.items():
        write(d, rel, distinct(rows))
    write(d, "var", [(v,) for v in range(V)])
    write(d, "query", [(v,) for v in range(0, V, 97)])


def gen_poset(d, rng, levels, width, up, back):
    """A layered DAG: `levels` layers of `width` elements; each element has `up` cover
    edges to random elements of the next one or two layers; `back` back edges between
    neighbours break antisymmetry."""
    n = levels * width
    cover = []
    for l in range(levels - 1):
        for j in range(width):
            x = l * width + j
            for _ in range(up):
                l2 = l + 1 if (l + 2 >= levels or rng.random() < 0.8) else l + 2
                cover.append((x, l2 * width + rng.randrange(width)))
    cover = distinct(cover)
    for _ in range(back):
        x, y = rng.choice(cover)
        cover.append((y, x))
    write(d, "elem", [(x,) for x in range(n)])
    write(d, "cover", distinct(cover))


def gen_nfa(d, rng, states, alphabet, fanout, strings, length):
    # mostly one successor a symbol, sometimes `fanout`, sometimes none (runs can die)
    delta = []
    for q in range(states):
        for c in range(alphabet):
            r = rng.random()
            k = 0 if r < 0.1 else (fanout if r < 0.3 else 1)
            delta += [(q, c, rng.randrange(states)) for _ in range(k)]
    delta = distinct(delta)
    eps = distinct((q, (q + rng.randrange(1, 4)) % states) for q in range(0, states, 5))
    final = distinct((rng.randrange(states),) for _ in range(max(1, states // 20)))
    chars = []
    lens = []
    for s in range(strings):
        n = rng.randrange(length // 2, length + 1)
        lens.append((s, n))
        chars += [(s, i, rng.randrange(alphabet)) for i in range(n)]
    write(d, "delta", delta)
    write(d, "eps", eps)
    write(d, "init", [(0,)])
    write(d, "final", final)
    write(d, "char", chars)
    write(d, "len", lens)


def gen_puzzle(d, rng, cells, tokens, bound):
    """The full state graph of sliding/jumping `tokens` tokens on a row of `cells`
    cells: states are bitmasks of occupied cells. Start: tokens packed to the left;
    goal: packed to the right; some cells are walls that forbid landing on them from
    some states (every 13th state loses its moves), so dead ends exist."""
    states = [sum(1 << c for c in combo) for combo in itertools.combinations(range(cells), tokens)]
    move = []
    for s in states:
        if s % 13 == 0:
            continue
        for c in range(cells):
            if not s >> c & 1:
                continue
            for step, over in ((1, None), (-1, None), (2, 1), (-2, -1)):
                t = c + step
                if not 0 <= t < cells or s >> t & 1:
                    continue
                if over is not None and not s >> (c + over) & 1:
                    continue
                move.append((s, s & ~(1 << c) | (1 << t)))
    start = (1 << tokens) - 1
    goal = start << (cells - tokens)
    write(d, "move", move)
    write(d, "start", [(start,)])
    write(d, "goal", [(goal,)])
    write(d, "bound", [(bound,)])


def gen_nltc(d, rng, clusters, size, inner, links):
    """`clusters` random clusters of `size` nodes with `inner` edges each, each cluster
    linked forward to the next ones by `links` edges, and a few back links so that
    strongly connected components span clusters."""
    edge = []
    for k in range(clusters):
        base = k * size
        edge += [(base + rng.randrange(size), base + rng.randrange(size)) for _ in range(inner)]
        for _ in range(links):
            k2 = min(clusters - 1, k + rng.randrange(1, 3))
            edge.append((base + rng.randrange(size), k2 * size + rng.randrange(size)))
    for _ in range(clusters // 10):
        k = rng.randrange(1, clusters)
        edge.append((k * size + rng.randrange(size), (k - 1) * size + rng.randrange(size)))
    write(d, "edge", distinct(e for e in edge if e[0] != e[1]))


def gen_lefttc(d, rng, nodes, edges, colours, sources):
    edge = distinct((rng.randrange(nodes), rng.randrange(nodes), rng.randrange(colours))
                    for _ in range(edges))
    write(d, "edge", [e for e in edge if e[0] != e[1]])
    write(d, "source", distinct((rng.randrange(nodes),) for _ in range(sources)))


def gen_cartesian(d, rng, applicants, openings, skills, cities):
    write(d, "applicant", [(a, rng.randrange(cities), rng.randrange(15)) for a in range(applicants)])
    write(d, "opening", [(p, rng.randrange(cities), rng.randrange(8)) for p in range(openings)])
    write(d, "skill", distinct((a, rng.randrange(skills)) for a in range(applicants) for _ in range(6)))
    write(d, "needs", distinct((p, rng.randrange(skills)) for p in range(openings) for _ in range(2)))


def gen_ranges(d, rng, n, intervals, points, maxlen):
    write(d, "num", [(x,) for x in range(n)])
    iv = []
    for i in range(intervals):
        lo = rng.randrange(n - 1)
        iv.append((i, lo, min(n - 1, lo + 1 + rng.randrange(maxlen))))
    write(d, "interval", iv)
    write(d, "point", [(p, rng.randrange(n)) for p in range(points)])


def gen_reachdef(d, rng, procs, blocks, nvars):
    """`procs` procedures of `blocks` nodes each: a fall-through chain, forward branches
    and loops (back edges). Each procedure has its own `nvars` variables; a node
    defines one (half the time with a constant) and uses up to two."""
    node, entry, succ, defs, uses, consts, local = ([] for _ in range(7))
    for p in range(procs):
        base = p * blocks
        entry.append((p, base))
        for v in range(nvars):
            local.append((p, p * nvars + v))
        for i in range(blocks):
            n = base + i
            node.append((n, p))
            if i + 1 < blocks:
                succ.append((n, n + 1))
            r = rng.random()
            if r < 0.2 and i + 2 < blocks:
                succ.append((n, base + rng.randrange(i + 2, min(blocks, i + 12))))
            elif r < 0.3 and i > 2:
                succ.append((n, base + rng.randrange(max(0, i - 15), i)))
            for _ in range(rng.randrange(3)):
                uses.append((n, p * nvars + rng.randrange(nvars)))
            if rng.random() < 0.7:
                v = p * nvars + rng.randrange(nvars)
                defs.append((n, v))
                if rng.random() < 0.5:
                    consts.append((n, v, rng.randrange(3)))
    for rel, rows in [("node", node), ("entry", entry), ("succ", distinct(succ)),
                      ("def", distinct(defs)), ("use", distinct(uses)),
                      ("defconst", consts), ("local", local)]:
        write(d, rel, rows)


def gen_strata(d, rng, layers, width, fanout):
    """Positions 0.. in layers 0..layers: `width` a layer; each position of layer k >= 1
    has `fanout` moves to layer k-1 (or k-2)."""
    at = [(k * width + j, k) for k in range(layers + 1) for j in range(width)]
    move = []
    for k in range(1, layers + 1):
        for j in range(width):
            x = k * width + j
            for _ in range(rng.randrange(1, fanout + 1)):
                k2 = k - 1 if (k == 1 or rng.random() < 0.7) else k - 2
                move.append((x, k2 * width + rng.randrange(width)))
    write(d, "at", at)
    write(d, "move", distinct(move))


def gen_groupagg(d, rng, sales, stores, regions, items, cats):
    write(d, "store", [(s, rng.randrange(regions)) for s in range(stores)])
    write(d, "item", [(i, rng.randrange(cats)) for i in range(items)])
    price = [1 + rng.randrange(1000) for _ in range(items)]
    rows = []
    for sid in range(sales):
        i = min(rng.randrange(items), rng.randrange(items))  # some items sell more
        rows.append((sid, rng.randrange(stores), i, 1 + rng.randrange(20),
                     max(1, price[i] - rng.randrange(50))))
    write(d, "sale", rows)


# ---------------------------------------------------------------------------------------
# Sizes: small (a CI smoke, a few seconds for all) and default (kzrules ~0.3-5 s each)
# ---------------------------------------------------------------------------------------

PROGRAMS = {
    "policy": (gen_policy,
               dict(hosts=300, zones=10, ports=12, trust_rules=60, users=100, groups=10),
               dict(hosts=4000, zones=40, ports=40, trust_rules=1500, users=4000, groups=200)),
    "pointsto": (gen_pointsto,
                 dict(modules=30, vars_per_module=20, fields=4, calls_per_module=2, cross=0.02),
                 dict(modules=3000, vars_per_module=40, fields=8, calls_per_module=4, cross=0.03)),
    "poset": (gen_poset,
              dict(levels=6, width=8, up=2, back=2),
              dict(levels=12, width=20, up=2, back=3)),
    "nfa": (gen_nfa,
            dict(states=20, alphabet=3, fanout=2, strings=20, length=12),
            dict(states=300, alphabet=4, fanout=2, strings=1000, length=60)),
    "puzzle": (gen_puzzle,
               dict(cells=10, tokens=3, bound=25),
               dict(cells=18, tokens=6, bound=70)),
    "nltc": (gen_nltc,
             dict(clusters=5, size=10, inner=15, links=2),
             dict(clusters=40, size=60, inner=90, links=3)),
    "lefttc": (gen_lefttc,
               dict(nodes=60, edges=120, colours=3, sources=5),
               dict(nodes=4000, edges=12500, colours=3, sources=200)),
    "cartesian": (gen_cartesian,
                  dict(applicants=40, openings=30, skills=10, cities=5),
                  dict(applicants=2000, openings=1500, skills=60, cities=30)),
    "ranges": (gen_ranges,
               dict(n=60, intervals=30, points=40, maxlen=20),
               dict(n=1500, intervals=2500, points=20000, maxlen=300)),
    "reachdef": (gen_reachdef,
                 dict(procs=5, blocks=20, nvars=5),
                 dict(procs=400, blocks=80, nvars=12)),
    "strata": (gen_strata,
               dict(layers=12, width=20, fanout=3),
               dict(layers=12, width=40000, fanout=3)),
    "groupagg": (gen_groupagg,
                 dict(sales=2000, stores=20, regions=4, items=100, cats=8),
                 dict(sales=600000, stores=400, regions=12, items=5000, cats=60)),
}


def generate(name, out_dir, size="default", seed=SEED):
    fn, small, default = PROGRAMS[name]
    params = small if size == "small" else default
    # one seed per program, so adding a program changes no other's inputs
    rng = random.Random("%d:%s" % (seed, name))
    os.makedirs(out_dir, exist_ok=True)
    fn(out_dir, rng, **params)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("name", nargs="?", help="program: " + ", ".join(PROGRAMS))
    ap.add_argument("out", nargs="?", help="folder for the .facts files")
    ap.add_argument("--size", choices=("small", "default"), default="default")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--list", action="store_true")
    ns = ap.parse_args(argv)
    if ns.list:
        for name, (_, small, default) in PROGRAMS.items():
            print("%-10s small %s; default %s" % (name, small, default))
        return 0
    if not ns.name or not ns.out or ns.name not in PROGRAMS:
        ap.error("give a program name (%s) and an output folder" % ", ".join(PROGRAMS))
    generate(ns.name, ns.out, ns.size, ns.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
