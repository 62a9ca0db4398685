// The C preprocessor's directives as Soufflé's programs use them (issue 17): macros,
// conditional groups, #include with include folders, __LINE__, and errors that still
// point at the line the user wrote.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

ParseResult parse_with(const std::string& text, ParseOptions options) {
  return parse_string(text, "test.dl", options);
}

Database evaluated(const Program& program) {
  Database db(program);
  db.evaluate();
  return db;
}

std::string errors_of(const ParseResult& r) {
  REQUIRE_FALSE(r.ok());
  return render(r.diagnostics);
}

}  // namespace

TEST_CASE("object-like and function-like macros expand, with # and ## and __VA_ARGS__", "[syntax][preprocess]") {
  auto db = test::evaluate(R"(#define LIMIT 3
#define TWICE(x) ((x) + (x))
#define PAIR(name, a, b) name(a, b)
#define NAMED(op) .decl rel_##op(x: symbol) \
    rel_##op(#op).
#define ALL(...) all(__VA_ARGS__)
.decl n(x: number)
.decl p(x: number, y: number)
.decl all(a: number, b: number, c: number)
n(LIMIT). n(TWICE(LIMIT)).
PAIR(p, 1, TWICE(2)).
NAMED(max)
ALL(1, 2, 3).
)");
  CHECK(test::rows_text(db, "n") == "3\n6\n");
  CHECK(test::rows_text(db, "p") == "1\t4\n");
  CHECK(test::rows_text(db, "rel_max") == "max\n");
  CHECK(test::rows_text(db, "all") == "1\t2\t3\n");
}

TEST_CASE("a macro's name inside its own expansion, in a string or in a comment stays as written",
          "[syntax][preprocess]") {
  auto db = test::evaluate(R"(#define s s
#define x "not expanded"
.decl s(v: number)
.decl t(v: symbol)
s(1).
t("x"). // x
/* x */ t("y").
)");
  CHECK(test::rows_text(db, "s") == "1\n");
  CHECK(test::rows_text(db, "t") == "x\ny\n");
}

TEST_CASE("conditional groups choose by C's integer expressions", "[syntax][preprocess]") {
  auto db = test::evaluate(R"(#define FEATURE 2
.decl r(x: symbol)
#if RAM_DOMAIN_SIZE == 64 && defined(FEATURE) && FEATURE * 2 > 3
r("a").
#  if 0
r("never").
#  elif (1 << 4) == 0x10 ? 1 : 0
r("b").
#  else
r("never").
#  endif
#elif 1
r("never").
#endif
#ifdef MISSING
r("never").
#else
r("c").
#endif
#ifndef MISSING
r("d").
#endif
#undef FEATURE
#if defined FEATURE || UNDEFINED_NAME
r("never").
#endif
)");
  CHECK(test::rows_text(db, "r") == "a\nb\nc\nd\n");
}

TEST_CASE("macros given in ParseOptions are defined first, and override RAM_DOMAIN_SIZE", "[syntax][preprocess]") {
  const std::string text = ".decl r(x: number)\nr(SIZE).\n#if RAM_DOMAIN_SIZE == 32\nr(32).\n#endif\n";
  ParseOptions options;
  options.macros = {{"SIZE", "7"}, {"RAM_DOMAIN_SIZE", "32"}};
  auto r = parse_with(text, options);
  INFO(render(r.diagnostics));
  REQUIRE(r.ok());
  auto db = evaluated(*r.program);
  CHECK(test::rows_text(db, "r") == "7\n32\n");
}

TEST_CASE("errors after directives and multi-line calls keep the written line numbers", "[syntax][preprocess]") {
  // Three lines of directives and a call over two lines come before the mistake on line 7.
  const std::string text =
      "#define ONE 1\n"
      "#define ADD(a, b) \\\n"
      "   a + b\n"
      ".decl r(x: number)\n"
      "r(ADD(ONE,\n"
      "      2)).\n"
      "r(x) :- undefined_relation(x).\n";
  auto errors = errors_of(parse_string(text, "test.dl"));
  CHECK_THAT(errors, Contains("test.dl:7:"));
  CHECK_THAT(errors, Contains("undefined_relation"));

  auto db = test::evaluate(".decl line(n: number)\nline(__LINE__).\n\n#define X 1\nline(__LINE__ + X).\n");
  CHECK(test::rows_text(db, "line") == "2\n6\n");
}

TEST_CASE("bad directives are located errors with code E0009", "[syntax][preprocess]") {
  auto check = [](const std::string& text, const std::string& where, const std::string& what) {
    auto errors = errors_of(parse_string(text, "test.dl"));
    CHECK_THAT(errors, Contains(where) && Contains("E0009") && Contains(what));
  };
  check(".decl a(x: number)\n#frobnicate\n", "test.dl:2:", "not a preprocessor directive");
  check("#if 1\n.decl a(x: number)\n", "test.dl:1:", "has no #endif");
  check("#else\n", "test.dl:1:", "#else without #if");
  check("#if 1\n#else\n#else\n#endif\n", "test.dl:3:", "#else after #else");
  check("#endif\n", "test.dl:1:", "#endif without #if");
  check("#define F(a, b) a\n.decl r(x: number)\n\nr(F(1)).\n", "test.dl:4:", "takes 2 arguments, but is given 1");
  check("#define F(a) a\n.decl r(x: number)\nr(F((1).\n", "test.dl:3:", "no closing ')'");
  check("#error stop here\n", "test.dl:1:", "#error stop here");
  check("#if 1 / 0\n#endif\n", "test.dl:1:", "division by zero");
  check("#if (1\n#endif\n", "test.dl:1:", "without ')'");
  check("#define\n", "test.dl:1:", "needs a macro name");
  check("#include \"x.dl\"\n", "test.dl:1:", "read the program from its file");
  // An error in a group left out is not read; a directive word there need not be known.
  CHECK(parse_string("#if 0\n#frobnicate\n#error no\n#endif\n.decl a(x: number)\n", "test.dl").ok());
}

TEST_CASE("a macro that doubles itself stops at the program size limit", "[syntax][preprocess]") {
  std::string text = "#define A0 x\n";
  for (int i = 1; i <= 30; ++i) text += fmt::format("#define A{} A{} A{}\n", i, i - 1, i - 1);
  text += ".decl r(x: number)\nA30\n";
  auto errors = errors_of(parse_string(text, "test.dl"));
  CHECK_THAT(errors, Contains("E0008") && Contains("MiB"));
}

TEST_CASE("#include splices a file in, whose lines keep their own file and numbers", "[syntax][preprocess]") {
  test::TempDir dir;
  test::write_text(dir.path() / "main.dl", "#include \"defs.dl\"\n.decl r(x: number)\nr(SEVEN).\nr(__LINE__).\n"
                                          "#include \"bad.dl\"\n");
  test::write_text(dir.path() / "defs.dl", "#define SEVEN 7\n// a comment\n");
  test::write_text(dir.path() / "bad.dl", "\n\nr(x) :- nowhere(x).\n");
  auto r = parse_path(dir.path() / "main.dl");
  auto errors = errors_of(r);
  CHECK_THAT(errors, Contains("bad.dl:3:") && Contains("nowhere"));

  test::write_text(dir.path() / "bad.dl", "r(__LINE__).\n");
  auto ok = parse_path(dir.path() / "main.dl");
  INFO(render(ok.diagnostics));
  REQUIRE(ok.ok());
  CHECK(test::rows_text(evaluated(*ok.program), "r") == "1\n4\n7\n");

  test::write_text(dir.path() / "loop.dl", "#include \"loop.dl\"\n");
  CHECK_THAT(errors_of(parse_path(dir.path() / "loop.dl")), Contains("E0009") && Contains("nests more than"));
  test::write_text(dir.path() / "missing.dl", "\n#include <absent.dl>\n");
  CHECK_THAT(errors_of(parse_path(dir.path() / "missing.dl")), Contains("missing.dl:2:") && Contains("absent.dl"));
}

TEST_CASE("include folders are searched by .include and #include, after the file's own", "[syntax][preprocess]") {
  test::TempDir dir;
  test::write_text(dir.path() / "prog" / "main.dl", ".decl r(x: symbol)\n.include \"a.dl\"\n#include \"b.dl\"\n");
  test::write_text(dir.path() / "one" / "a.dl", "r(\"a from one\").\n");
  test::write_text(dir.path() / "two" / "a.dl", "r(\"a from two\").\n");
  test::write_text(dir.path() / "two" / "b.dl", "r(\"b from two\").\n");
  ParseOptions options;
  CHECK_THAT(errors_of(parse_path(dir.path() / "prog" / "main.dl", options)), Contains("cannot include \"b.dl\""));
  options.include_dirs = {(dir.path() / "one").string(), (dir.path() / "two").string()};
  auto r = parse_path(dir.path() / "prog" / "main.dl", options);
  INFO(render(r.diagnostics));
  REQUIRE(r.ok());
  CHECK(test::rows_text(evaluated(*r.program), "r") == "a from one\nb from two\n");
  // A program given as text reads only from the folders given.
  auto text = parse_string(".decl r(x: symbol)\n#include \"b.dl\"\n", "memory", options);
  REQUIRE(text.ok());
  CHECK(test::rows_text(evaluated(*text.program), "r") == "b from two\n");
}

TEST_CASE("the command line's -I and -M", "[syntax][preprocess][cli]") {
  test::TempDir dir;
  test::write_text(dir.path() / "lib" / "defs.dl", "#define GREETING \"hello\"\n");
  test::write_text(dir.path() / "main.dl",
                   "#include \"defs.dl\"\n.decl r(x: symbol)\n.output r(IO=stdout)\nr(GREETING).\n"
                   "#ifdef EXTRA\nr(EXTRA).\n#endif\n");
  auto run = test::run_cli("run main.dl -I lib -M EXTRA='\"more\"'", dir.path());
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Contains("hello") && Contains("more"));
  auto missing = test::run_cli("run main.dl", dir.path());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Contains("main.dl:1:") && Contains("defs.dl"));
  auto bad = test::run_cli("run main.dl -I lib -M 1X=2", dir.path());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Contains("--macro 1X=2"));
}

TEST_CASE("an #if nested thousands deep is an error, not a stack overflow", "[syntax][preprocess]") {
  const std::string deep = "#if " + std::string(20000, '(') + "1" + std::string(20000, ')') + "\n#endif\n";
  CHECK_THAT(errors_of(parse_string(deep, "test.dl")), Contains("E0009") && Contains("deep"));
  const std::string nots = "#if " + std::string(20000, '!') + "1\n#endif\n";
  CHECK_THAT(errors_of(parse_string(nots, "test.dl")), Contains("E0009") && Contains("deep"));
}

TEST_CASE("a chain of thousands of ?: in #if is an error too", "[syntax][preprocess]") {
  std::string chain = "#if 1";
  for (int i = 0; i < 20000; ++i) chain += " ? 1";
  for (int i = 0; i < 20000; ++i) chain += " : 0";
  CHECK_THAT(errors_of(parse_string(chain + "\n#endif\n", "test.dl")), Contains("E0009") && Contains("deep"));
}
