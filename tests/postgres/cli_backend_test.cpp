// The command line with a server: `run --backend` and `check --backend` print and write
// what they do in process; `kzrules sql` is a script psql runs as it is; failures exit 2
// and write nothing.
#include <cstdio>

#include "postgres/backend_support.hpp"

namespace fs = std::filesystem;
using namespace kz;

namespace {

const char* closure = R"(.decl edge(a: number, b: number)
.input edge
.decl path(a: number, b: number)
.output path
.printsize path
path(x, y) :- edge(x, y).
path(x, z) :- path(x, y), edge(y, z).
)";

void write_closure(const fs::path& dir) {
  test::write_text(dir / "tc.dl", closure);
  test::write_text(dir / "facts" / "edge.facts", "1\t2\n2\t3\n3\t1\n3\t4\n10\t11\n");
}

// psql, as the tests find it; empty when missing.
std::string psql() {
  for (const char* candidate : {"/usr/bin/psql", "/usr/local/bin/psql"})
    if (fs::exists(candidate)) return candidate;
  return {};
}

std::string single_quoted(const std::string& text) { return "'" + text + "'"; }

}  // namespace

TEST_CASE("run --backend writes the files and sizes run writes in process", "[postgres][cli]") {
  auto url = test::test_server();
  if (!url) return;
  test::TempDir dir;
  write_closure(dir.path());
  auto here = test::run_cli("run tc.dl -F facts -D here", dir.path());
  REQUIRE(here.exit_code == 0);
  auto there = test::run_cli("run tc.dl -F facts -D there --backend " + single_quoted(*url), dir.path());
  INFO(there.err);
  REQUIRE(there.exit_code == 0);
  CHECK(there.out == here.out);  // path<TAB>13
  CHECK(here.out == "path\t13\n");
  CHECK(test::read_text(dir.path() / "there" / "path.csv") == test::read_text(dir.path() / "here" / "path.csv"));
}

TEST_CASE("check --backend gives the report check gives in process", "[postgres][cli]") {
  auto url = test::test_server();
  if (!url) return;
  const std::string rules = fs::path(KZ_SOURCE_DIR) / "rules" / "kazakhstan";
  const std::string args = "check " + single_quoted(rules) + " " + single_quoted(rules + "/facts/2007") +
                           " --as-of 1996,2007 --format json --bayes";
  auto here = test::run_cli(args);
  REQUIRE(here.exit_code == 0);
  auto there = test::run_cli(args + " --backend " + single_quoted(*url));
  INFO(there.err);
  REQUIRE(there.exit_code == 0);
  CHECK(there.out == here.out);
  const std::string text_args = "check " + single_quoted(rules) + " " + single_quoted(rules + "/facts/2007");
  auto text = test::run_cli(text_args + " --backend " + single_quoted(*url));
  INFO(text.err);
  CHECK(text.exit_code == 0);
  CHECK(text.out == test::run_cli(text_args).out);
  CHECK(text.out.find("supports") != std::string::npos);
}

TEST_CASE("a failed --backend run exits 2 and writes nothing", "[postgres][cli]") {
  auto url = test::test_server();
  if (!url) return;
  test::TempDir dir;
  write_closure(dir.path());
  auto r = test::run_cli("run tc.dl -F facts -D out --backend 'postgresql:///postgres?host=/nonexistent/kz'",
                         dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("E0801") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "out"));
  test::write_text(dir.path() / "over.dl", ".decl n(x: number)\n.output n\nn(1).\nn(x * 3037000500) :- n(x), x < 10.\nn(x * 3037000500) :- n(x), x > 10.\n");
  auto over = test::run_cli("run over.dl -D out --backend " + single_quoted(*url), dir.path());
  INFO(over.err);
  CHECK(over.exit_code == 2);
  CHECK(over.err.find("over.dl:5:") != std::string::npos);
  CHECK(over.err.find("E0402") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "out"));
  auto explain = test::run_cli("check " + single_quoted(fs::path(KZ_SOURCE_DIR) / "rules" / "kazakhstan") +
                               " --explain --backend " + single_quoted(*url));
  CHECK(explain.exit_code == 2);
  CHECK(explain.err.find("E0701") != std::string::npos);
}

TEST_CASE("kzrules sql prints a script psql runs, leaving the outputs in tables", "[postgres][cli]") {
  auto url = test::test_server();
  if (!url) return;
  const std::string client = psql();
  if (client.empty()) {
    std::cout << "SKIPPED: no PostgreSQL server client (psql) to run the script\n";
    return;
  }
  test::TempDir dir;
  write_closure(dir.path());
  auto script = test::run_cli("sql tc.dl -F facts --schema kz_script_test", dir.path());
  INFO(script.err);
  REQUIRE(script.exit_code == 0);
  test::write_text(dir.path() / "tc.sql", script.out);
  const std::string connect = single_quoted(*url);
  for (int run = 0; run < 2; ++run) {  // a second run replaces the tables: the script can be rerun
    const std::string command = "cd " + single_quoted(dir.path().string()) + " && " + client + " -X -q " + connect +
                                " -f tc.sql > psql.out 2>&1";
    INFO(test::read_text(dir.path() / "psql.out"));
    REQUIRE(std::system(command.c_str()) == 0);
  }
  const std::string query = client + " -X -At " + connect +
                            " -c 'SELECT count(*), min(a), max(b) FROM kz_script_test.path' > " +
                            single_quoted((dir.path() / "count.out").string());
  REQUIRE(std::system(query.c_str()) == 0);
  CHECK(test::read_text(dir.path() / "count.out") == "13|1|11\n");
}
