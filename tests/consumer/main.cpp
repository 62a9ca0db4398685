// The installed kzrules, used from outside its tree: a program from a string, facts from
// code, a relation read as a range, the claims checked and the report rendered.
// Exits 0 when every result is the expected one.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <kzrules/kzrules.hpp>

namespace {

int failures = 0;

void expect(bool condition, const std::string& what) {
  std::cout << (condition ? "ok    " : "FAILED ") << what << "\n";
  if (!condition) ++failures;
}

}  // namespace

int main() {
  const char* text = R"(
    .decl edge(a: number, b: number)
    .decl path(a: number, b: number)
    path(x, y) :- edge(x, y).
    path(x, z) :- path(x, y), edge(y, z).

    .hypothesis connected "Node 1 reaches node 4"
    .claim reaches "There is a path from 1 to 4"
        exists { path(1, 4) }
        supports connected as smoking_gun.
  )";
  kz::ParseResult parsed = kz::parse_string(text, "consumer.kz");
  expect(parsed.ok(), "the program parses");
  if (!parsed.ok()) {
    std::cerr << kz::render(parsed.diagnostics);
    return EXIT_FAILURE;
  }
  kz::ParseResult bad = kz::parse_string("path(x) :- .", "bad.kz");
  expect(!bad.ok() && !bad.diagnostics.empty(), "a syntax error is a diagnostic value");

  try {
    kz::Database db(*parsed.program);
    for (std::int64_t i = 1; i < 4; ++i) db.add_fact("edge", {i, i + 1});
    kz::EvalOptions options;
    options.threads = 2;
    options.max_tuples = 1000;
    db.evaluate(options);

    std::vector<std::string> from_one;
    for (kz::Row row : kz::relation_view(db, "path"))
      if (row.get<std::int64_t>(0) == 1) from_one.push_back(kz::format_value(row[1]));
    expect(from_one == std::vector<std::string>{"2", "3", "4"}, "path from 1 reaches 2, 3 and 4");
    expect(db.size("path") == 6, "six paths");

    kz::CheckReport report;
    report.rules = "consumer.kz";
    report.factsets.push_back(kz::check_database(db, "code"));
    for (const auto& h : report.factsets[0].hypotheses) report.hypotheses.push_back({h.name, "", ""});
    expect(report.factsets[0].supports == std::vector<std::string>{"connected"}, "the claim supports 'connected'");
    expect(kz::render_text(report).find("supports: connected") != std::string::npos, "render_text");
    expect(kz::render_json(report).find("\"connected\"") != std::string::npos, "render_json");
    expect(!kz::render_markdown(report).empty(), "render_markdown");

    kz::Database wrong(*parsed.program);
    try {
      wrong.add_fact("edge", {std::string("not a number"), std::int64_t{1}});
      expect(false, "a mistyped fact is an error");
    } catch (const kz::Error& e) {
      expect(e.kind() == kz::ErrorKind::bad_input, "a mistyped fact is a bad_input kz::Error");
    }
  } catch (const kz::Error& e) {
    std::cerr << kz::render(e.diagnostics());
    return EXIT_FAILURE;
  }
  std::cout << (failures == 0 ? "all passed\n" : "some failed\n");
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
