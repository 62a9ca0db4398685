#!/usr/bin/env python3
"""Whole-process benchmark harness: kzrules against Datalog-capable peers.

Every engine runs every selected workload as a separate OS process; the
harness reports the median wall time of --runs runs, the peak RSS of the
process (from `/usr/bin/time -v`), the result count, and kzrules's time
ratio to each peer, as Markdown on stdout.  Progress goes to stderr.

Result counts must agree across engines (and with the closed form or the
Python reference where one exists); otherwise the script prints the table,
then exits 1 with a MISMATCH message.  A crashing engine also exits 1; a run
over --timeout is reported as "timeout" and is not a failure.

Examples:
    bench/run.py                                   # everything, 3 runs each
    bench/run.py --workloads chain2000,rand20k --engines kzrules,sqlite,swipl,clingo --runs 3
    bench/run.py --tiny                            # CI smoke: all workloads, tiny sizes, 1 run
    bench/run.py --list

Unavailable engines are skipped and listed under "Not run" (kzrules rows
show as "pending" until build/tools/kzrules exists; PostgreSQL is skipped if
a throwaway cluster cannot be started under /tmp).  With --strict, kzrules
or any engine named in --engines being unavailable is a failure instead.
"""

import argparse
import collections
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
PROG_DIR = os.path.join(BENCH_DIR, "programs")
sys.dont_write_bytecode = True
sys.path.insert(0, BENCH_DIR)
import gen  # noqa: E402

# --------------------------------------------------------------------------
# Workloads
# --------------------------------------------------------------------------

Workload = collections.namedtuple(
    "Workload", "name kind rel gen tiny desc large", defaults=(False,))

WORKLOADS = collections.OrderedDict((w.name, w) for w in [
    Workload("chain1000", "tc", "path", ("chain", 1000), ("chain", 20),
             "transitive closure, chain of 1,000 nodes"),
    Workload("chain2000", "tc", "path", ("chain", 2000), ("chain", 30),
             "transitive closure, chain of 2,000 nodes"),
    Workload("chain4000", "tc", "path", ("chain", 4000), ("chain", 40),
             "transitive closure, chain of 4,000 nodes"),
    Workload("rand20k", "tc", "path", ("rand", 20000, 21000), ("rand", 60, 70),
             "transitive closure, random graph 20,000 nodes / 21,000 edges"),
    Workload("rand5k", "tc", "path", ("rand", 5000, 10000), ("rand", 30, 60),
             "transitive closure, random graph 5,000 nodes / 10,000 edges"),
    Workload("sg12", "sg", "sg", ("tree", 12), ("tree", 3),
             "same generation, complete binary tree of depth 12 (8,191 nodes)"),
    Workload("neg4k", "neg", "unreach", ("neg", 4000, 4400), ("neg", 40, 44),
             "stratified negation: unreachable pairs, 4,000 nodes / 4,400 edges"),
    Workload("agg1m", "agg", "stats", ("agg", 1000000, 1000), ("agg", 1000, 10),
             "grouped count/sum/mean, 1,000,000 facts in 1,000 groups"),
    Workload("kazakhstan", "kazakhstan", None, None, None,
             "kzrules check rules/kazakhstan rules/kazakhstan/facts/2007 (kzrules only)"),
    # Ten times the largest above (docs/scaling.md): run only when named.
    Workload("chain12650", "tc", "path", ("chain", 12650), ("chain", 50),
             "transitive closure, chain of 12,650 nodes: 80 million tuples, 10x chain4000 (named only)",
             True),
    Workload("agg10m", "agg", "stats", ("agg", 10000000, 10000), ("agg", 2000, 20),
             "grouped count/sum/mean, 10,000,000 facts in 10,000 groups, 10x agg1m (named only)", True),
])

KAZ_RULES = os.path.join("rules", "kazakhstan")
KAZ_FACTS = os.path.join("rules", "kazakhstan", "facts", "2007")


def closed_form(spec):
    """Expected result count from the generator spec, where one is known."""
    kind = spec[0]
    if kind == "chain":
        n = spec[1]
        return n * (n - 1) // 2
    if kind == "tree":
        d = spec[1]
        return sum((1 << l) * ((1 << l) - 1) for l in range(1, d + 1))
    if kind == "agg":
        return min(spec[1], spec[2])
    return None


def _read_facts(path):
    with open(path) as f:
        return [tuple(int(v) for v in line.rstrip("\n").split("\t")) for line in f if line.strip()]


def _reach_sets(edges):
    adj = collections.defaultdict(list)
    for a, b in edges:
        adj[a].append(b)
    out = {}
    for s in list(adj):
        seen = set()
        stack = list(adj[s])
        while stack:
            v = stack.pop()
            if v not in seen:
                seen.add(v)
                stack.extend(adj[v])
        out[s] = seen
    return out


def reference_count(kind, data_dir):
    """Straightforward Python evaluation (for --tiny / --reference)."""
    if kind == "tc":
        return sum(len(s) for s in _reach_sets(_read_facts(os.path.join(data_dir, "edge.facts"))).values())
    if kind == "neg":
        nodes = [t[0] for t in _read_facts(os.path.join(data_dir, "node.facts"))]
        reach = _reach_sets(_read_facts(os.path.join(data_dir, "edge.facts")))
        ns = set(nodes)
        return len(nodes) ** 2 - sum(len(reach.get(x, set()) & ns) for x in nodes)
    if kind == "sg":
        par = _read_facts(os.path.join(data_dir, "parent.facts"))
        children = collections.defaultdict(list)
        for p, c in par:
            children[p].append(c)
        sg = set((x, y) for cs in children.values() for x in cs for y in cs if x != y)
        delta = set(sg)
        while delta:
            new = set()
            for a, b in delta:
                for x in children.get(a, ()):
                    for y in children.get(b, ()):
                        if (x, y) not in sg:
                            new.add((x, y))
            sg |= new
            delta = new
        return len(sg)
    if kind == "agg":
        return len(set(t[1] for t in _read_facts(os.path.join(data_dir, "val.facts"))))
    return None


# --------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------

class Unavailable(Exception):
    pass


class Engine:
    name = "?"
    kinds = ("tc", "sg", "neg", "agg")

    def available(self):
        """Return None if usable, else a reason string."""
        return None

    def version(self):
        return ""

    def prepare(self, kind, data_dir):
        """Conversion work done before (outside) the timed runs."""

    def command(self, wl, data_dir, out_dir):
        """-> (argv, cwd)"""
        raise NotImplementedError

    def parse(self, wl, stdout):
        """-> (count or None, extra peak RSS in KiB or None)"""
        m = re.search(r"^%s\t(\d+)\s*$" % re.escape(wl.rel), stdout, re.M)
        return (int(m.group(1)) if m else None), None

    def ok_exit(self, rc):
        return rc == 0


def _first_line(argv):
    try:
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=30).stdout
        return out.strip().splitlines()[0] if out.strip() else ""
    except Exception:
        return ""


class Kzrules(Engine):
    name = "kzrules"
    kinds = ("tc", "sg", "neg", "agg", "kazakhstan")

    def __init__(self, binary):
        self.binary = binary

    def available(self):
        if not (os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)):
            return "pending: %s not built" % os.path.relpath(self.binary, REPO_DIR)
        return None

    def version(self):
        return _first_line([self.binary, "--version"])

    def has_subcommand(self, sub):
        try:
            out = subprocess.run([self.binary, "--help"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True, timeout=30).stdout
        except Exception:
            return False
        return re.search(r"^\s+%s\b" % re.escape(sub), out, re.M) is not None

    def command(self, wl, data_dir, out_dir):
        if wl.kind == "kazakhstan":
            return [self.binary, "check", KAZ_RULES, KAZ_FACTS], REPO_DIR
        return [self.binary, "run", os.path.join(PROG_DIR, wl.kind + ".dl"),
                "-F", data_dir, "-D", out_dir], data_dir

    def parse(self, wl, stdout):
        if wl.kind == "kazakhstan":
            return None, None
        return Engine.parse(self, wl, stdout)


class KzrulesPostgres(Kzrules):
    """kzrules run --backend: the same program evaluated on the PostgreSQL peer's
    throwaway cluster (its time includes copying the facts in and the outputs back; its
    memory is the kzrules process only, not the server's)."""
    name = "kzrules-pg"
    kinds = ("tc", "sg", "neg", "agg")

    def __init__(self, binary, pg):
        Kzrules.__init__(self, binary)
        self.pg = pg

    def available(self):
        reason = Kzrules.available(self)
        if reason:
            return reason
        reason = self.pg.available()
        if reason:
            return "no PostgreSQL cluster: " + reason
        return None

    def command(self, wl, data_dir, out_dir):
        cmd, cwd = Kzrules.command(self, wl, data_dir, out_dir)
        return cmd + ["--backend", "postgresql:///postgres?host=%s&user=postgres" % self.pg.sock], cwd


class KzrulesParallel(Kzrules):
    """kzrules with -j 2: threads inside one fixpoint. Its "ratio" is kzrules -j1 ÷ -j2."""
    name = "kzrules-j2"
    kinds = ("tc", "sg", "neg", "agg")

    def command(self, wl, data_dir, out_dir):
        cmd, cwd = Kzrules.command(self, wl, data_dir, out_dir)
        return cmd + ["-j", "2"], cwd


class Souffle(Engine):
    """Optional: used only if a `souffle` binary is on PATH (no Debian package)."""
    name = "souffle"

    def available(self):
        return None if shutil.which("souffle") else "souffle not on PATH"

    def version(self):
        return _first_line(["souffle", "--version"])

    def command(self, wl, data_dir, out_dir):
        return ["souffle", "-F", data_dir, "-D", out_dir,
                os.path.join(PROG_DIR, wl.kind + ".dl")], data_dir


class Sqlite(Engine):
    name = "sqlite"

    def available(self):
        return None if shutil.which("sqlite3") else "sqlite3 not installed (apt-get install sqlite3)"

    def version(self):
        return "SQLite " + _first_line(["sqlite3", "--version"]).split(" ")[0]

    def command(self, wl, data_dir, out_dir):
        prog = os.path.join(PROG_DIR, wl.kind + ".sqlite.sql")
        # sqlite3 reads the script on stdin: run through sh so the redirect is
        # part of the timed process.
        return ["sh", "-c", 'exec sqlite3 -bail :memory: < "$1"', "sqlite3", prog], data_dir


def _write_converted(data_dir, name, fmt):
    """Write facts.pl / facts.lp next to the .facts files (once)."""
    out = os.path.join(data_dir, name)
    stamp = out + ".ok"
    if os.path.exists(stamp):
        return out
    rels = sorted(f[:-6] for f in os.listdir(data_dir) if f.endswith(".facts"))
    with open(out + ".tmp", "w") as f:
        for rel in rels:
            with open(os.path.join(data_dir, rel + ".facts")) as src:
                buf = []
                for line in src:
                    line = line.rstrip("\n")
                    if not line:
                        continue
                    buf.append(fmt % (rel, line.replace("\t", ",")))
                    if len(buf) >= 65536:
                        f.write("".join(buf))
                        buf = []
                f.write("".join(buf))
    os.replace(out + ".tmp", out)
    open(stamp, "w").close()
    return out


class Swipl(Engine):
    name = "swipl"

    def available(self):
        return None if shutil.which("swipl") else "swipl not installed (apt-get install swi-prolog-nox)"

    def version(self):
        return _first_line(["swipl", "--version"])

    def prepare(self, kind, data_dir):
        _write_converted(data_dir, "facts.pl", "%s(%s).\n")

    def command(self, wl, data_dir, out_dir):
        return ["swipl", "--stack-limit=8g", "-q", "-g", "main", "-t", "halt",
                os.path.join(data_dir, "facts.pl"),
                os.path.join(PROG_DIR, wl.kind + ".pl")], data_dir


class Clingo(Engine):
    name = "clingo"

    def available(self):
        return None if shutil.which("clingo") else "clingo not installed (apt-get install gringo)"

    def version(self):
        return _first_line(["clingo", "--version"])

    def prepare(self, kind, data_dir):
        _write_converted(data_dir, "facts.lp", "%s(%s).\n")

    def command(self, wl, data_dir, out_dir):
        return ["clingo", "-V0", os.path.join(PROG_DIR, wl.kind + ".lp"),
                os.path.join(data_dir, "facts.lp")], data_dir

    def parse(self, wl, stdout):
        m = re.search(r"count\(%s,(\d+)\)" % re.escape(wl.rel), stdout)
        return (int(m.group(1)) if m else None), None

    def ok_exit(self, rc):
        # clingo: 10 = satisfiable, 20 = unsatisfiable, +... ; 30 = SAT + search exhausted
        return rc in (10, 30)


class Postgres(Engine):
    """Throwaway cluster under /tmp, started on first use, stopped at exit."""
    name = "postgres"

    def __init__(self):
        self.bindir = None
        self.root = None
        self.sock = None
        self.started = False
        self.reason = None

    def _find_bindir(self):
        cands = []
        pgc = shutil.which("pg_config")
        if pgc:
            try:
                cands.append(subprocess.run([pgc, "--bindir"], stdout=subprocess.PIPE,
                                            text=True).stdout.strip())
            except Exception:
                pass
        import glob
        cands += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
        for b in [os.path.dirname(shutil.which("initdb") or "") or ""]:
            cands.append(b)
        for c in cands:
            if c and os.path.exists(os.path.join(c, "initdb")) and os.path.exists(os.path.join(c, "pg_ctl")):
                return c
        return None

    def _as_pg(self, argv):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--"] + argv
        return argv

    def available(self):
        if self.started:
            return None
        if self.reason:
            return self.reason
        if not shutil.which("psql"):
            self.reason = "psql not installed (apt-get install postgresql)"
            return self.reason
        self.bindir = self._find_bindir()
        if not self.bindir:
            self.reason = "initdb/pg_ctl not found (apt-get install postgresql)"
            return self.reason
        try:
            self._start()
        except Exception as e:  # optional engine: skip, never fail the run
            self.reason = "could not start a local cluster: %s" % e
            self.stop()
            return self.reason
        return None

    def _start(self):
        self.root = tempfile.mkdtemp(prefix="kzbench-pg-", dir="/tmp")
        if os.geteuid() == 0:
            import pwd
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        data = os.path.join(self.root, "data")
        log = os.path.join(self.root, "log")
        r = subprocess.run(self._as_pg([os.path.join(self.bindir, "initdb"), "-D", data,
                                        "--auth=trust", "-U", "postgres", "-E", "UTF8",
                                        "--no-sync"]),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            raise RuntimeError("initdb failed: " + r.stdout.strip()[-300:])
        opts = ("-k %s -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c shared_buffers=256MB" % self.root)
        r = subprocess.run(self._as_pg([os.path.join(self.bindir, "pg_ctl"), "-D", data, "-l", log,
                                        "-w", "-t", "60", "-o", opts, "start"]),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.started = True  # pg_ctl may have left a server even on error
        if r.returncode != 0:
            raise RuntimeError("pg_ctl start failed: " + r.stdout.strip()[-300:])
        self.sock = self.root

    def stop(self):
        if self.root and self.started:
            subprocess.run(self._as_pg([os.path.join(self.bindir, "pg_ctl"), "-D",
                                        os.path.join(self.root, "data"), "-m", "immediate",
                                        "-w", "stop"]),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.started = False
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def version(self):
        return _first_line([os.path.join(self.bindir, "postgres"), "--version"]) if self.bindir else ""

    def command(self, wl, data_dir, out_dir):
        return ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-h", self.sock, "-U", "postgres",
                "-d", "postgres", "-f", os.path.join(PROG_DIR, wl.kind + ".pg.sql")], data_dir

    def parse(self, wl, stdout):
        count, _ = Engine.parse(self, wl, stdout)
        m = re.search(r"^vmhwm_kb\t(\d+)\s*$", stdout, re.M)
        return count, (int(m.group(1)) if m else None)


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

TIME_BIN = "/usr/bin/time"


def run_once(argv, cwd, timeout):
    """-> dict(status=ok|timeout|error, wall, rss_kb, rc, stdout, stderr)"""
    use_time = os.path.exists(TIME_BIN)
    fd, tfile = tempfile.mkstemp(prefix="kzbench-time-")
    os.close(fd)
    full = ([TIME_BIN, "-v", "-o", tfile] + argv) if use_time else argv
    t0 = time.perf_counter()
    proc = subprocess.Popen(full, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        wall = time.perf_counter() - t0
        status = "ok"
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        wall = time.perf_counter() - t0
        status = "timeout"
    rc = proc.returncode
    rss = None
    if use_time:
        try:
            with open(tfile) as f:
                tv = f.read()
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
            rss = int(m.group(1)) if m else None
            m = re.search(r"Exit status: (\d+)", tv)
            if m:
                rc = int(m.group(1))
            elif status == "ok" and "Command terminated by signal" in tv:
                rc = -1
        except OSError:
            pass
    os.unlink(tfile)
    return dict(status=status, wall=wall, rss_kb=rss, rc=rc, stdout=out, stderr=err)


def ensure_data(wl, tiny, data_root):
    if wl.gen is None:
        return None
    spec = wl.tiny if tiny else wl.gen
    d = os.path.join(data_root, "-".join(str(s) for s in spec))
    stamp = os.path.join(d, "GENERATED")
    want = repr(spec)
    if os.path.exists(stamp) and open(stamp).read() == want:
        return d
    if os.path.isdir(d):
        shutil.rmtree(d)
    log("generating %s -> %s" % (want, os.path.relpath(d, REPO_DIR)))
    gen.generate(spec, d)
    with open(stamp, "w") as f:
        f.write(want)
    return d


def log(msg):
    print("[bench] " + msg, file=sys.stderr, flush=True)


def fmt_time(cell):
    if cell["status"] == "timeout":
        return "timeout (>%gs)" % cell["timeout"]
    if cell["status"] in ("error", "pending", "skipped"):
        return cell["status"]
    return ("%.2f" if cell["median"] >= 1 else "%.3f") % cell["median"]


def fmt_rss(cell):
    if cell.get("rss_kb") is None:
        return "—"
    return "%.0f" % (cell["rss_kb"] / 1024.0)


def machine_info():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1024.0 / 1024.0)
                    break
    except OSError:
        pass
    return dict(nproc=os.cpu_count(), cpu=cpu, mem=mem,
                kernel=platform.release(), python=platform.python_version())


def check_counts(results, wname, expected=None, expected_src=None):
    """Cross-engine (and expected-value) agreement for one workload.
    Marks disagreeing cells and returns a list of failure messages."""
    failures = []
    counts = {e: c["count"] for (w, e), c in results.items()
              if w == wname and c.get("count") is not None}
    if expected is not None:
        for e, c in sorted(counts.items()):
            if c != expected:
                failures.append("MISMATCH %s: %s counted %d, %s says %d" % (
                    wname, e, c, expected_src, expected))
    bad = len(set(counts.values())) > 1 or (
        expected is not None and any(c != expected for c in counts.values()))
    for (w, e), c in results.items():
        if w == wname and c.get("count") is not None:
            c["mismatch"] = bad
    if len(set(counts.values())) > 1:
        failures.append("MISMATCH %s: engines disagree: %s" % (
            wname, ", ".join("%s=%d" % kv for kv in sorted(counts.items()))))
    return failures


def render(meta, results, wnames, enames):
    """Print the Markdown report for `results` {(workload, engine): cell}."""
    mi = meta["machine"]
    cells = list(results.values())
    runs = sorted(set(c.get("runs") for c in cells if c.get("runs")))
    timeouts = sorted(set(c.get("timeout") for c in cells if c.get("timeout")))
    print("## kzrules benchmark results%s" % (" (--tiny smoke run)" if meta.get("tiny") else ""))
    print()
    print("Machine: %s cores, %s, %s RAM, Linux %s.  Runs per cell: %s (median wall time), "
          "per-run timeout %s s." % (mi["nproc"], mi["cpu"], mi["mem"], mi["kernel"],
                                     "/".join(str(r) for r in runs) or "-",
                                     "/".join("%g" % t for t in timeouts) or "-"))
    print()
    vers = ["%s: %s" % (e, v) for e, v in meta.get("versions", {}).items() if v]
    if vers:
        print("Engines: " + "; ".join(vers) + ".")
        print()
    print("| workload | engine | median wall (s) | peak RSS (MiB) | result count | kzrules time ÷ peer |")
    print("|---|---|---:|---:|---:|---:|")
    for wname in wnames:
        kz = results.get((wname, "kzrules"))
        kz_t = kz.get("median") if kz and kz["status"] == "ok" else None
        for ename in enames:
            cell = results.get((wname, ename))
            if cell is None:
                continue
            ratio = ""
            if ename == "kzrules":
                ratio = "—" if cell["status"] == "ok" else ""
            elif cell["status"] == "ok" and kz_t is not None:
                ratio = "%.2f×" % (kz_t / cell["median"]) if cell["median"] > 0 else ""
            elif cell["status"] == "timeout" and kz_t is not None:
                ratio = "< %.3f×" % (kz_t / cell["timeout"])
            elif kz is not None and kz["status"] == "pending":
                ratio = "pending"
            count = cell.get("count")
            print("| %s | %s | %s | %s | %s | %s |" % (
                wname, ename, fmt_time(cell), fmt_rss(cell) if cell["status"] == "ok" else "—",
                ("{:,}".format(count) + (" **MISMATCH**" if cell.get("mismatch") else ""))
                if count is not None else "—", ratio))
    print()
    max_load = max([c.get("max_load", 0.0) for c in cells] or [0.0])
    print("Highest 1-minute load average seen just before a run: %.2f%s" % (
        max_load, " (other work was running on this machine: treat times as noisy)"
        if max_load > mi["nproc"] * 0.75 else "."))
    print()
    notes = [("%s: %s" % (e, r)) for e, r in meta.get("unavailable", {}).items()
             if not any(k[1] == e and c["status"] not in ("pending",) for k, c in results.items())]
    if notes:
        print("Not run: " + "; ".join(notes) + ".")
        print()


def save_json(path, meta, results):
    with open(path, "w") as f:
        json.dump(dict(meta, results=[dict(workload=w, engine=e, **c)
                                      for (w, e), c in results.items()]), f, indent=1)


def report_from(paths, engine_order):
    """Merge saved --json files (later files override earlier cells) and print one table."""
    meta = None
    results = collections.OrderedDict()
    versions = collections.OrderedDict()
    unavailable = {}
    for p in paths:
        with open(p) as f:
            d = json.load(f)
        meta = d
        versions.update({k: v for k, v in d.get("versions", {}).items() if v})
        unavailable.update(d.get("unavailable", {}))
        for c in d["results"]:
            c = dict(c)
            key = (c.pop("workload"), c.pop("engine"))
            if key in results and c["status"] == "pending":
                continue
            results[key] = c
    for e in versions:
        unavailable.pop(e, None)
    meta = dict(machine=meta["machine"], tiny=meta.get("tiny"), versions=versions,
                unavailable=unavailable)
    wnames = [w for w in WORKLOADS if any(k[0] == w for k in results)]
    enames = [e for e in engine_order if any(k[1] == e for k in results)]
    failures = []
    for w in wnames:
        wl = WORKLOADS[w]
        exp = closed_form(wl.tiny if meta["tiny"] else wl.gen) if wl.gen else None
        failures += check_counts(results, w, exp, "closed form")
    render(meta, results, wnames, enames)
    return failures, meta, results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workloads", default=None,
                    help="comma-separated (default: all but the large ones, run only when named): "
                         + ",".join(WORKLOADS))
    ap.add_argument("--engines", default=None,
                    help="comma-separated from kzrules,kzrules-j2,kzrules-pg,souffle,sqlite,postgres,swipl,clingo "
                         "(default: all available)")
    ap.add_argument("--runs", type=int, default=3, help="runs per cell (median reported; default 3)")
    ap.add_argument("--timeout", type=float, default=120.0, help="per-run timeout in seconds (default 120)")
    ap.add_argument("--tiny", action="store_true",
                    help="CI smoke mode: every workload at a tiny size, 1 run, counts checked "
                         "against a Python reference")
    ap.add_argument("--reference", action="store_true",
                    help="also check counts against the Python reference evaluation (slow on big inputs)")
    ap.add_argument("--kzrules", default=os.environ.get("KZRULES",
                                                        os.path.join(REPO_DIR, "build", "tools", "kzrules")),
                    help="kzrules binary (default: build/tools/kzrules, or $KZRULES)")
    ap.add_argument("--data-dir", default=os.path.join(BENCH_DIR, ".data"),
                    help="where generated facts are cached (default bench/.data)")
    ap.add_argument("--strict", action="store_true",
                    help="fail if kzrules or any engine named in --engines is unavailable "
                         "(default: skip it and say so; kzrules rows show as pending)")
    ap.add_argument("--json", help="also write raw results to this JSON file")
    ap.add_argument("--report-from", metavar="JSON[,JSON...]",
                    help="run nothing: merge results saved with --json (later files override "
                         "earlier cells) and print one table (and save the merge with --json), e.g. "
                         "stored peer figures plus a fresh --engines kzrules run")
    ap.add_argument("--list", action="store_true", help="list workloads and engines, then exit")
    ns = ap.parse_args(argv)

    postgres = Postgres()
    engines_all = collections.OrderedDict([
        ("kzrules", Kzrules(os.path.abspath(ns.kzrules))),
        ("kzrules-j2", KzrulesParallel(os.path.abspath(ns.kzrules))),
        ("kzrules-pg", KzrulesPostgres(os.path.abspath(ns.kzrules), postgres)),
        ("souffle", Souffle()),
        ("sqlite", Sqlite()),
        ("postgres", postgres),
        ("swipl", Swipl()),
        ("clingo", Clingo()),
    ])

    if ns.list:
        print("workloads:")
        for w in WORKLOADS.values():
            print("  %-11s %s" % (w.name, w.desc))
        print("engines: " + ", ".join(engines_all))
        return 0

    if ns.report_from:
        failures, meta, results = report_from(ns.report_from.split(","), list(engines_all))
        if ns.json:
            save_json(ns.json, meta, results)
        if failures:
            print("**FAILED**: %d problem(s):" % len(failures))
            print()
            for f in failures:
                print("- " + f)
            return 1
        return 0

    if ns.tiny:
        if ns.runs == 3:
            ns.runs = 1
        ns.reference = True
        if ns.timeout == 120.0:
            ns.timeout = 60.0

    wnames = ([w for w in WORKLOADS if not WORKLOADS[w].large] if not ns.workloads
              else [w.strip() for w in ns.workloads.split(",") if w.strip()])
    for w in wnames:
        if w not in WORKLOADS:
            ap.error("unknown workload %r (known: %s)" % (w, ", ".join(WORKLOADS)))
    explicit = ns.engines is not None
    enames = list(engines_all) if not explicit else [e.strip() for e in ns.engines.split(",") if e.strip()]
    for e in enames:
        if e not in engines_all:
            ap.error("unknown engine %r (known: %s)" % (e, ", ".join(engines_all)))
    if ns.runs < 1:
        ap.error("--runs must be >= 1")

    failures = []
    pg = engines_all["postgres"]
    try:
        engines = collections.OrderedDict()
        unavailable = {}
        for e in enames:
            eng = engines_all[e]
            reason = eng.available()
            if reason is None:
                engines[e] = eng
            else:
                unavailable[e] = reason
                if ns.strict and (explicit or e == "kzrules"):
                    failures.append("engine %s requested but unavailable: %s" % (e, reason))
                if e == "kzrules" or explicit:
                    log("engine %s unavailable: %s" % (e, reason))
                else:
                    log("skipping engine %s: %s" % (e, reason))
        if failures:
            for f in failures:
                print("FAIL: " + f, file=sys.stderr)
            return 1

        results = collections.OrderedDict()  # (workload, engine) -> cell
        os.makedirs(ns.data_dir, exist_ok=True)
        for wname in wnames:
            wl = WORKLOADS[wname]
            expected = None
            expected_src = None
            data_dir = None
            if wl.kind == "kazakhstan":
                if not (os.path.isdir(os.path.join(REPO_DIR, KAZ_RULES)) and
                        os.path.isdir(os.path.join(REPO_DIR, KAZ_FACTS))):
                    log("skipping kazakhstan: %s or %s missing" % (KAZ_RULES, KAZ_FACTS))
                    if "kzrules" in enames:
                        results[(wname, "kzrules")] = dict(status="skipped", note="rules/kazakhstan missing")
                    continue
                if "kzrules" in engines and not engines["kzrules"].has_subcommand("check"):
                    log("kazakhstan: kzrules has no `check` subcommand yet")
                    results[(wname, "kzrules")] = dict(status="pending",
                                                       note="kzrules has no check subcommand yet")
                    continue
            else:
                data_dir = ensure_data(wl, ns.tiny, ns.data_dir)
                spec = wl.tiny if ns.tiny else wl.gen
                expected = closed_form(spec)
                expected_src = "closed form" if expected is not None else None
                if ns.reference:
                    ref = reference_count(wl.kind, data_dir)
                    if expected is not None and ref != expected:
                        failures.append("%s: Python reference %d != closed form %d" % (wname, ref, expected))
                    expected, expected_src = ref, "Python reference"

            for ename in enames:
                if ename in unavailable:
                    if ename == "kzrules":
                        results[(wname, ename)] = dict(status="pending", note=unavailable[ename])
                    continue
                eng = engines[ename]
                if wl.kind not in eng.kinds:
                    continue
                if data_dir:
                    eng.prepare(wl.kind, data_dir)
                cell = dict(status="ok", walls=[], rsss=[], counts=[], timeout=ns.timeout,
                            runs=ns.runs, max_load=0.0)
                for i in range(ns.runs):
                    out_dir = tempfile.mkdtemp(prefix="kzbench-out-")
                    try:
                        argv_, cwd = eng.command(wl, data_dir, out_dir)
                        cell["command"] = " ".join(a if a and " " not in a and "\t" not in a
                                                   else repr(a) for a in argv_)
                        load1 = os.getloadavg()[0]
                        cell["max_load"] = max(cell["max_load"], load1)
                        r = run_once(argv_, cwd, ns.timeout)
                    finally:
                        shutil.rmtree(out_dir, ignore_errors=True)
                    if r["status"] == "timeout":
                        log("%s/%s run %d: timeout after %.0fs" % (wname, ename, i + 1, r["wall"]))
                        cell["status"] = "timeout"
                        break
                    count, extra_rss = eng.parse(wl, r["stdout"])
                    if not eng.ok_exit(r["rc"]) or (wl.rel is not None and count is None):
                        cell["status"] = "error"
                        msg = "%s/%s run %d: exit %s, count %s\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
                            wname, ename, i + 1, r["rc"], count,
                            r["stdout"][-2000:], r["stderr"][-2000:])
                        failures.append(msg)
                        log(msg)
                        break
                    rss = r["rss_kb"]
                    if extra_rss is not None:
                        rss = max(rss or 0, extra_rss)
                    cell["walls"].append(r["wall"])
                    cell["rsss"].append(rss)
                    cell["counts"].append(count)
                    log("%s/%s run %d: %.3fs, %s MiB, count %s (load before run %.2f)" % (
                        wname, ename, i + 1, r["wall"],
                        "%.0f" % (rss / 1024.0) if rss else "?", count, load1))
                if cell["walls"] and cell["status"] == "ok":
                    cell["median"] = statistics.median(cell["walls"])
                    rs = [x for x in cell["rsss"] if x is not None]
                    cell["rss_kb"] = max(rs) if rs else None
                    if len(set(cell["counts"])) > 1:
                        failures.append("%s/%s: counts differ between runs: %s" % (
                            wname, ename, cell["counts"]))
                    cell["count"] = cell["counts"][0]
                results[(wname, ename)] = cell

            failures += check_counts(results, wname, expected, expected_src)

        # ------------------------------------------------------------------
        # Report
        # ------------------------------------------------------------------
        meta = dict(machine=machine_info(), tiny=ns.tiny,
                    versions=collections.OrderedDict((e, eng.version()) for e, eng in engines.items()),
                    unavailable=unavailable)
        render(meta, results, wnames, enames)
        if ns.json:
            save_json(ns.json, meta, results)

        if failures:
            print("**FAILED**: %d problem(s):" % len(failures))
            print()
            for f in failures:
                print("- " + f.splitlines()[0])
            for f in failures:
                print("FAIL: " + f, file=sys.stderr)
            return 1
        return 0
    finally:
        pg.stop()


if __name__ == "__main__":
    sys.exit(main())
