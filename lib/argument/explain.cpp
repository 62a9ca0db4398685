// The public entry points for atoms: reading an atom typed as text, and explaining it —
// a proof when the tuple was derived (proof.hpp), else what each rule of its relation
// lacked (why_not.hpp). Claims are explained in explain_claim.cpp, and all of it is
// rendered in explain_render.cpp.
#include "kzrules/explain.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "argument/proof.hpp"
#include "argument/why_not.hpp"
#include "core/source.hpp"
#include "syntax/grammar.hpp"

namespace kz {

namespace {

[[noreturn]] void atom_error(std::string_view text, std::uint32_t offset, std::string message) {
  SourceFile source("<atom>", std::string(text));
  throw Error(ErrorKind::bad_input, make_error(source.locate(offset), std::move(message)));
}

std::pair<std::string, Pattern> read_atom(const Program& program, std::string_view text, bool wildcards) {
  std::string source(text);
  while (!source.empty() && (source.back() == ' ' || source.back() == '.' || source.back() == '\n')) source.pop_back();
  auto tree = syntax::parse_program(source + ".");
  if (auto* e = std::get_if<syntax::SyntaxError>(&tree)) atom_error(source, e->offset, e->message);
  const auto& items = std::get<syntax::ast::Program>(tree);
  const syntax::ast::Clause* clause = items.size() == 1 ? boost::get<syntax::ast::Clause>(&items[0]) : nullptr;
  if (!clause || clause->heads.size() != 1 || clause->body)
    atom_error(source, 0, "expected one atom such as path(1, 3) or horde(\"Ablyazov\", \"senior\")");
  const auto& atom = clause->heads[0];
  const auto& model = program.model();
  auto id = model.find_relation(atom.name.name);
  if (!id) atom_error(source, atom.name.offset, fmt::format("unknown relation '{}'", atom.name.name));
  const auto& rel = model.relations[*id];
  if (rel.arity() != atom.args.size())
    atom_error(source, atom.offset, fmt::format("'{}' has {} attributes, not {}", rel.name, rel.arity(), atom.args.size()));
  Pattern values;
  for (std::size_t c = 0; c < atom.args.size(); ++c) {
    const auto& e = atom.args[c];
    const syntax::ast::Operand* operand = &e.first;
    // Unwrap the precedence levels down to a single operand.
    while (auto const* nested = boost::get<boost::spirit::x3::forward_ast<syntax::ast::Expression>>(operand)) {
      if (!nested->get().rest.empty()) break;
      operand = &nested->get().first;
    }
    bool negative = false;
    if (auto const* u = boost::get<boost::spirit::x3::forward_ast<syntax::ast::Unary>>(operand)) {
      negative = true;
      operand = &u->get().operand;
    }
    const Kind kind = rel.attributes[c].kind;
    if (boost::get<syntax::ast::Wildcard>(operand) && wildcards && !negative) {
      values.emplace_back(std::nullopt);
      continue;
    }
    if (auto const* s = boost::get<syntax::ast::StringLit>(operand); s && kind == Kind::symbol && !negative) {
      values.emplace_back(s->value);
      continue;
    }
    if (auto const* n = boost::get<syntax::ast::NumberLit>(operand); n && kind != Kind::symbol) {
      const std::string t = (negative ? "-" : "") + n->text;
      try {
        std::size_t used = 0;
        if (kind == Kind::float_number) values.emplace_back(std::stod(t, &used));
        else if (kind == Kind::unsigned_number && !negative) values.emplace_back(static_cast<std::uint64_t>(std::stoull(t, &used)));
        else values.emplace_back(static_cast<std::int64_t>(std::stoll(t, &used)));
        if (used == t.size() || (kind != Kind::float_number && t.back() == 'u')) continue;
      } catch (const std::exception&) {
      }
    }
    atom_error(source, e.offset, fmt::format("expected a {} constant for attribute '{}' of '{}'",
                                             kind_name(kind), rel.attributes[c].name, rel.name));
  }
  return {rel.name, std::move(values)};
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
  auto& engine = database.engine();
  argument::require_provenance(engine);
  auto [name, tuple] = parse_atom(database.program(), text);
  const auto& program = engine.program();
  const std::uint32_t relation = *program.find_relation(name);
  std::vector<std::uint64_t> words;
  for (std::size_t c = 0; c < tuple.size(); ++c) {
    auto w = engine.symbols().find(format_value(tuple[c]));
    const Kind kind = program.relations[relation].attributes[c].kind;
    if (kind == Kind::symbol) words.push_back(w ? *w : ~0ull);
    else words.push_back(*engine.from_value(kind, tuple[c]));
  }
  Explanation out;
  const bool unknown_symbol = std::find(words.begin(), words.end(), ~0ull) != words.end();
  const std::uint32_t row = unknown_symbol ? eval::no_row : engine.relation(relation).find(words.data());
  if (row != eval::no_row) {
    out.derived = true;
    out.proof = argument::ProofBuilder(engine).prove(relation, row);
    out.atom = out.proof.atom;
    return out;
  }
  out.atom = std::string(text);
  out.attempts = argument::why_not(engine, relation, unknown_symbol ? std::nullopt : std::make_optional(words));
  out.input_relation = out.attempts.empty();
  return out;
}

}  // namespace kz
