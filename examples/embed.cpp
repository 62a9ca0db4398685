// Embedding kzrules: rules from a string, facts from code, a relation read back.
#include <cstdlib>
#include <iostream>

#include "kzrules/kzrules.hpp"

int main() {
  auto parsed = kz::parse_string(R"(
    .decl akim_term(person: symbol, region: symbol, years: float)
    .decl long_serving(person: symbol, region: symbol)
    long_serving(p, r) :- akim_term(p, r, y), y > 4.0.
  )", "embedded.kz");
  if (!parsed.ok()) {
    std::cerr << kz::render(parsed.diagnostics);
    return EXIT_FAILURE;
  }
  kz::Database db(*parsed.program);
  db.add_fact("akim_term", {std::string("Braun"), std::string("Akmola"), 5.42});
  db.add_fact("akim_term", {std::string("Nurkadilov"), std::string("Almaty"), 3.42});
  db.add_fact("akim_term", {std::string("Zhakupov"), std::string("West Kazakhstan"), 7.92});
  db.evaluate();
  for (const kz::Tuple& row : db.rows("long_serving"))
    std::cout << kz::format_value(row[0]) << " (" << kz::format_value(row[1]) << ")\n";
  return EXIT_SUCCESS;
}
