// Lowering: parse tree -> checked IR. Resolves types, relations, variables (with
// aggregate scoping as in Soufflé), functors and constants; infers and checks kinds;
// puts rule and claim bodies in disjunctive normal form. This file holds the order of
// the passes and what they share (diagnostics, symbols); lowerer.hpp lists the others.
#include "semantics/lower.hpp"

#include <algorithm>

#include "core/source.hpp"
#include "core/suggest.hpp"
#include "semantics/lowerer.hpp"
#include "semantics/witnesses.hpp"
#include "semantics/aggregate_bodies.hpp"
#include "semantics/argument_cycles.hpp"

namespace kz::sem {

namespace lowering {

std::optional<Cmp> parse_cmp(const std::string& op) {
  if (op == "=") return Cmp::eq;
  if (op == "!=") return Cmp::ne;
  if (op == "<") return Cmp::lt;
  if (op == "<=") return Cmp::le;
  if (op == ">") return Cmp::gt;
  if (op == ">=") return Cmp::ge;
  return std::nullopt;
}

bool Lowerer::run(const std::vector<ParsedFile>& files) {
  check_fact_set_files(files);
  // Declarations first, across all files: a rule may use a relation declared later.
  for (const auto& f : files) for_items(f, [&](const auto& item) { declare_type(item); });
  resolve_types();
  for (const auto& f : files) for_items(f, [&](const auto& item) { declare_relation(item); });
  for (const auto& f : files) for_items(f, [&](const auto& item) { declare_param(item); });
  apply_overrides();
  for (const auto& f : files) for_items(f, [&](const auto& item) { declare_io(item); });
  for (const auto& f : files) for_items(f, [&](const auto& item) { declare_coverage(item); });
  apply_as_of_override();
  for (const auto& f : files) for_items(f, [&](const auto& item) { declare_hypothesis(item); });
  for (const auto& f : files) for_items(f, [&](const auto& item) { lower_clause(item); });
  for (const auto& f : files) for_items(f, [&](const auto& item) { lower_claim(item); });
  return errors_ == 0;
}

Loc Lowerer::loc(const ast::Located& n) const {
  return Loc{file_, n.offset, std::max<std::uint32_t>(1, n.end > n.offset ? n.end - n.offset : 1)};
}

Diagnostic& Lowerer::error(Loc where, ErrorCode code, std::string message) {
  ++errors_;
  diags_.push_back(make_error(prog_.sources.locate(where), code, std::move(message)));
  return diags_.back();
}

void Lowerer::note(Diagnostic& d, Loc where, std::string message) {
  Diagnostic n = make_error(prog_.sources.locate(where), std::move(message));
  n.severity = Severity::note;
  d.notes.push_back(std::move(n));
}

void Lowerer::warning(Loc where, ErrorCode code, std::string message) {
  Diagnostic d = make_error(prog_.sources.locate(where), code, std::move(message));
  d.severity = Severity::warning;
  diags_.push_back(std::move(d));
}

std::string Lowerer::relation_suggestion(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& r : prog_.relations) names.push_back(r.name);
  return did_you_mean(name, names);
}

std::string Lowerer::hypothesis_suggestion(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& h : prog_.hypotheses) names.push_back(h.name);
  return did_you_mean(name, names);
}

std::string Lowerer::param_suggestion(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& p : prog_.params) names.push_back(p.name);
  return did_you_mean(name, names);
}

std::uint64_t Lowerer::intern(const std::string& s) {
  auto [it, inserted] = symbol_ids_.try_emplace(s, static_cast<std::uint32_t>(prog_.symbols.size()));
  if (inserted) prog_.symbols.push_back(s);
  return it->second;
}

}  // namespace lowering

bool lower(Program& program, const std::vector<ParsedFile>& files, const LowerOptions& options,
           std::vector<Diagnostic>& diagnostics) {
  program.wrap_integers = options.wrap_integers;
  lowering::Lowerer lowerer(program, options, diagnostics);
  if (!lowerer.run(files)) return false;
  expand_aggregate_witnesses(program);
  untie_argument_cycles(program);
  mark_distinct_aggregates(program);
  return true;
}

}  // namespace kz::sem
