// Fact files: Soufflé's .facts, CSV with quotes and headers, and their error messages.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

Database load(const std::string& program, const std::string& file, const std::string& content,
              test::TempDir& dir) {
  test::write_text(dir.path() / file, content);
  Database db(test::must_parse(program));
  db.load_inputs(dir.path());
  db.evaluate();
  return db;
}

const char* edge_program = ".decl e(a: number, b: symbol)\n.input e\n";
const char* csv_program =
    ".decl e(a: number, b: symbol)\n.input e(IO=file, filename=\"e.csv\", delimiter=\",\", headers=true, rfc4180=true)\n";

}  // namespace

TEST_CASE("tab-separated .facts load, and empty files, CRLF and a BOM are fine", "[io]") {
  test::TempDir dir;
  CHECK(test::rows_text(load(edge_program, "e.facts", "1\ta b\n2\tc\n", dir), "e") == "1\ta b\n2\tc\n");
  CHECK(load(edge_program, "e.facts", "", dir).size("e") == 0);
  CHECK(test::rows_text(load(edge_program, "e.facts", "\xEF\xBB\xBF" "1\tx\r\n2\ty\r\n", dir), "e") == "1\tx\n2\ty\n");
}

TEST_CASE("CSV with a header row and quoted fields", "[io]") {
  test::TempDir dir;
  auto db = load(csv_program, "e.csv", "a,b\n1,\"x, y\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n", dir);
  CHECK(test::rows_text(db, "e") == "1\tx, y\n2\tsay \"hi\"\n3\ttwo\nlines\n");
  // A header that names the attributes maps columns by name.
  auto swapped = load(csv_program, "e.csv", "b,a\nx,1\n", dir);
  CHECK(test::rows_text(swapped, "e") == "1\tx\n");
}

TEST_CASE("malformed fact files are errors at file:line:column", "[io]") {
  test::TempDir dir;
  auto error_of = [&](const char* program, const char* file, const std::string& content) {
    try {
      load(program, file, content, dir);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::bad_input);
      return render(e.diagnostics());
    }
    FAIL("expected an error");
    return std::string();
  };
  CHECK_THAT(error_of(edge_program, "e.facts", "1\tx\nz\ty\n"),
             Contains("e.facts:2:1: error: \"z\" is not a number (attribute 'a' of 'e')"));
  CHECK_THAT(error_of(edge_program, "e.facts", "1\tx\n2\n"),
             Contains("e.facts:2:1: error: 'e' has 2 attributes but this line has 1 field"));
  CHECK_THAT(error_of(csv_program, "e.csv", "a,b\n1,\"open\n"),
             Contains("e.csv:2:3: error: unterminated quoted field"));
}

TEST_CASE("fields past the last attribute are dropped as Soufflé drops them, with W0009 once a file", "[io][souffle]") {
  test::TempDir dir;
  const char* program = ".decl a(x: number)\n.input a(IO=file, filename=\"a.facts\", delimiter=\"g\")\n";
  auto db = load(program, "a.facts", "1g2\n3\n5g6g7\n", dir);
  CHECK(test::rows_text(db, "a") == "1\n3\n5\n");
  REQUIRE(db.warnings().size() == 1);
  CHECK(db.warnings()[0].code == "W0009");
  CHECK(db.warnings()[0].severity == Severity::warning);
  CHECK_THAT(render(db.warnings()), Contains("a.facts:1:3: warning: 'a' has 1 attribute but this line has 2 fields "
                                             "(delimiter 'g'): the fields after the first are ignored"));
  // Under --strict the file is refused.
  ParseOptions strict;
  strict.strict = true;
  auto parsed = parse_string(program, "strict.dl", strict);
  REQUIRE(parsed.ok());
  Database refused(*parsed.program);
  CHECK_THROWS_WITH(refused.load_inputs(dir.path()), Contains("(an error under --strict)"));
}

TEST_CASE("a quoted empty field is the empty symbol, an empty line is no row", "[io]") {
  test::TempDir dir;
  const char* program = ".decl s(x: symbol)\n.input s(rfc4180=true)\n";
  auto db = load(program, "s.facts", "\"\"\n\nx\n", dir);
  CHECK(db.size("s") == 2);
  CHECK(test::rows_text(db, "s") == "\nx\n");
}

TEST_CASE("a fact file larger than the reading window reads as a whole file does", "[io]") {
  // Files over 1 MiB are read in pieces of whole lines: rows, line numbers in errors and
  // warnings, and a line longer than a piece must not notice.
  test::TempDir dir;
  std::string big;
  const int rows = 150000;  // about 2 MB
  for (int i = 0; i < rows; ++i) big += std::to_string(i) + "\tsymbol-" + std::to_string(i % 977) + "\n";
  auto db = load(edge_program, "e.facts", big + "-1\tlast line without a break", dir);
  CHECK(db.size("e") == rows + 1);
  CHECK(test::rows_text(db, "e") == "-1\tlast line without a break\n" + big);  // in order, -1 first

  auto error_of = [&](const std::string& content) {
    try {
      load(edge_program, "e.facts", content, dir);
    } catch (const Error& e) {
      return render(e.diagnostics());
    }
    FAIL("expected an error");
    return std::string();
  };
  CHECK_THAT(error_of(big + "12\tok\nx\ty\n"),
             Contains(fmt::format("e.facts:{}:1: error: \"x\" is not a number", rows + 2)));
  CHECK_THAT(error_of(big + "12\t\xff\n"), Contains(fmt::format("e.facts:{}:4: error: this byte is not valid UTF-8", rows + 1)));

  auto warned = load(edge_program, "e.facts", big + "7\tx\textra\n", dir);
  REQUIRE(warned.warnings().size() == 1);
  CHECK_THAT(render(warned.warnings()), Contains(fmt::format("e.facts:{}:5: warning: 'e' has 2 attributes", rows + 1)));

  // A symbol of 3 MB: one line longer than a window.
  const std::string long_symbol(3 << 20, 'k');
  auto long_line = load(edge_program, "e.facts", "1\ta\n2\t" + long_symbol + "\n3\tc\n", dir);
  CHECK(long_line.size("e") == 3);
  CHECK(test::rows_text(long_line, "e") == "1\ta\n2\t" + long_symbol + "\n3\tc\n");
}

TEST_CASE("an input whose deduplication set is let go after loading still answers lookups", "[io]") {
  // Nothing in the program inserts into e or tests its rows by the set: loading keeps
  // the rows and indexes and frees the set (Engine::drop_set_if_unused).
  test::TempDir dir;
  const char* program = ".decl e(a: number, b: symbol)\n.input e\n.decl f(a: number)\nf(a) :- e(a, _).\n";
  auto db = load(program, "e.facts", "1\tx\n2\ty\n1\tx\n", dir);
  CHECK(db.size("e") == 2);
  CHECK(db.contains("e", {std::int64_t{1}, std::string("x")}));
  CHECK_FALSE(db.contains("e", {std::int64_t{1}, std::string("y")}));
  CHECK(test::rows_text(db, "f") == "1\n2\n");
}

TEST_CASE("a missing fact file is an error", "[io]") {
  test::TempDir dir;
  Database db(test::must_parse(edge_program));
  CHECK_THROWS_WITH(db.load_inputs(dir.path()), Contains("does not exist"));
}

TEST_CASE("outputs are written whole and sorted, numbers numerically, symbols by text", "[io]") {
  auto db = test::evaluate(".decl r(n: number, s: symbol)\n.output r\nr(10, \"b\"). r(9, \"b\"). r(9, \"a\"). r(-1, \"z\").\n");
  test::TempDir dir;
  db.write_outputs(dir.path());
  CHECK(test::read_text(dir.path() / "r.csv") == "-1\tz\n9\ta\n9\tb\n10\tb\n");
  std::size_t files = 0;
  for (auto& entry : std::filesystem::directory_iterator(dir.path())) (void)entry, ++files;
  CHECK(files == 1);  // no temporary left behind
}

TEST_CASE("a relation of no attributes is written and read as Soufflé does", "[io]") {
  // It was written as an empty line, a file of blank lines read as empty, and `()` refused.
  auto db = test::evaluate(".decl yes()\n.decl no()\n.output yes\n.output no\nyes().\n");
  test::TempDir out;
  db.write_outputs(out.path());
  CHECK(test::read_text(out.path() / "yes.csv") == "()\n");
  CHECK(test::read_text(out.path() / "no.csv").empty());

  const char* program = ".decl flag()\n.input flag\n";
  test::TempDir dir;
  CHECK(load(program, "flag.facts", "()\n", dir).size("flag") == 1);
  CHECK(load(program, "flag.facts", "\n", dir).size("flag") == 1);
  CHECK(load(program, "flag.facts", "\xEF\xBB\xBF()\r\n()\r\n", dir).size("flag") == 1);
  CHECK(load(program, "flag.facts", "", dir).size("flag") == 0);
  test::write_text(dir.path() / "flag.facts", "()\nx\n");
  Database bad(test::must_parse(program));
  try {
    bad.load_inputs(dir.path());
    FAIL("a line that is neither () nor blank was read");
  } catch (const Error& e) {
    CHECK_THAT(render(e.diagnostics()), Contains("flag.facts:2:1") && Contains("no attributes"));
  }
}

TEST_CASE("fact files as Soufflé reads them: long delimiters, CSV's comma, hex and binary, gzip", "[io]") {
  test::TempDir dir;
  // A delimiter of several characters, read and written.
  const char* long_delimiter = ".decl e(a: number, b: symbol)\n.input e(delimiter=\", \")\n";
  CHECK(test::rows_text(load(long_delimiter, "e.facts", "1, x\n2, y,z\n", dir), "e") == "1\tx\n2\ty,z\n");
  auto written = test::evaluate(".decl r(a: number, b: symbol)\n.output r(delimiter=\"::\")\nr(1, \"a\"). r(2, \"b:c\").\n");
  test::TempDir out;
  written.write_outputs(out.path());
  CHECK(test::read_text(out.path() / "r.csv") == "1::a\n2::b:c\n");
  CHECK_THAT(test::parse_errors(".decl r(a: number)\n.input r(delimiter=\"\")\n"), Contains("E0113"));
  // rfc4180=true alone separates by commas.
  const char* csv = ".decl e(a: number, b: symbol)\n.input e(rfc4180=true)\n";
  CHECK(test::rows_text(load(csv, "e.facts", "1,\"x, y\"\n", dir), "e") == "1\tx, y\n");
  // Integers written as the language writes literals.
  const char* ints = ".decl n(a: number, b: unsigned)\n.input n\n";
  CHECK(test::rows_text(load(ints, "n.facts", "0x1F\t0xFFFFFFFF\n-0x10\t0b101\n", dir), "n") ==
        "-16\t5\n31\t4294967295\n");
  test::write_text(dir.path() / "n.facts", "1\t-0x1\n");
  CHECK_THROWS_AS(Database(test::must_parse(ints)).load_inputs(dir.path()), Error);
}

TEST_CASE("a gzip fact file is read whatever its name, and compress=true writes gzip", "[io]") {
  test::TempDir dir;
  auto db = test::evaluate(".decl r(a: number, b: symbol)\n.output r(compress=true)\nr(1, \"a\"). r(2, \"b\").\n");
  db.write_outputs(dir.path());
  const std::string compressed = test::read_text(dir.path() / "r.csv");
  REQUIRE(compressed.size() > 2);
  CHECK(static_cast<unsigned char>(compressed[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(compressed[1]) == 0x8b);
  // Read back as an ordinary .facts file.
  std::filesystem::copy_file(dir.path() / "r.csv", dir.path() / "e.facts");
  auto back = load(".decl e(a: number, b: symbol)\n.input e\n", "e.facts", compressed, dir);
  CHECK(test::rows_text(back, "e") == "1\ta\n2\tb\n");
  // A stream cut short is a located error, not rows made up.
  test::write_text(dir.path() / "e.facts", compressed.substr(0, compressed.size() / 2));
  Database cut(test::must_parse(".decl e(a: number, b: symbol)\n.input e\n"));
  try {
    cut.load_inputs(dir.path());
    FAIL("a cut gzip stream was read");
  } catch (const Error& e) {
    CHECK_THAT(render(e.diagnostics()), Contains("gzip") && Contains("e.facts"));
  }
}

TEST_CASE("rfc4180=true output quotes every symbol and no number, as Soufflé writes it", "[io][souffle]") {
  test::TempDir dir;
  auto db = test::evaluate(".decl r(n: number, s: symbol, t: symbol)\n.output r(rfc4180=true)\n"
                           "r(1, \"plain\", \"say \\\"hi\\\"\").\n");
  db.write_outputs(dir.path());
  CHECK(test::read_text(dir.path() / "r.csv") == "1,\"plain\",\"say \"\"hi\"\"\"\n");
  // Read back, the rows are the same.
  std::filesystem::copy_file(dir.path() / "r.csv", dir.path() / "r.facts");
  auto back = load(".decl r(n: number, s: symbol, t: symbol)\n.input r(rfc4180=true)\n", "r.facts",
                   test::read_text(dir.path() / "r.csv"), dir);
  CHECK(test::rows_text(back, "r") == "1\tplain\tsay \"hi\"\n");
}

TEST_CASE("every .input of a relation is read, as Soufflé reads them all", "[io][souffle]") {
  test::TempDir dir;
  test::write_text(dir.path() / "more.csv", "3,c\n1,a\n");
  auto db = load(".decl e(a: number, b: symbol)\n.input e\n.input e(filename=\"more.csv\", delimiter=\",\")\n",
                 "e.facts", "1\ta\n2\tb\n", dir);
  CHECK(test::rows_text(db, "e") == "1\ta\n2\tb\n3\tc\n");
  // A missing second file is an error that names it, not a silent half.
  std::filesystem::remove(dir.path() / "more.csv");
  Database missing(test::must_parse(".decl e(a: number, b: symbol)\n.input e\n.input e(filename=\"more.csv\")\n"));
  CHECK_THROWS_WITH(missing.load_inputs(dir.path()), Contains("more.csv"));
}
