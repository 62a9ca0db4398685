// Opening fact sets for the argument layer: a Program read again with more texts or
// parameter overrides, the what-if changes applied to a database, and how the functions
// that take paths read RULES as a Program and FACTSET (or none) as a FactSet before they
// do what their Program-taking twins do.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kzrules/check.hpp"

namespace kz::argument {

// RULES parsed with `options`; throws kz::Error (bad_input) with the diagnostics.
Program parse_rules(const std::filesystem::path& rules, const ParseOptions& options);

// FACTSET, or with none the folder that holds RULES (RULES itself when it is a folder).
FactSet factset_for(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset);
std::vector<FactSet> factsets_for(const std::filesystem::path& rules,
                                  const std::vector<std::filesystem::path>& factsets);

// `program` read again from its sources and parse options, with `more_texts` after its
// sources, `more_overrides` after its overrides, and seen as of `as_of` if given.
// Throws kz::Error on bad input.
Program reparse(const Program& program, const std::vector<SourceText>& more_texts,
                const std::vector<std::pair<std::string, std::string>>& more_overrides,
                const std::optional<std::string>& as_of = std::nullopt);

// The program `factset` is evaluated with: `program` itself, or `program` read again with
// the fact set's texts (its file of facts, coverage.kz, texts and coverage from code),
// `more_overrides` and `as_of`. Throws kz::Error on bad input.
Program program_for(const Program& program, const FactSet& factset,
                    const std::vector<std::pair<std::string, std::string>>& more_overrides,
                    const std::optional<std::string>& as_of);

// The warnings of `evaluated` that hold for `factset`: a relation it adds tuples to from
// code is defined there (no W0005).
std::vector<Diagnostic> warnings_for(const Program& evaluated, const FactSet& factset);
// Under the program's ParseOptions::strict, throws kz::Error with those warnings as errors.
void refuse_warnings_if_strict(const Program& evaluated, const FactSet& factset);
// Appends the diagnostics of `more` that `out` does not hold yet (same code, message, place).
void add_distinct(std::vector<Diagnostic>& out, const std::vector<Diagnostic>& more);

// open_factset with parameter overrides on top of the program's (a sweep's step), and
// seen as of `as_of` (check --as-of) instead of the fact set's own `.as_of`.
Database open_factset_with(const Program& program, const FactSet& factset,
                           const std::vector<std::pair<std::string, std::string>>& more_overrides,
                           const std::optional<std::string>& as_of = std::nullopt);

// Removes CheckOptions::without's facts from `database` and adds ::with's.
void apply_changes(Database& database, const CheckOptions& options);

// `options` whose evaluations share one deadline, timeout_seconds from now (see
// EvalOptions::deadline): every analysis starts with it, so --timeout bounds it whole.
inline CheckOptions sharing_one_deadline(CheckOptions options) {
  options.eval = kz::sharing_one_deadline(options.eval);
  return options;
}

}  // namespace kz::argument
