// The SQL a program becomes (no server needed): the printed script against a checked
// golden file, COPY's text escapes both ways, and a construct with no translation.
#include "support.hpp"

#include "postgres/copy_text.hpp"

namespace fs = std::filesystem;
using namespace kz;

TEST_CASE("the script of a closure is the checked one", "[sql]") {
  const fs::path dir = fs::path(KZ_SOURCE_DIR) / "tests" / "sql" / "golden";
  // Parsed under its file name, so the comments' places do not depend on the checkout.
  auto parsed = parse_string(test::read_text(dir / "closure.dl"), "closure.dl");
  REQUIRE(parsed.ok());
  SqlScriptOptions options;
  options.fact_dir = "facts";
  options.schema = "closure";
  const std::string script = sql_script(*parsed.program, options);
  const std::string expected = test::read_text(dir / "closure.sql");
  CHECK(script == expected);
}

TEST_CASE("every rule's statement says which rule it is", "[sql]") {
  Program program = test::must_parse(R"(.decl e(a: symbol, b: symbol)
.decl p(a: symbol, b: symbol)
e("a", "b").
p(x, y) :- e(x, y).
p(x, z) :- p(x, y), e(y, z), !e(z, x).
)");
  const std::string script = sql_script(program);
  CHECK(script.find("-- test.dl:4: p(x, y) :- e(x, y).") != std::string::npos);
  // One recursive rule reading its relation once: PostgreSQL's recursive query.
  CHECK(script.find("-- test.dl:5: p(x, z) :- p(x, y), e(y, z), !e(z, x). (round after round)") != std::string::npos);
  CHECK(script.find("WITH RECURSIVE \"p$rec\"") != std::string::npos);
  CHECK(script.find("NOT EXISTS (SELECT 1 FROM \"e\"") != std::string::npos);
  CHECK(script.find("text COLLATE \"C\"") != std::string::npos);
  // Mutual recursion: the semi-naive loop, driven by a PL/pgSQL block.
  Program mutual = test::must_parse(R"(.decl e(a: number, b: number)
.decl odd(a: number, b: number)
.decl even(a: number, b: number)
e(1, 2).
odd(x, y) :- e(x, y).
odd(x, z) :- even(x, y), e(y, z).
even(x, z) :- odd(x, y), e(y, z).
)");
  const std::string loop = sql_script(mutual);
  CHECK(loop.find("-- test.dl:6: odd(x, z) :- even(x, y), e(y, z). (new rows of even)") != std::string::npos);
  CHECK(loop.find("-- test.dl:7: even(x, z) :- odd(x, y), e(y, z). (new rows of odd)") != std::string::npos);
  CHECK(loop.find("FROM \"even$delta\"") != std::string::npos);
  CHECK(loop.find("EXIT WHEN round_added = 0;") != std::string::npos);
  CHECK(loop.find("WITH RECURSIVE") == std::string::npos);
  // Plain statements (Citus): no table is ever remade, and no recursive query is used.
  SqlScriptOptions plain;
  plain.plain_statements = true;
  const std::string inserts = sql_script(program, plain);
  CHECK(inserts.find("WITH RECURSIVE") == std::string::npos);
  CHECK(inserts.find("$next") == std::string::npos);
  CHECK(inserts.find("INSERT INTO \"e\" SELECT * FROM (SELECT DISTINCT * FROM (VALUES") != std::string::npos);
  CHECK(inserts.find("WITH fresh AS (INSERT INTO \"p\"") != std::string::npos);
  CHECK(inserts.find("EXIT WHEN round_added = 0;") != std::string::npos);
}

TEST_CASE("a construct with no SQL translation is E0804 at its place", "[sql]") {
  Program program = test::must_parse(".decl s(x: symbol)\n.decl n(x: number)\ns(\"a\").\nn(ord(x)) :- s(x).\n");
  try {
    (void)sql_script(program);
    FAIL("ord() was translated");
  } catch (const Error& e) {
    const std::string text = render(e.diagnostics());
    CHECK(text.find("E0804") != std::string::npos);
    CHECK(text.find("test.dl:4:3") != std::string::npos);
  }
  auto cli = test::run_cli("sql '" + (fs::path(KZ_SOURCE_DIR) / "tests" / "sql" / "golden" / "closure.dl").string() + "'");
  CHECK(cli.exit_code == 0);
  CHECK(cli.out.find("CREATE TABLE \"path\"") != std::string::npos);
  CHECK(test::run_cli("sql /nonexistent/program.dl").exit_code == 2);
}

TEST_CASE("COPY's text escapes go both ways", "[sql]") {
  const std::vector<std::string> fields = {"plain", "tab\there", "new\nline", "cr\rhere", "back\\slash", "", "\\N",
                                           "Ақмола", "quote\"d"};
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) line += '\t';
    postgres::append_escaped(line, fields[i]);
  }
  CHECK(line.find('\n') == std::string::npos);
  std::vector<std::string> back;
  REQUIRE(postgres::split_row(line, back));
  CHECK(back == fields);
  // What the server may send besides: octal and hex escapes, and no NULL in a kzrules column.
  REQUIRE(postgres::split_row("a\\101\\x42\tb", back));
  CHECK(back == std::vector<std::string>{"aAB", "b"});
  CHECK_FALSE(postgres::split_row("a\t\\N", back));
  CHECK_FALSE(postgres::split_row("ends with \\", back));
}
