// The command line: exit codes, Soufflé-style flags, nothing written on error.
#include <cstdlib>

#include "kzrules/postgresql.hpp"
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

TEST_CASE("kzrules run writes outputs and prints sizes", "[cli]") {
  test::TempDir dir;
  test::write_text(dir.path() / "tc.dl",
                   ".decl e(a: number, b: number)\n.decl p(a: number, b: number)\n.input e\n.output p\n.printsize p\n"
                   "p(x, y) :- e(x, y).\np(x, z) :- p(x, y), e(y, z).\n");
  test::write_text(dir.path() / "facts" / "e.facts", "1\t2\n2\t3\n");
  auto r = test::run_cli("run tc.dl -F facts -D out", dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out == "p\t3\n");
  CHECK(test::read_text(dir.path() / "out" / "p.csv") == "1\t2\n1\t3\n2\t3\n");
  auto to_stdout = test::run_cli("run tc.dl -F facts -D -", dir.path());
  CHECK(to_stdout.out == "---------------\np\na\tb\n===============\n1\t2\n1\t3\n2\t3\n===============\np\t3\n");
}

TEST_CASE("bad input exits 2 with a located error and writes nothing", "[cli]") {
  test::TempDir dir;
  test::write_text(dir.path() / "bad.dl", ".decl a(x: number)\n.output a\na(x) :- b(x).\n");
  auto r = test::run_cli("run bad.dl -D out", dir.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("bad.dl:3:9: error: unknown relation 'b'"));
  CHECK_THAT(r.err, Contains("^"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));

  test::write_text(dir.path() / "div.dl", ".decl a(x: number)\n.output a\na(1).\na(x) :- a(y), x = 1 / (y - 1).\n");
  auto d = test::run_cli("run div.dl -D out", dir.path());
  CHECK(d.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out" / "a.csv"));

  CHECK(test::run_cli("run nowhere.dl", dir.path()).exit_code == 2);
  CHECK(test::run_cli("run bad.dl --no-such-flag", dir.path()).exit_code == 2);
  CHECK(test::run_cli("frobnicate", dir.path()).exit_code == 2);
}

TEST_CASE("run with --wrap-integers lets a Soufflé program's overflow wrap, and without it exits 2 writing nothing", "[cli]") {
  test::TempDir dir;
  test::write_text(dir.path() / "hash.dl",
                   ".decl w(x: number)\n.decl h(x: number)\n.input w\n.output h\n"
                   "h(x * 7046029254386353131 + 1) :- w(x).\n");
  test::write_text(dir.path() / "facts" / "w.facts", "97\n");
  auto refused = test::run_cli("run hash.dl -F facts -D out", dir.path());
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Contains("hash.dl:5:3: error: integer overflow"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out" / "h.csv"));
  auto wrapped = test::run_cli("run hash.dl -F facts -D - --wrap-integers", dir.path());
  CHECK(wrapped.exit_code == 0);
  // 97 * 7046029254386353131 + 1 mod 2^64, as a signed number.
  CHECK_THAT(wrapped.out, Contains("\n935306948222843916\n"));
  auto on_server = test::run_cli("run hash.dl -F facts -D out --wrap-integers --backend postgresql:///nowhere",
                                 dir.path());
  CHECK(on_server.exit_code == 2);
  CHECK_THAT(on_server.err, Contains("--wrap-integers has no SQL translation"));
}

TEST_CASE("libpq is opened at the first connection: without it, --backend is E0805 and a run in process is fine",
          "[cli][postgres]") {
  if (!postgresql_available()) return;  // a build without libpq says so from the start (unavailable.cpp)
  test::TempDir dir;
  test::write_text(dir.path() / "one.dl", ".decl a(x: number)\n.output a\na(1).\n");
  ::setenv("KZ_LIBPQ", "/nowhere/libpq.so.5", 1);
  auto on_server = test::run_cli("run one.dl -D out --backend postgresql:///nowhere", dir.path());
  auto in_process = test::run_cli("run one.dl -D -", dir.path());
  ::unsetenv("KZ_LIBPQ");
  CHECK(on_server.exit_code == 2);
  CHECK_THAT(on_server.err, Contains("cannot open the PostgreSQL client library /nowhere/libpq.so.5"));
  CHECK_THAT(on_server.err, Contains("[E0805]"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));
  CHECK(in_process.exit_code == 0);
  CHECK_THAT(in_process.out, Contains("\n1\n"));
}

TEST_CASE("resource limits exit 3 and say which", "[cli]") {
  test::TempDir dir;
  test::write_text(dir.path() / "inf.dl", ".decl n(x: number)\n.output n\nn(0).\nn(x + 1) :- n(x).\n");
  auto r = test::run_cli("run inf.dl -D out --max-tuples 5000", dir.path());
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Contains("--max-tuples"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out" / "n.csv"));
}

TEST_CASE("the help and version flags exit 0", "[cli]") {
  CHECK(test::run_cli("--help").exit_code == 0);
  auto v = test::run_cli("--version");
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Contains("kzrules"));
}

TEST_CASE("run --show prints a stage and evaluates nothing", "[cli]") {
  test::TempDir dir;
  test::write_text(dir.path() / "tc.dl",
                   ".decl e(a: number, b: number)\n.decl p(a: number, b: number)\n.input e\n.output p\n"
                   "p(x, y) :- e(x, y).\np(x, z) :- p(x, y), e(y, z).\n");
  // No facts folder: an evaluation would fail to read e.facts.
  auto ast = test::run_cli("run tc.dl --show=ast -D out", dir.path());
  CHECK(ast.exit_code == 0);
  CHECK_THAT(ast.out, Contains("file tc.dl\n  decl e\n    attribute a: number\n"));
  CHECK_THAT(ast.out, Contains("  rule\n    head\n      atom p\n"));
  auto ir = test::run_cli("run tc.dl --show ir -D out", dir.path());
  CHECK(ir.exit_code == 0);
  CHECK_THAT(ir.out, Contains("#1 p(x#0, z#1) :- p(x#0, y#2), e(y#2, z#1).\n"));
  CHECK_THAT(ir.out, Contains("1: p (recursive) rules #0, #1\n"));
  auto plan = test::run_cli("run tc.dl --show=plan -D out", dir.path());
  CHECK(plan.exit_code == 0);
  CHECK_THAT(plan.out, Contains("stratum 1 (recursive): p\n"));
  CHECK_THAT(plan.out, Contains("scan e key[0=y#2] via index 0 bind[1->z#1]\n"));
  CHECK(plan.err.empty());
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));

  auto bogus = test::run_cli("run tc.dl --show=bogus", dir.path());
  CHECK(bogus.exit_code == 2);
  CHECK_THAT(bogus.err, Contains("--show"));
  CHECK(bogus.out.empty());

  test::write_text(dir.path() / "bad.dl", ".decl a(x: number)\na(x) :- b(x).\n");
  auto bad = test::run_cli("run bad.dl --show=plan", dir.path());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Contains("bad.dl:2:9: error: unknown relation 'b'"));
  CHECK(bad.out.empty());
}

TEST_CASE("explain reads the expressions of its atom exactly", "[cli][explain]") {
  test::TempDir dir;
  test::write_text(dir.path() / "tc.dl",
                   ".decl e(a: number, b: number)\n.input e\n.decl p(a: number, b: number)\np(x, y) :- e(x, y).\n");
  test::write_text(dir.path() / "facts" / "e.facts", "6\t3\n1\t3\n-1\t3\n");
  auto sum = test::run_cli("explain tc.dl facts 'p(1+5, 3)'", dir.path());
  CHECK(sum.exit_code == 0);
  CHECK_THAT(sum.out, Contains("p(6, 3)   [rule tc.dl:4]"));
  CHECK_THAT(sum.out, Contains("e(6, 3)   [fact "));
  auto difference = test::run_cli("explain tc.dl facts 'p(7-6, 3)'", dir.path());
  CHECK_THAT(difference.out, Contains("p(1, 3)   [rule tc.dl:4]"));
  // -1 is the word ~0, which once stood for "a symbol no fact holds".
  auto minus_one = test::run_cli("explain tc.dl facts 'p(-1, 3)'", dir.path());
  CHECK_THAT(minus_one.out, Contains("p(-1, 3)   [rule tc.dl:4]"));
  auto variable = test::run_cli("explain tc.dl facts 'p(1, x)'", dir.path());
  CHECK(variable.exit_code == 2);
  CHECK_THAT(variable.err, Contains("<atom>:1:6: error: variable 'x' has no value here"));
  CHECK_THAT(variable.err, Contains("    1 | p(1, x)\n      |      ^\n"));
  auto overflow = test::run_cli("explain tc.dl facts 'p(9223372036854775807+1, 3)'", dir.path());
  CHECK(overflow.exit_code == 2);
  CHECK_THAT(overflow.err, Contains("integer overflow"));
}

TEST_CASE("warnings print with their place and leave the exit status alone, and --strict makes them errors",
          "[cli][warnings]") {
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl",
                   ".decl e(a: number, b: number)\n.input e\n.decl p(a: number)\n.output p\np(x) :- e(x, y).\n");
  test::write_text(dir.path() / "facts" / "e.facts", "1\t2\n");
  auto warned = test::run_cli("run p.dl -F facts -D out", dir.path());
  CHECK(warned.exit_code == 0);
  CHECK_THAT(warned.err, Contains("p.dl:5:14: warning: variable 'y' occurs only once in this rule"));
  CHECK_THAT(warned.err, Contains("    5 | p(x) :- e(x, y).\n      |              ^\n"));
  CHECK(test::read_text(dir.path() / "out" / "p.csv") == "1\n");

  auto strict = test::run_cli("run p.dl -F facts -D strict_out --strict", dir.path());
  CHECK(strict.exit_code == 2);
  CHECK_THAT(strict.err, Contains("p.dl:5:14: error: variable 'y' occurs only once in this rule"));
  CHECK_THAT(strict.err, Contains("[W0003]"));
  CHECK(strict.out.empty());
  CHECK_FALSE(std::filesystem::exists(dir.path() / "strict_out"));
  auto to_stdout = test::run_cli("run p.dl -F facts -D - --strict", dir.path());
  CHECK(to_stdout.exit_code == 2);
  CHECK(to_stdout.out.empty());

  // Without warnings, --strict changes nothing.
  test::write_text(dir.path() / "clean.dl",
                   ".decl e(a: number, b: number)\n.input e\n.decl p(a: number)\n.output p\np(x) :- e(x, _).\n");
  auto clean = test::run_cli("run clean.dl -F facts -D clean_out --strict", dir.path());
  CHECK(clean.exit_code == 0);
  CHECK(clean.err.empty());
  CHECK(test::read_text(dir.path() / "clean_out" / "p.csv") == "1\n");
}

namespace {

// An argument whose facts come from each fact set's file: the rules alone define no
// `horde` or `defector`, the fact sets do.
void write_argument(const std::filesystem::path& dir) {
  test::write_text(dir / "rules.kz",
                   ".decl defector(p: symbol)\n.decl horde(p: symbol, h: symbol)\n.hypothesis clan \"x\"\n"
                   ".claim kin \"x\" exists { defector(p), horde(p, \"Elder\") } opposes clan as straw.\n");
  test::write_text(dir / "full.kz", "defector(\"A\").\nhorde(\"A\", \"Elder\").\n");
  test::write_text(dir / "partial.kz", "defector(\"B\").\n");
  test::write_text(dir / "partial2.kz", "defector(\"C\").\n");
}

}  // namespace

TEST_CASE("check warns about a relation only where the fact set leaves it undefined, once", "[cli][warnings]") {
  test::TempDir dir;
  write_argument(dir.path());
  auto full = test::run_cli("check rules.kz full.kz", dir.path());
  CHECK(full.exit_code == 0);
  CHECK(full.err.empty());
  CHECK_THAT(full.out, Contains("kin"));
  auto strict_full = test::run_cli("check rules.kz full.kz --strict", dir.path());
  CHECK(strict_full.exit_code == 0);
  CHECK(strict_full.out == full.out);

  auto partial = test::run_cli("check rules.kz full.kz partial.kz partial2.kz", dir.path());
  CHECK(partial.exit_code == 0);
  CHECK_THAT(partial.err, Contains("rules.kz:2:7: warning: relation 'horde' is used but has no facts"));
  CHECK_THAT(partial.err, Contains("rules.kz:4:38: note: first used here"));
  CHECK(partial.err.find("warning:") == partial.err.rfind("warning:"));  // once, for both fact sets
  CHECK_THAT(partial.out, Contains("partial2.kz"));

  auto strict = test::run_cli("check rules.kz full.kz partial.kz --strict --format json", dir.path());
  CHECK(strict.exit_code == 2);
  CHECK_THAT(strict.err, Contains("rules.kz:2:7: error: relation 'horde' is used but has no facts"));
  CHECK(strict.out.empty());
}

TEST_CASE("strict mode on the commands that take a fact set", "[cli][warnings]") {
  test::TempDir dir;
  write_argument(dir.path());
  CHECK(test::run_cli("explain rules.kz full.kz claim:kin --strict", dir.path()).exit_code == 0);
  auto explain = test::run_cli("explain rules.kz partial.kz claim:kin --strict", dir.path());
  CHECK(explain.exit_code == 2);
  CHECK(explain.out.empty());
  auto graph = test::run_cli("graph rules.kz partial.kz -o map.dot --strict", dir.path());
  CHECK(graph.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "map.dot"));
  CHECK(test::run_cli("graph rules.kz full.kz -o map.dot --strict", dir.path()).exit_code == 0);
  CHECK(std::filesystem::exists(dir.path() / "map.dot"));
  // The rules alone leave both relations undefined.
  auto alone = test::run_cli("graph rules.kz --strict", dir.path());
  CHECK(alone.exit_code == 2);
  CHECK_THAT(alone.err, Contains("error: relation 'defector'"));
  CHECK(alone.out.empty());
  // diff judges both encodings, each on the fact sets both are checked on.
  test::write_text(dir.path() / "rules_b.kz",
                   ".decl defector(p: symbol)\n.decl horde(p: symbol, h: symbol)\n.hypothesis clan \"x\"\n"
                   ".claim kin \"x\" forall { defector(p) } => { horde(q, \"Elder\") } opposes clan as straw.\n");
  CHECK(test::run_cli("diff rules.kz rules.kz full.kz --strict", dir.path()).exit_code == 0);
  auto diff = test::run_cli("diff rules.kz rules_b.kz full.kz --strict", dir.path());
  CHECK(diff.exit_code == 2);
  CHECK(diff.out.empty());
  auto diff_lenient = test::run_cli("diff rules.kz rules_b.kz full.kz", dir.path());
  CHECK(diff_lenient.exit_code == 0);
  CHECK_THAT(diff_lenient.err, Contains("rules_b.kz:4:50: warning: variable 'q' occurs only once in the conclusion"));
  auto lenient = test::run_cli("explain rules.kz partial.kz claim:kin", dir.path());
  CHECK(lenient.exit_code == 0);
  CHECK_THAT(lenient.err, Contains("warning: relation 'horde'"));
  CHECK_FALSE(lenient.out.empty());
}

TEST_CASE("run prints what evaluation warns of, and --strict makes it an error", "[cli]") {
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl", ".decl a(x: symbol)\n.output a\na(\"s\") :- !match(\"b.*[\", \"s\").\n");
  auto r = test::run_cli("run p.dl -D -", dir.path());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Contains("p.dl:3:") && Contains("W0007") && Contains("neither match() nor !match() holds"));
  CHECK_THAT(r.out, !Contains("\ns\n"));  // !match fails too, as in Soufflé
  auto strict = test::run_cli("run p.dl -D - --strict", dir.path());
  CHECK(strict.exit_code == 2);
  CHECK_THAT(strict.err, Contains("W0007"));
}
