// The functors a program calls by name: cat(x, y), years_between(a, b), band(m, 4), ...
// One table holds each functor's name, arity and kinds; lowering reads it to resolve and
// check a call, the planner to print one, the evaluator to know which calls add symbols.
// Arithmetic operators (+ - * / % ^ and unary minus) are syntax, not functors: they stay
// sem::ExprOp's own.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kzrules/value.hpp"

namespace kz {

// Every functor, in table order (functor_info(f) is entry f).
enum class Functor : std::uint8_t {
  min, max, abs,
  band, bor, bxor, bshl, bshr, bnot, land, lor, lnot,
  cat, strlen, substr, to_number, to_string, to_float, to_unsigned, ord, lower, upper,
  year, date_months, date_days, years_between, days_between,
  lxor, bshru,  // Soufflé's infix words with no functor form of old
  range,        // a generator: only as `x = range(from, to[, step])` (plan::Op::Type::generate)
  autoinc,      // Soufflé's counter: 0, 1, 2, ... one value each time it is evaluated
};

inline constexpr std::size_t functor_count = static_cast<std::size_t>(Functor::autoinc) + 1;

// The kind one argument must have.
struct ArgumentKind {
  enum class Rule : std::uint8_t {
    exactly,    // `kind`
    any,        // whatever kind the argument has (the conversions: to_string(x))
    as_result,  // the numeric kind the call itself gets (min(x, y), band(x, y))
  };
  Rule rule = Rule::exactly;
  Kind kind = Kind::number;  // for `exactly`
};

// max_arity of a functor that takes any number of arguments (cat).
inline constexpr std::uint8_t unbounded_arity = 0xFF;

struct FunctorInfo {
  Functor id;
  const char* name;
  std::uint8_t min_arity;  // at least 1, but autoinc's 0
  std::uint8_t max_arity;  // unbounded_arity: no limit
  // The kind of the call; nullopt: numeric, whichever kind its context needs.
  std::optional<Kind> result;
  // By position; the positions after min_arity repeat the last one (cat's symbols).
  std::array<ArgumentKind, 3> arguments;
  bool integers_only;  // rejects floats (the bit operations)
  bool makes_symbols;  // interns new symbols when evaluated, so never runs on worker threads
  // Gives another value each time (autoinc): never folded, never on worker threads.
  bool impure = false;

  const ArgumentKind& argument(std::size_t position) const noexcept {
    if (min_arity == 0) return arguments[0];  // autoinc: takes none; a call given some is refused
    return arguments[position < min_arity ? position : min_arity - 1u];
  }
};

// Every functor, entry i describing Functor(i).
const std::array<FunctorInfo, functor_count>& all_functors() noexcept;

const FunctorInfo& functor_info(Functor functor) noexcept;

// The functor called `name`, or null when there is none.
const FunctorInfo* find_functor(std::string_view name) noexcept;

// Why a call of `functor` with `count` arguments is wrong ("'strlen' takes 1 argument,
// not 2"); nullopt when the functor takes that many.
std::optional<std::string> arity_error(const FunctorInfo& functor, std::size_t count);

}  // namespace kz
