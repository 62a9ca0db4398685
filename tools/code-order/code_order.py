#!/usr/bin/env python3
"""Lists the functions of the kzrules binary that its common commands execute, hottest
first, for the linker to place together (tools/CMakeLists.txt, --symbol-ordering-file).

Why: a process's resident memory counts the pages of its code it has touched, and the
kernel maps code around each page touched (64 KiB at a time). Linked in source order,
the code one `kzrules run` executes is spread over the whole binary: an empty run kept
2 MiB of the 3.4 MiB text resident, against 0.4 MiB for a compiled Soufflé program.
Placed together, it takes a few hundred KiB. Functions missing from the list (new code)
still link, after the listed ones; the list only has to be regenerated now and then.

It runs, under valgrind's callgrind (Debian: valgrind), `kzrules run` on the programs of
bench/general/ at --size small, then `kzrules check` on the
Kazakhstan corpus, and collects every function of the binary that ran, with the
instructions it executed itself.

    tools/code-order/code_order.py build/tools/kzrules > tools/code-order/kzrules.order
"""

import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(REPO, "bench", "general"))
import gen_general  # noqa: E402


def workloads(scratch):
    """The commands to profile, as argument lists after the binary."""
    out = os.path.join(scratch, "out")
    os.makedirs(out, exist_ok=True)
    jobs = []
    for prog in sorted(gen_general.PROGRAMS):
        facts = os.path.join(scratch, prog)
        gen_general.generate(prog, facts, "small")
        jobs.append(["run", os.path.join(REPO, "bench", "general", prog + ".dl"), "-F", facts, "-D", out])
    jobs.append(["check", os.path.join(REPO, "rules", "kazakhstan")])
    return jobs


def self_costs(profile, binary):
    """Instructions each function of `binary` executed itself, by mangled name."""
    names = {}     # compressed id -> name, per kind (ob, fn)
    costs = collections.Counter()
    current_ob = current_fn = None
    skip_next = False
    for line in open(profile, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        m = re.match(r"^(ob|fl|fi|fe|fn|cob|cfi|cfl|cfn)=\((\d+)\)(?: (.*))?$", line)
        if m:
            kind, ident, name = m.groups()
            table = "ob" if kind in ("ob", "cob") else "fn" if kind in ("fn", "cfn") else "fl"
            if name is not None:
                names[(table, ident)] = name
            if kind == "ob":
                current_ob = names.get(("ob", ident))
            elif kind == "fn":
                # callgrind marks recursion levels with 'N (see --separate-recs)
                current_fn = re.sub(r"'\d+$", "", names.get(("fn", ident), ""))
                if current_ob == binary:
                    costs[current_fn] += 0  # ran, even if it costs nothing itself
            continue
        if line.startswith("calls="):
            skip_next = True  # the next line is the call's inclusive cost
            continue
        if skip_next:
            skip_next = False
            continue
        if current_ob == binary and current_fn and line and (line[0].isdigit() or line[0] in "+-*"):
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                costs[current_fn] += int(parts[1])
    return costs


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: code_order.py KZRULES_BINARY > ORDER_FILE")
    binary = os.path.realpath(sys.argv[1])
    total = collections.Counter()
    runs = collections.Counter()  # how many of the workloads ran each function
    with tempfile.TemporaryDirectory() as scratch:
        for k, args in enumerate(workloads(scratch)):
            profile = os.path.join(scratch, "callgrind.%d" % k)
            subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", "--callgrind-out-file=" + profile,
                            binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            costs = self_costs(profile, binary)
            total.update(costs)
            runs.update(costs.keys())
            print("profiled: kzrules %s" % " ".join(os.path.relpath(a, REPO) if a.startswith("/") else a
                                                   for a in args), file=sys.stderr)
    # Symbols only: callgrind names code without a symbol by its address.
    # What every run executes comes first (startup, parsing, planning, the evaluator's
    # core), what only some do after it (a construct one program uses, `check`'s report),
    # so that one run touches a prefix; hottest first within each.
    ranked = [name for name, cost in sorted(total.items(), key=lambda kv: (-runs[kv[0]], -kv[1], kv[0]))
              if not name.startswith("0x")]
    print("# Functions `kzrules run` and `check` execute, the most commonly run first: written by")
    print("# tools/code-order/code_order.py (see there); the linker places them together.")
    for name in ranked:
        print(name)


if __name__ == "__main__":
    main()
