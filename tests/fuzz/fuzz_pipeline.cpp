// libFuzzer harness: the whole pipeline on arbitrary program text.
//
// Parse and check; give every `.input` relation a few tuples from code (the harness
// never touches the file system: `.input` and `.output` file names come from the input);
// translate it to SQL (kzrules sql); evaluate under small limits; read every relation
// back, write the outputs to a stream;
// and when the program states claims, check them and render the three reports.
// kz::Error (a bad program, a runtime error, a resource limit) is an expected answer; a
// crash, a sanitizer report, a leak, a hang or any other exception is a finding.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "api/internal.hpp"
#include "kzrules/kzrules.hpp"
#include "semantics/ir.hpp"

namespace {

kz::Value sample(kz::Kind kind, int i) {
  switch (kind) {
    case kz::Kind::number: return std::int64_t{i};
    case kz::Kind::unsigned_number: return std::uint64_t(i);
    case kz::Kind::float_number: return 0.5 + i;
    case kz::Kind::symbol: {
      static const char* symbols[] = {"a", "b", "1996-03-01"};
      return std::string(symbols[i % 3]);
    }
  }
  return std::int64_t{0};
}

void expect_diagnostics(const kz::Error& e) {
  if (e.diagnostics().empty()) __builtin_trap();
  (void)kz::render(e.diagnostics());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  kz::ParseResult parsed = kz::parse_string(text, "fuzz.kz");
  (void)kz::render(parsed.diagnostics);
  if (!parsed.ok()) return 0;
  const kz::Program& program = *parsed.program;

  // Every checked program translates to SQL, or says which construct does not (E0804).
  try {
    if (kz::sql_script(program, {}).empty()) __builtin_trap();
  } catch (const kz::Error& e) {
    expect_diagnostics(e);
  }

  kz::CheckOptions options;
  options.eval.max_tuples = 20000;
  options.eval.timeout_seconds = 1;
  options.bayes = (size & 1) != 0;

  kz::Database db(program);
  try {
    for (const auto& relation : program.relations()) {
      if (!relation.is_input) continue;
      for (int i = 0; i < 3; ++i) {
        kz::Tuple row;
        for (const auto& a : relation.attributes) row.push_back(sample(a.kind, i));
        db.add_fact(relation.name, row);
      }
    }
    db.evaluate(options.eval);
  } catch (const kz::Error& e) {
    expect_diagnostics(e);
    return 0;
  }

  for (const auto& relation : program.relations()) {
    const auto rows = db.rows(relation.name);
    if (rows.size() != db.size(relation.name)) __builtin_trap();
    if (!rows.empty() && !db.contains(relation.name, rows.front())) __builtin_trap();
  }
  std::ostringstream console;
  db.write_outputs(console);
  (void)db.print_sizes();

  const kz::sem::Program& model = kz::api::model_of(program);
  if (!model.claims.empty() || !model.hypotheses.empty()) {
    try {
      kz::CheckReport report;
      report.rules = "fuzz.kz";
      report.bayes = options.bayes;
      for (const auto& h : model.hypotheses) report.hypotheses.push_back({h.name, h.text, h.source});
      report.factsets.push_back(kz::check_database(db, "fuzz", options));
      report.factsets.push_back(report.factsets.back());  // two fact sets: the matrix too
      report.factsets.back().name = "fuzz-again";
      (void)kz::render_text(report);
      (void)kz::render_json(report);
      (void)kz::render_markdown(report, kz::RenderOptions{false, true});
    } catch (const kz::Error& e) {
      expect_diagnostics(e);
    }
  }
  return 0;
}
