// Evaluating expressions is split by what they compute: Engine::eval in expressions.cpp
// reads variables and constants, does the arithmetic and the numeric functors, and hands
// the calls of string and date functors to the two functions below (string_functors.cpp,
// date_functors.cpp). Private to lib/eval.
#pragma once

#include <cstdint>

#include "eval/engine.hpp"
#include "semantics/ir.hpp"

namespace kz::eval {

// cat, strlen, substr, ord, lower, upper and the conversions to_number, to_unsigned,
// to_float and to_string. Strings they make are interned, within the string limits.
std::uint64_t eval_string_functor(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);

// year, date_months, date_days, years_between, days_between over dates written as
// symbols YYYY, YYYY-MM or YYYY-MM-DD.
std::uint64_t eval_date_functor(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);

}  // namespace kz::eval
