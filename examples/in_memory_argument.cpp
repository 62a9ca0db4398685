// An argument that never touches a file: the rules are a string, one fact set is facts
// written in the language, the other tuples added from code. The host checks both,
// renders one fact set's report, asks what the smallest change to the evidence is, and
// what would move if it were made, then builds the HTML handout (the argument map as
// DOT text: a host that wants SVG passes HtmlOptions::render_svg).
//
//   kz-example-in-memory-argument [--html]
#include <cstdlib>
#include <iostream>
#include <string>

#include "kzrules/kzrules.hpp"

namespace {

constexpr const char* rules = R"(
.hypothesis rotation "Akims are rotated before they build a local base"
.hypothesis entrenchment "Akims stay long enough to build one"
.decl term(akim: symbol, region: symbol, years: float)
.decl long_term(akim: symbol)
long_term(a) :- term(a, _, y), y > 4.0.
.claim rotated "No akim serves more than four years in one region"
  none { long_term(a) } supports rotation as hoop, opposes entrenchment as straw.
)";

}  // namespace

int main(int argc, char** argv) {
  const bool html = argc > 1 && std::string(argv[1]) == "--html";
  kz::ParseResult parsed = kz::parse_string(rules, "rotation.kz");
  if (!parsed.ok()) {
    std::cerr << kz::render(parsed.diagnostics);
    return EXIT_FAILURE;
  }
  const kz::Program& program = *parsed.program;

  // Two fact sets, neither from a file.
  const kz::FactSet written = kz::FactSet::from_text("1990s", R"(
    term("Braun", "Akmola", 3.5).
    term("Zhakupov", "West Kazakhstan", 2.9).
  )");
  kz::FactSet from_code = kz::FactSet::from_tuples("2000s");
  from_code.add("term", {std::string("Braun"), std::string("Akmola"), 5.42})
      .add("term", {std::string("Nurkadilov"), std::string("Almaty"), 3.42});

  try {
    const kz::CheckReport report = kz::check(program, {written, from_code});
    for (const kz::FactSetReport& factset : report.factsets)
      for (const kz::HypothesisResult& h : factset.hypotheses)
        std::cout << factset.name << ": " << h.name << " is " << h.verdict << "\n";
    std::cout << "\n" << kz::render_text(report.factsets[1]);

    // The smallest change to the 2000s evidence that moves rotation's verdict...
    const kz::FlipResult flip = kz::flip(program, from_code, "rotation");
    std::cout << kz::render_flip(flip);
    // ...and everything that moves when that fact goes.
    if (!flip.removed.empty()) {
      kz::CheckOptions without;
      without.without.push_back(kz::parse_pattern(program, flip.removed.front()));
      const kz::WhatIfReport moved = kz::what_if(program, {from_code}, without);
      std::cout << "\n" << kz::render_moves(moved.moves, {"--without " + flip.removed.front()});
    }

    const std::string page = kz::render_html(program, {written, from_code});
    if (html) std::cout << page;
    else std::cout << "\nThe HTML handout: " << page.size() << " bytes\n";
  } catch (const kz::Error& e) {
    std::cerr << kz::render(e.diagnostics());
    return e.kind() == kz::ErrorKind::resource_limit ? 3 : 2;
  }
  return EXIT_SUCCESS;
}
