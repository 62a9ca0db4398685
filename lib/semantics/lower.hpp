// Semantic analysis: parse trees in, a checked sem::Program out (names, arity, kinds,
// DNF, variable slots), then stratification. Planning is the plan layer's (plan/plan.hpp).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kzrules/diagnostic.hpp"
#include "semantics/ir.hpp"
#include "syntax/ast.hpp"

namespace kz::sem {

struct ParsedFile {
  std::uint32_t file = 0;  // index in Program::sources
  syntax::ast::Program ast;
};

using ParamOverrides = std::vector<std::pair<std::string, std::string>>;

struct LowerOptions {
  ParamOverrides overrides;         // `--param name=value`
  std::optional<std::string> as_of;  // `check --as-of DATE`: in place of the sources' `.as_of`
  // Files from this index on belong to a fact set: facts and coverage lines only.
  std::size_t facts_only_from = static_cast<std::size_t>(-1);
  bool wrap_integers = false;  // `--wrap-integers`: Program::wrap_integers
};

// Each returns false when it added an error to `diagnostics`.
bool lower(Program& program, const std::vector<ParsedFile>& files, const LowerOptions& options,
           std::vector<Diagnostic>& diagnostics);
bool stratify(Program& program, std::vector<Diagnostic>& diagnostics);

}  // namespace kz::sem
