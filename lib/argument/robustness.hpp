// The robustness analysis behind kzrules/robustness.hpp, as check() runs it: one
// FactSetRobustness for each fact set (and date) a check ran.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kzrules/check.hpp"

namespace kz::argument {

// One run of a check: a fact set, seen as of a date (or as it is), and its report.
struct CheckRun {
  const FactSet* factset = nullptr;
  std::optional<std::string> as_of;
  FactSetReport* report = nullptr;
};

// Sets each run's report's `robustness`. Fact removals and parameter values of all the
// runs share options.eval.threads threads.
void attach_robustness(const Program& program, const std::vector<CheckRun>& runs,
                       const CheckOptions& options);

// Throws `error` again with a note, on its first diagnostic, of what robustness was
// trying (an evaluation may fail only once a fact is gone or a parameter moved).
[[noreturn]] void throw_with_note(const Error& error, std::string note);

// A copy of `report` that keeps of each claim only what judging reads (its name, form
// and outcome): what a changed link or fact is judged on, many times over.
FactSetReport outcomes_only(const FactSetReport& report);

}  // namespace kz::argument
