// The public entry points for atoms: reading an atom typed as text, and explaining it —
// a proof when the tuple was derived (proof.hpp), else what each rule of its relation
// lacked (why_not.hpp). Claims are explained in explain_claim.cpp, and all of it is
// rendered in explain_render.cpp.
#include "kzrules/explain.hpp"

#include "api/internal.hpp"
#include "argument/proof.hpp"
#include "argument/why_not.hpp"
#include "semantics/ground_atom.hpp"

namespace kz {

namespace {

// The relation's name and the atom's values, as the public functions give them.
std::pair<std::string, Pattern> read_atom(const Program& program, std::string_view text, bool wildcards) {
  auto atom = sem::read_ground_atom(api::model_of(program), text, wildcards);
  return {api::model_of(program).relations[atom.relation].name, std::move(atom.values)};
}

}  // namespace

std::pair<std::string, Tuple> parse_atom(const Program& program, std::string_view text) {
  auto [name, pattern] = read_atom(program, text, false);
  Tuple tuple;
  for (auto& v : pattern) tuple.push_back(std::move(*v));
  return {name, tuple};
}

std::pair<std::string, Pattern> parse_pattern(const Program& program, std::string_view text) {
  return read_atom(program, text, true);
}

Explanation explain_atom(Database& database, std::string_view text) {
  auto& engine = api::engine_of(database);
  argument::require_provenance(engine);
  const auto& program = engine.program();
  const sem::GroundAtom atom = sem::read_ground_atom(program, text, false);
  const auto& attributes = program.relations[atom.relation].attributes;
  // The tuple's words; a symbol the engine has never seen cannot be in any row.
  std::vector<std::uint64_t> words;
  bool unknown_symbol = false;
  for (std::size_t c = 0; c < atom.values.size(); ++c) {
    const Value& value = *atom.values[c];
    if (attributes[c].kind != Kind::symbol) {
      words.push_back(*engine.from_value(attributes[c].kind, value));
      continue;
    }
    auto word = engine.symbols().find(std::get<std::string>(value));
    unknown_symbol = unknown_symbol || !word;
    words.push_back(word.value_or(0));
  }
  Explanation out;
  const std::uint32_t row = unknown_symbol ? eval::no_row : engine.relation(atom.relation).find(words.data());
  if (row != eval::no_row) {
    out.derived = true;
    out.proof = argument::ProofBuilder(engine).prove(atom.relation, row);
    out.atom = out.proof.atom;
    return out;
  }
  out.atom = std::string(text);
  out.attempts = argument::why_not(engine, atom.relation, unknown_symbol ? std::nullopt : std::make_optional(words));
  out.input_relation = out.attempts.empty();
  return out;
}

}  // namespace kz
