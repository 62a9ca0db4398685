// Traced searches, head-bound rule plans and the texts explanations show.
#include "argument/explain_support.hpp"

#include <fmt/format.h>

#include "argument/binding_text.hpp"
#include "core/bad_input.hpp"

namespace kz::argument {

namespace {

// Thrown from a solution callback to end a search at the solution it took.
struct StopSearch {};

std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

bool find_traced(eval::Engine& engine, const std::vector<plan::Op>& ops, std::uint64_t* registers,
                 eval::Engine::Trace& trace, const std::function<bool(const std::uint64_t*)>& accept) {
  TraceScope tracing(engine, trace);
  try {
    engine.run(ops, registers, [&](const std::uint64_t* solution) {
      if (accept(solution)) throw StopSearch{};
    });
  } catch (const StopSearch&) {
    return true;
  }
  return false;
}

bool head_gives(eval::Engine& engine, const sem::Rule& rule, const std::uint64_t* registers,
                const std::vector<std::uint64_t>& want) {
  for (std::size_t c = 0; c < rule.head_args.size(); ++c)
    if (engine.eval(rule.head_args[c], registers) != want[c]) return false;
  return true;
}

const std::vector<plan::Op>& RulePlans::of(const sem::Rule& rule) {
  auto it = plans_.find(rule.id);
  if (it != plans_.end()) return it->second;
  std::vector<bool> bound(rule.slots.size(), false);
  for (const auto& h : rule.head_args)
    if (h.op == sem::ExprOp::variable) bound[static_cast<std::size_t>(h.slot)] = true;
  auto result = engine_.plan_query(rule.body, bound);
  std::vector<plan::Op> ops;
  if (auto* p = std::get_if<std::vector<plan::Op>>(&result)) ops = std::move(*p);
  return plans_.emplace(rule.id, std::move(ops)).first->second;
}

std::string quoted(const eval::Engine& engine, Kind kind, std::uint64_t word) {
  std::string text = engine.format(kind, word);
  return kind == Kind::symbol ? quoted_symbol(text) : text;
}

std::string atom_text(const eval::Engine& engine, std::uint32_t relation, const eval::RowRef& row) {
  const auto& r = engine.program().relations[relation];
  std::vector<std::string> args;
  for (std::size_t c = 0; c < r.arity(); ++c) args.push_back(quoted(engine, r.attributes[c].kind, row[c]));
  return fmt::format("{}({})", r.name, fmt::join(args, ", "));
}

std::string source_text(const sem::Program& program, const sem::Loc& loc) {
  const std::string& text = program.sources.file(loc.file).text();
  if (loc.offset >= text.size()) return {};
  return collapse_spaces(std::string_view(text).substr(loc.offset, loc.length));
}

void require_provenance(const eval::Engine& engine) {
  if (!engine.evaluated() || !engine.provenance())
    throw_bad_input(ErrorCode::library_misuse,
                    "explanations need provenance: evaluate with EvalOptions::record_provenance = true");
}

}  // namespace kz::argument
