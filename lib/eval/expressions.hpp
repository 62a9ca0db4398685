// Evaluating expressions is split by what they compute: Engine::eval in expressions.cpp
// reads variables and constants, does the arithmetic and the numeric functors, and calls
// the function below that evaluates each string functor (string_functors.cpp) or date
// functor (date_functors.cpp). Each takes the call and the registers its arguments
// read. Private to lib/eval.
#pragma once

#include <cstdint>

#include "eval/engine.hpp"
#include "semantics/ir.hpp"

namespace kz::eval {

// ---- strings and conversions: a string a functor makes is interned, within the limits
std::uint64_t eval_cat(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
std::uint64_t eval_strlen(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
std::uint64_t eval_substr(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
// to_number, to_unsigned and to_float (call.functor says which), of a symbol or a number.
std::uint64_t eval_to_number(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
std::uint64_t eval_to_string(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
std::uint64_t eval_ord(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
// lower and upper.
std::uint64_t eval_change_case(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);

// ---- dates: symbols YYYY, YYYY-MM or YYYY-MM-DD -----------------------------------------
std::uint64_t eval_year(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
std::uint64_t eval_date_months(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
std::uint64_t eval_date_days(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
std::uint64_t eval_years_between(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);
std::uint64_t eval_days_between(Engine& engine, const sem::Expr& call, const std::uint64_t* registers);

}  // namespace kz::eval
