#!/usr/bin/env python3
"""Run kzrules over Soufflé's own integration tests and report how many pass.

The tests are read from a checkout of https://github.com/souffle-lang/souffle
given with --souffle-src; nothing of Soufflé's is copied into this project.
Scratch output goes to a fresh temporary folder (deleted afterwards), or to
--work DIR (kept), which must lie outside this project.

What is run, and how it is judged, mirrors Soufflé's own CMake harness
(cmake/SouffleTests.cmake and cmake/*.py in the Soufflé tree):

* The tests are those registered in tests/{evaluation,example,semantic,
  syntactic}/CMakeLists.txt.  Only positive tests are run: negative tests
  (WILL_FAIL in CMake) are skipped, and so are positive tests whose expected
  output is only an error (no expected .csv, empty .out, "Error" in .err).
  A multi-test (souffle_positive_multi_test) is one run per facts folder.
  Tests with SQLite output (compared by the harness with the sqlite3 tool)
  are skipped, and so are tests with files missing from a git checkout
  (`git ls-files --deleted`; a snapshot may lack its largest files).
* Each run is `kzrules run <test>/<name>.dl -F <test>/facts -D . --wrap-integers`
  (-D - for Soufflé's OUTPUT_STDOUT tests; --wrap-integers because Soufflé's
  integers wrap where kzrules's stop with E0402 by default), started in an empty output folder, with
  standard output captured as <name>.out.  A multi-test reads its facts from,
  and checks against, <test>/<facts-folder>/ instead.
* A run passes when kzrules exits 0, writes exactly as many *.csv files as
  the test expects, every expected <rel>.csv equals kzrules's file, and
  <name>.out equals the expected standard output.  As in Soufflé's
  check_test_results.py, files are compared line by line after stripping
  trailing blanks and sorting rows (tab-separated fields; fields of digits
  only sort numerically); there is no float tolerance.  gzip outputs
  (EXTRA_DATA gzip) are unpacked and JSON outputs compared, as there.  The
  expected .err (Soufflé's warnings) is not compared: diagnostics are worded
  differently.
* A run that fails is "wrong" (exit 0, output differs), "rejected" (exit 2:
  the program or its facts were refused; the first error line and its code
  are reported), "timeout" (killed after --timeout seconds, or exit 3: a
  resource limit) or "crashed" (any other exit status, or a signal).

Selections (--selection) sort tests by the dialect their program (and any
file it includes) uses, searched with comments removed and string literals
and .input/.output parameter lists blanked:

  core   Soufflé's core dialect only: no components (.comp/.init), records or
         ADTs, user functors (.functor, @f), choice-domain, subsumption,
         lattices, eqrel/btree_delete/brie, .number_type/.symbol_type,
         .printsize, .limitsize, IO=sqlite/json, inline/magic/no_magic,
         .pragma, multi-name .decl, bitwise words (band, bor, ... lnot),
         true/false, preprocessor lines (#...) or .include/__LINE__.
  core+  core, and also .pragma, multi-name .decl, bitwise words, true/false,
         preprocessor lines and .include/__LINE__.
  all    every positive test.

Getting the tests: any checkout of souffle-lang/souffle will do.  From a
bare mirror that lacks some blobs, `git clone MIRROR /tmp/souffle-src`
stops before checking out; finish with `git reset -q HEAD && git
checkout-index -a -f` inside /tmp/souffle-src.

Run it from anywhere, ideally at low priority on a shared machine:

  nice -n 10 python3 bench/souffle_suite.py --souffle-src /tmp/souffle-src \\
      --kzrules build/tools/kzrules --selection core+ --json /tmp/core+.json

Options: --only NAME... runs just those tests (a test name such as access1,
or a qualified one such as evaluation/access1 or example/lucas_pell);
--list prints the selection with the features that placed each test; --souffle
BIN also runs Soufflé's interpreter on each test, for the time comparison.
The script exits 0 whatever the results (2 on bad arguments).
"""

import argparse
import collections
import glob
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CATEGORIES = ("evaluation", "example", "semantic", "syntactic")
PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTCOMES = ("pass", "wrong", "rejected", "timeout", "crashed")

# CMake variables as a default Soufflé build on Linux sees them.
CMAKE_VARS = {
    "MSVC": False, "WIN32": False, "APPLE": False, "FALSE": False,
    "TRUE": True, "ON": True, "OFF": False, "OPENMP_FOUND": True,
    "SOUFFLE_USE_ZLIB": True, "SOUFFLE_USE_SQLITE": True,
    "SOUFFLE_TEST_EVALUATION": True, "SOUFFLE_TEST_EXAMPLES": True,
    "CMAKE_SYSTEM_NAME": "Linux",
}

Test = collections.namedtuple(
    "Test",
    "run_id category name test_dir data_dir facts_dir negative "
    "extra_data output_stdout no_preprocessor include_dirs")

Result = collections.namedtuple(
    "Result", "test outcome seconds exit_code diagnostic code detail "
    "souffle_seconds souffle_outcome")


# --------------------------------------------------------------------------
# Reading Soufflé's CMakeLists.txt
# --------------------------------------------------------------------------

def strip_cmake_comments(text):
    """Removes `# ...` comments, leaving quoted strings alone."""
    out, quoted = [], False
    for line in text.splitlines():
        kept = []
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif ch == "#" and not quoted:
                break
            kept.append(ch)
        out.append("".join(kept))
    return "\n".join(out)


def cmake_commands(text):
    """Yields (command, [arguments]) for each command call, in order."""
    pos, text = 0, strip_cmake_comments(text)
    call = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")
    while True:
        m = call.search(text, pos)
        if not m:
            return
        depth, i = 1, m.end()
        while depth and i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        body = text[m.end():i - 1]
        args = re.findall(r'"[^"]*"|[^\s()]+', body)
        yield m.group(1).lower(), [a.strip('"') for a in args]
        pos = i


def cmake_expand(token):
    """token with ${VAR} references replaced by their values."""
    return re.sub(r"\$\{(\w+)\}", lambda m: str(CMAKE_VARS.get(m.group(1), "")), token)


def cmake_value(token):
    """The truth value of one token of an if(): a true constant or a variable set true."""
    token = cmake_expand(token)
    if token in CMAKE_VARS:
        return bool(CMAKE_VARS[token])
    if token.upper() in ("ON", "YES", "TRUE", "Y"):
        return True
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", token)) and float(token) != 0


def cmake_condition(args):
    """Evaluates the simple if() conditions Soufflé's test lists use."""
    if not args:
        return False
    if args[0].upper() == "NOT":
        return not cmake_condition(args[1:])
    for op, combine in (("OR", any), ("AND", all)):
        if op in args:
            i = args.index(op)
            return combine([cmake_condition(args[:i]), cmake_condition(args[i + 1:])])
    if len(args) == 3 and args[1].upper() == "MATCHES":
        return re.search(args[2], cmake_expand(args[0])) is not None
    return cmake_value(args[0])


def keyword_args(args, flags, single, multi):
    """Splits arguments as cmake_parse_arguments does: flags map to True, lists to lists."""
    out, key = {}, None
    for a in args:
        if a in flags:
            out[a], key = True, None
        elif a in single or a in multi:
            key = a
            out[key] = [] if a in multi else None
        elif key in single and out.get(key) is None:
            out[key] = a
        elif key in multi:
            out[key].append(a)
        else:
            raise ValueError("unexpected argument %r" % a)
    return out


def registered_calls(cmake_file):
    """The (command, [arguments]) calls of one CMakeLists.txt that CMake would execute:
    calls outside function bodies, in if()/elseif()/else() branches that are taken."""
    with open(cmake_file, encoding="utf-8") as f:
        text = f.read()
    # One entry per open if(): [this branch runs, some branch of it was taken].
    branches, in_function, calls = [], 0, []
    for cmd, args in cmake_commands(text):
        if cmd in ("function", "macro"):
            in_function += 1
        elif cmd in ("endfunction", "endmacro"):
            in_function -= 1
        elif in_function:
            continue
        elif cmd == "if":
            taken = cmake_condition(args)
            branches.append([taken, taken])
        elif cmd in ("elseif", "else"):
            taken = not branches[-1][1] and (cmd == "else" or cmake_condition(args))
            branches[-1] = [taken, branches[-1][1] or taken]
        elif cmd == "endif":
            branches.pop()
        elif all(b[0] for b in branches):
            calls.append((cmd, args))
    return calls


def run_test_kwargs(cmd, args, category):
    """Maps one registering call to souffle_run_test keyword arguments, or None."""
    flags = ("NEGATIVE", "MULTI_TEST", "NO_PREPROCESSOR", "OUTPUT_STDOUT",
             "FUNCTORS", "POSITIVE", "COMPILED", "COMPILED_SPLITTED", "DEBUG_REPORT")
    single = ("TEST_NAME", "CATEGORY", "FACTS_DIR_NAME", "EXTRA_DATA")
    multi = ("INCLUDE_DIRS", "FACTS_DIR_NAMES")
    if cmd in ("positive_test", "souffle_positive_test"):
        return {"TEST_NAME": args[0], "CATEGORY": category}
    if cmd in ("negative_test", "souffle_negative_test"):
        return {"TEST_NAME": args[0], "CATEGORY": category, "NEGATIVE": True}
    if cmd == "positive_output_stdout_test":
        return {"TEST_NAME": args[0], "CATEGORY": category, "OUTPUT_STDOUT": True}
    if cmd == "souffle_positive_functor_test":
        return {"TEST_NAME": args[0], "CATEGORY": category, "FUNCTORS": True}
    if cmd in ("souffle_run_test", "souffle_run_test_helper", "souffle_positive_multi_test"):
        kw = keyword_args(args, flags, single, multi)
        kw.setdefault("CATEGORY", category)
        if cmd == "souffle_positive_multi_test":
            kw["MULTI_TEST"] = True
        return kw
    return None


def tests_from_kwargs(kw, category_dir):
    """The Test runs one souffle_run_test call registers (several for a multi-test)."""
    name, category = kw["TEST_NAME"], kw["CATEGORY"]
    test_dir = os.path.join(category_dir, name)
    facts_names = kw.get("FACTS_DIR_NAMES") or [kw.get("FACTS_DIR_NAME") or "facts"]
    tests = []
    for facts_name in facts_names:
        multi = bool(kw.get("MULTI_TEST"))
        tests.append(Test(
            run_id="%s/%s%s" % (category, name, "_" + facts_name if multi else ""),
            category=category, name=name, test_dir=test_dir,
            data_dir=os.path.join(test_dir, facts_name) if multi else test_dir,
            facts_dir=os.path.join(test_dir, facts_name),
            negative=bool(kw.get("NEGATIVE")),
            extra_data=kw.get("EXTRA_DATA"),
            output_stdout=bool(kw.get("OUTPUT_STDOUT")),
            no_preprocessor=bool(kw.get("NO_PREPROCESSOR")),
            include_dirs=[os.path.join(test_dir, d) for d in kw.get("INCLUDE_DIRS") or []]))
    return tests


def registered_tests(souffle_src):
    """Every test run the four categories' CMakeLists.txt register, in file order."""
    tests, seen = [], set()
    for category in CATEGORIES:
        category_dir = os.path.join(souffle_src, "tests", category)
        for cmd, args in registered_calls(os.path.join(category_dir, "CMakeLists.txt")):
            kw = run_test_kwargs(cmd, args, category)
            if kw is None:
                continue
            for t in tests_from_kwargs(kw, category_dir):
                if t.run_id not in seen:
                    seen.add(t.run_id)
                    tests.append(t)
    return tests


def unregistered_folders(souffle_src, tests):
    """Test folders present in the tree that CMake does not run (commented out, if (FALSE))."""
    registered = set((t.category, t.name) for t in tests)
    out = []
    for category in CATEGORIES:
        for d in sorted(glob.glob(os.path.join(souffle_src, "tests", category, "*", ""))):
            name = os.path.basename(os.path.dirname(d))
            if (category, name) not in registered and os.path.exists(os.path.join(d, name + ".dl")):
                out.append("%s/%s" % (category, name))
    return out


# --------------------------------------------------------------------------
# Expected results
# --------------------------------------------------------------------------

def read_text(path):
    """A file's text ('' when it is missing)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def expected_csvs(test):
    """Names of the expected <rel>.csv files of a run."""
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(test.data_dir, "*.csv")))


def expects_only_error(test):
    """True when the run's expected result is an error and nothing else."""
    return (not expected_csvs(test)
            and not read_text(os.path.join(test.data_dir, test.name + ".out")).strip()
            and "Error" in read_text(os.path.join(test.data_dir, test.name + ".err")))


def souffle_sorted_lines(text):
    """Rows as Soufflé's cmake/common.py sort_file() leaves them, read back."""
    digits = re.compile(r"^\d+$")

    def key(row):
        return ["{:0>20d}".format(int(f)) if digits.match(f) else f for f in row.split("\t")]

    rows = [r.rstrip() for r in text.splitlines(True)]
    joined = "\n".join(sorted(rows, key=key))
    return [line.rstrip() for line in joined.split("\n")] if joined else []


def read_universal(path):
    """A file's text with universal newlines, as Python's open() reads it."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return f.read()


def describe_difference(label, expected, actual):
    """One line saying how two sorted row lists differ."""
    want, got = collections.Counter(expected), collections.Counter(actual)
    missing, extra = list((want - got).elements()), list((got - want).elements())
    parts = ["%s: %d rows expected, %d written" % (label, len(expected), len(actual))]
    if missing:
        parts.append("%d missing (e.g. %r)" % (len(missing), missing[0][:60]))
    if extra:
        parts.append("%d extra (e.g. %r)" % (len(extra), extra[0][:60]))
    if not missing and not extra:
        parts.append("same rows, different order of equal keys")
    return ", ".join(parts)


def compare_sorted_files(expected_path, actual_path, label):
    """None when two files hold the same rows after Soufflé's sorting, else how they differ."""
    if not os.path.isfile(actual_path):
        return "%s not written" % label
    expected = souffle_sorted_lines(read_universal(expected_path))
    actual = souffle_sorted_lines(read_universal(actual_path))
    return None if expected == actual else describe_difference(label, expected, actual)


def compare_extra_outputs(test, out_dir):
    """Checks EXTRA_DATA outputs as check_test_results.py does: gzip files are unpacked
    to the .csv they stand for (then checked with the others), JSON files compared."""
    if test.extra_data == "gzip":
        for path in sorted(glob.glob(os.path.join(out_dir, "*.gz.output"))):
            target = os.path.join(out_dir, os.path.basename(path).rstrip(".gz.output"))
            try:
                with gzip.open(path, "rb") as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
            except (OSError, EOFError) as e:
                return "%s: not gzip data (%s)" % (os.path.basename(path), e)
    elif test.extra_data == "json":
        for path in sorted(glob.glob(os.path.join(out_dir, "*.json"))):
            name = os.path.basename(path)
            why = compare_sorted_files(os.path.join(test.data_dir, name), path, name)
            if why:
                return why
    return None


def compare_outputs(test, out_dir):
    """None when the outputs in out_dir match the test's expectation, else why not."""
    why = compare_extra_outputs(test, out_dir)
    if why:
        return why
    want = expected_csvs(test)
    written = sorted(os.path.basename(p) for p in glob.glob(os.path.join(out_dir, "*.csv")))
    for name in want:
        why = compare_sorted_files(os.path.join(test.data_dir, name), os.path.join(out_dir, name), name)
        if why:
            return why
    if len(written) != len(want):
        extra = sorted(set(written) - set(want))
        return "%d .csv files written, %d expected (extra: %s)" % (
            len(written), len(want), ", ".join(extra) or "-")
    stdout_name = test.name + ".out"
    return compare_sorted_files(os.path.join(test.data_dir, stdout_name),
                                os.path.join(out_dir, stdout_name), "stdout")


# --------------------------------------------------------------------------
# Which dialect a program uses
# --------------------------------------------------------------------------

# Features outside the core that core+ still admits.
PLUS_FEATURES = collections.OrderedDict([
    ("pragma", r"^\s*\.pragma\b"),
    ("multi-name .decl", r"\.decl\s+[\w.]+\s*,"),
    ("bitwise word", r"\b(band|bor|bxor|bshl|bshr|bshru|land|lor|lxor|bnot|lnot)\b"),
    ("true/false", r"\b(true|false)\b"),
    ("preprocessor", r"^\s*#\s*\w+"),
    ("include", r"^\s*\.include\b|\b__(LINE|FILE|INCL)__\b"),
])

# Features that place a program outside both core and core+.
EXTENSION_FEATURES = collections.OrderedDict([
    ("component", r"^\s*\.(comp|init|override)\b"),
    ("record/ADT", r"\[|\$\w+|\.type\s+\w+\s*=\s*\w+\s*\{|\bnil\b"),
    ("functor", r"^\s*\.functor\b|@\w+"),
    ("choice-domain", r"\bchoice-domain\b"),
    ("subsumption", r"^\s*[\w.]+\s*\([^()]*\)\s*<=\s*[\w.]+\s*\("),
    ("lattice", r"^\s*\.lattice\b"),
    ("eqrel/btree_delete/brie", r"\b(eqrel|btree_delete|brie)\b"),
    (".number_type/.symbol_type", r"^\s*\.(number_type|symbol_type)\b"),
    (".printsize", r"^\s*\.printsize\b"),
    (".limitsize", r"^\s*\.limitsize\b"),
    ("IO=sqlite/json", r"(?i)\bIO\s*=\s*\"?(sqlite|json)"),
    ("inline/magic", r"\b(inline|no_inline|magic|no_magic)\b"),
])


def strip_comments(text):
    """Removes // and /* */ comments, keeping strings and line breaks."""
    return re.sub(r'"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?\*/',
                  lambda m: m.group(0) if m.group(0).startswith('"')
                  else "\n" * m.group(0).count("\n"), text, flags=re.S)


def strip_strings_and_io_params(text):
    """Blanks string literals and the parameter lists of .input/.output/.printsize."""
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"(\.(?:input|output|printsize|limitsize)[ \t]+[\w., \t]*?)\([^()]*\)", r"\1()", text)


def included_files(text, directory, include_dirs):
    """Files a program includes with #include or .include, where they can be found."""
    found = []
    for name in re.findall(r'^\s*(?:#\s*include|\.include)\s*[<"]([^>"]+)[>"]', text, re.M):
        for d in [directory] + include_dirs:
            if os.path.isfile(os.path.join(d, name)):
                found.append(os.path.join(d, name))
                break
    return found


def program_features(test):
    """The set of non-core features the program of a test (with its includes) uses."""
    features, todo, seen = set(), [os.path.join(test.test_dir, test.name + ".dl")], set()
    while todo:
        path = todo.pop()
        if path in seen or not os.path.isfile(path):
            continue
        seen.add(path)
        text = strip_comments(read_text(path))
        bare = strip_strings_and_io_params(text)
        for table in (PLUS_FEATURES, EXTENSION_FEATURES):
            for feature, pattern in table.items():
                source = text if feature == "IO=sqlite/json" else bare
                if re.search(pattern, source, re.M):
                    features.add(feature)
        todo.extend(included_files(text, os.path.dirname(path), test.include_dirs))
    return features


def selection_level(features):
    """'core', 'core+' or 'all': the smallest selection a program belongs to."""
    if features & set(EXTENSION_FEATURES):
        return "all"
    return "core+" if features else "core"


def files_absent_from_checkout(souffle_src):
    """Tracked files missing from a git checkout (a snapshot may lack its largest blobs)."""
    try:
        out = subprocess.run(["git", "-C", souffle_src, "ls-files", "--deleted", "-z"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return [os.path.join(souffle_src, p) for p in out.decode("utf-8", "replace").split("\0") if p]


def is_incomplete(test, absent):
    """True when a file of the test's folder is missing from the checkout."""
    return any(is_inside(p, test.test_dir) for p in absent)


def select_tests(tests, selection, only, absent=()):
    """The positive runs in a selection, each with its features, and the runs left out and why."""
    order = ("core", "core+", "all")
    chosen, skipped = [], collections.Counter()
    for t in tests:
        if only and not any(n in (t.name, t.run_id, t.run_id.split("/", 1)[1]) for n in only):
            continue
        if t.negative:
            skipped["negative (expected to fail)"] += 1
            continue
        features = program_features(t)
        if order.index(selection_level(features)) > order.index(selection):
            skipped["outside --selection " + selection] += 1
        elif t.extra_data == "sqlite3":
            skipped["SQLite output, compared with the sqlite3 tool (not mirrored)"] += 1
        elif is_incomplete(t, absent):
            skipped["files missing from the checkout: " + t.run_id] += 1
        elif expects_only_error(t):
            skipped["positive, but the expected result is only an error"] += 1
        else:
            chosen.append((t, features))
    return chosen, skipped


# --------------------------------------------------------------------------
# Running an engine
# --------------------------------------------------------------------------

def clean_dir(path):
    """Makes path an empty folder."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)


def run_process(argv, cwd, stdout_path, stderr_path, timeout):
    """Runs argv in cwd with its outputs in files; returns (exit code or None on timeout, seconds)."""
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
        return code, time.monotonic() - start


def first_diagnostic(stderr_text):
    """(first error line, its code) from kzrules's stderr; falls back to the first line."""
    lines = [l.strip() for l in stderr_text.splitlines() if l.strip()]
    for line in lines:
        if re.search(r"(^|: )error: ", line):
            code = re.search(r"\[([EW]\d{4})\]\s*$", line)
            return line, code.group(1) if code else ""
    return (lines[0] if lines else ""), ""


def kzrules_argv(kzrules, test):
    """The kzrules command line for a test, as Soufflé's harness builds its own."""
    return ([kzrules, "run", os.path.join(test.test_dir, test.name + ".dl"),
             "-F", test.facts_dir, "-D", "-" if test.output_stdout else ".", "--wrap-integers"]
            + ["-I" + d for d in test.include_dirs])


def souffle_argv(souffle, test):
    """Soufflé's interpreter command line for a test, with the flags SouffleTests.cmake
    gives it (but not -j8, so that both engines run on one thread)."""
    argv = [souffle]
    if test.no_preprocessor:
        argv.append("--no-preprocessor")
    argv += ["-I" + d for d in test.include_dirs]
    argv += ["-D-"] if test.output_stdout else ["-D", "."]
    argv += ["-F", test.facts_dir, os.path.join(test.test_dir, test.name + ".dl")]
    return argv


def classify(test, out_dir, code, stderr_text):
    """(outcome, diagnostic, error code, detail) of one finished or killed run."""
    diagnostic, err_code = first_diagnostic(stderr_text)
    if code is None:
        return "timeout", diagnostic, err_code, "killed after the time limit"
    if code == 0:
        detail = compare_outputs(test, out_dir)
        return ("wrong", diagnostic, err_code, detail) if detail else ("pass", "", "", "")
    if code == 2:
        return "rejected", diagnostic, err_code, ""
    if code == 3:
        return "timeout", diagnostic, err_code, "resource limit (exit 3)"
    what = "signal %d" % -code if code < 0 else "exit %d" % code
    return "crashed", diagnostic, err_code, what


def run_engine(argv, test, out_dir, timeout):
    """Runs one engine on one test in a clean out_dir; returns (outcome, diag, code, detail, secs, exit)."""
    clean_dir(out_dir)
    stdout_path = os.path.join(out_dir, test.name + ".out")
    stderr_path = os.path.join(out_dir, test.name + ".err")
    code, seconds = run_process(argv, out_dir, stdout_path, stderr_path, timeout)
    outcome, diagnostic, err_code, detail = classify(test, out_dir, code, read_text(stderr_path))
    return outcome, diagnostic, err_code, detail, seconds, code


def run_test(test, args, work):
    """Runs kzrules (and Soufflé, when asked) on one test; returns its Result."""
    slug = test.run_id.replace("/", "__")
    outcome, diagnostic, err_code, detail, seconds, code = run_engine(
        kzrules_argv(args.kzrules, test), test, os.path.join(work, "kzrules", slug), args.timeout)
    souffle_seconds = souffle_outcome = None
    if args.souffle:
        souffle_outcome, _, _, _, souffle_seconds, _ = run_engine(
            souffle_argv(args.souffle, test), test, os.path.join(work, "souffle", slug), args.timeout)
    return Result(test, outcome, seconds, code, diagnostic, err_code, detail,
                  souffle_seconds, souffle_outcome)


# --------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------

def shorten(text, width):
    """text cut to width characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def strip_location(diagnostic):
    """A diagnostic without its leading file:line:column: prefix."""
    return re.sub(r"^.*?:(\d+:){0,2}\s*(?=(error|warning): )", "", diagnostic)


def failure_reason(r):
    """What went wrong in a run that did not pass, in one line."""
    if r.outcome == "wrong":
        return r.detail
    diagnostic = strip_location(r.diagnostic)
    if r.outcome == "rejected":
        return diagnostic
    return "%s: %s" % (r.detail, diagnostic) if diagnostic else r.detail


def print_failures(results, out):
    """A table of every run that did not pass, by outcome, then error code."""
    failed = [r for r in results if r.outcome != "pass"]
    if not failed:
        return
    out.write("\nFailures\n\n%-44s %-9s %7s  %s\n" % ("test", "outcome", "secs", "first diagnostic / difference"))
    for r in sorted(failed, key=lambda r: (OUTCOMES.index(r.outcome), r.code, r.test.run_id)):
        out.write("%-44s %-9s %7.2f  %s\n" % (r.test.run_id, r.outcome, r.seconds, shorten(failure_reason(r), 110)))


def print_codes(results, out):
    """How many rejected runs each error code accounts for."""
    codes = collections.Counter(r.code or "?" for r in results if r.outcome == "rejected")
    if codes:
        out.write("\nRejections by first error code: %s\n" % ", ".join(
            "%s %d" % kv for kv in codes.most_common()))


def print_slowest(results, n, out):
    """The n slowest runs (with Soufflé's time beside them when it ran)."""
    out.write("\nSlowest %d runs\n\n" % n)
    for r in sorted(results, key=lambda r: -r.seconds)[:n]:
        souffle = "" if r.souffle_seconds is None else "  souffle %.2fs (%s)" % (r.souffle_seconds, r.souffle_outcome)
        out.write("%-44s %8.2fs  %s%s\n" % (r.test.run_id, r.seconds, r.outcome, souffle))


def print_totals(results, skipped, selection, wall, out):
    """Totals per outcome, what was left out and why, and the wall time."""
    counts = collections.Counter(r.outcome for r in results)
    out.write("\nSelection %s: %d runs\n" % (selection, len(results)))
    for outcome in OUTCOMES:
        out.write("  %-9s %4d\n" % (outcome, counts[outcome]))
    for why, n in sorted(skipped.items()):
        out.write("  skipped   %4d  %s\n" % (n, why))
    timed = [r for r in results if r.souffle_seconds is not None]
    if timed:
        out.write("  kzrules %.1fs, souffle %.1fs over the same %d runs\n" % (
            sum(r.seconds for r in timed), sum(r.souffle_seconds for r in timed), len(timed)))
    out.write("Wall time %.1fs (kzrules runs %.1fs)\n" % (wall, sum(r.seconds for r in results)))


def result_json(r, features):
    """One run as a JSON-ready dict."""
    return {"test": r.test.run_id, "outcome": r.outcome, "seconds": round(r.seconds, 4),
            "exit_code": r.exit_code, "diagnostic": r.diagnostic, "code": r.code,
            "detail": r.detail, "features": sorted(features),
            "souffle_seconds": None if r.souffle_seconds is None else round(r.souffle_seconds, 4),
            "souffle_outcome": r.souffle_outcome}


def write_json(path, args, results, features, skipped, wall):
    """Writes the whole run as JSON."""
    doc = {"souffle_src": args.souffle_src, "kzrules": args.kzrules, "selection": args.selection,
           "timeout": args.timeout, "wall_seconds": round(wall, 2),
           "totals": dict(collections.Counter(r.outcome for r in results)),
           "skipped": dict(skipped),
           "results": [result_json(r, features[r.test.run_id]) for r in results]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


def print_listing(chosen, skipped, out):
    """The selected runs with the features that decided their selection, then what was left out."""
    for t, features in chosen:
        out.write("%-44s %-6s %s\n" % (t.run_id, selection_level(features), ", ".join(sorted(features))))
    for why, n in sorted(skipped.items()):
        out.write("skipped %4d  %s\n" % (n, why))
    out.write("%d runs\n" % len(chosen))


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def parse_args(argv):
    """The command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--souffle-src", required=True, help="checkout of souffle-lang/souffle")
    p.add_argument("--kzrules", help="the kzrules binary (required unless --list)")
    p.add_argument("--work", help="scratch folder, kept afterwards (default: a temporary one, removed)")
    p.add_argument("--selection", choices=("core", "core+", "all"), default="core")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds a run may take (default 60)")
    p.add_argument("--json", help="also write every result to this JSON file")
    p.add_argument("--only", nargs="+", metavar="NAME", help="run only these tests")
    p.add_argument("--souffle", metavar="BIN", help="also run this Soufflé binary, for the times")
    p.add_argument("--slowest", type=int, default=15, help="how many of the slowest runs to list")
    p.add_argument("--list", action="store_true", help="print the selection and exit")
    args = p.parse_args(argv)
    if not os.path.isdir(os.path.join(args.souffle_src, "tests", "evaluation")):
        p.error("%s has no tests/evaluation: not a Soufflé checkout" % args.souffle_src)
    if not args.list and not (args.kzrules and os.access(args.kzrules, os.X_OK)):
        p.error("--kzrules must name an executable kzrules binary")
    if args.work and is_inside(args.work, PROJECT_DIR):
        p.error("--work must lie outside the project (%s)" % PROJECT_DIR)
    for name in ("souffle_src", "kzrules", "souffle", "work"):
        if getattr(args, name):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    return args


def is_inside(path, directory):
    """True when path is directory or lies below it."""
    path, directory = os.path.realpath(path), os.path.realpath(directory)
    return os.path.commonpath([path, directory]) == directory


def run_all(chosen, args, work):
    """Runs every chosen test in turn, reporting progress on stderr."""
    results = []
    for i, (t, _) in enumerate(chosen, 1):
        r = run_test(t, args, work)
        sys.stderr.write("[%d/%d] %-44s %-9s %.2fs\n" % (i, len(chosen), t.run_id, r.outcome, r.seconds))
        results.append(r)
    return results


def main(argv=None):
    """Selects the tests, runs them, prints the report; returns the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    tests = registered_tests(args.souffle_src)
    absent = files_absent_from_checkout(args.souffle_src)
    chosen, skipped = select_tests(tests, args.selection, args.only, absent)
    if args.list:
        print_listing(chosen, skipped, sys.stdout)
        return 0
    work = args.work or tempfile.mkdtemp(prefix="souffle-suite-")
    start = time.monotonic()
    try:
        results = run_all(chosen, args, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    wall = time.monotonic() - start
    print_failures(results, sys.stdout)
    print_codes(results, sys.stdout)
    print_slowest(results, args.slowest, sys.stdout)
    print_totals(results, skipped, args.selection, wall, sys.stdout)
    if args.json:
        features = {t.run_id: f for t, f in chosen}
        write_json(args.json, args, results, features, skipped, wall)
    return 0


if __name__ == "__main__":
    sys.exit(main())
