// Reading one ground atom given as text outside a program — `explain RULES FACTS
// 'p(1+5, 3)'`, `check --with 'fact(...)'`, `check --without 'e(2, _)'` — against a
// checked program's declarations. The syntax layer parses it; each argument, a constant
// expression, takes its attribute's kind by the language's rules (an integer literal in a
// float column is a float...) and is evaluated exactly as the evaluator would evaluate it
// (evaluate_constant.hpp). Parameters (.param) may appear; variables may not.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "kzrules/value.hpp"
#include "semantics/ir.hpp"

namespace kz::sem {

struct GroundAtom {
  std::uint32_t relation = 0;                // in Program::relations
  std::vector<std::optional<Value>> values;  // one an attribute, of its kind; nullopt: `_`
};

// Reads `text`, one atom; with `wildcards`, an argument may be `_` (any value: a pattern).
// Throws kz::Error (bad_input) located in the text, with a caret under the offending
// argument: a syntax error, an unknown relation, the wrong number of arguments, a value of
// the wrong kind, a variable, an integer overflow, or an expression without a value.
GroundAtom read_ground_atom(const Program& program, std::string_view text, bool wildcards);

}  // namespace kz::sem
