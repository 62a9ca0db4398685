// The functor table (see functors.hpp). Entries are in Functor order; the tests check that
// each Functor has exactly one entry and that every name is distinct.
#include "core/functors.hpp"

namespace kz {

namespace {

constexpr ArgumentKind exactly(Kind kind) { return {ArgumentKind::Rule::exactly, kind}; }
constexpr ArgumentKind any_kind{ArgumentKind::Rule::any, Kind::number};
constexpr ArgumentKind as_result{ArgumentKind::Rule::as_result, Kind::number};
constexpr ArgumentKind symbol = exactly(Kind::symbol);
constexpr ArgumentKind number = exactly(Kind::number);
constexpr std::optional<Kind> polymorphic = std::nullopt;

constexpr bool integers_only = true;
constexpr bool makes_symbols = true;

constexpr std::array<FunctorInfo, functor_count> table = {{
    // Numeric functors: the arguments and the call share one numeric kind.
    {Functor::min, "min", 2, unbounded_arity, polymorphic, {as_result, as_result}, false, false},
    {Functor::max, "max", 2, unbounded_arity, polymorphic, {as_result, as_result}, false, false},
    {Functor::abs, "abs", 1, 1, polymorphic, {as_result}, false, false},
    {Functor::band, "band", 2, 2, polymorphic, {as_result, as_result}, integers_only, false},
    {Functor::bor, "bor", 2, 2, polymorphic, {as_result, as_result}, integers_only, false},
    {Functor::bxor, "bxor", 2, 2, polymorphic, {as_result, as_result}, integers_only, false},
    {Functor::bshl, "bshl", 2, 2, polymorphic, {as_result, as_result}, integers_only, false},
    {Functor::bshr, "bshr", 2, 2, polymorphic, {as_result, as_result}, integers_only, false},
    {Functor::bnot, "bnot", 1, 1, polymorphic, {as_result}, integers_only, false},
    {Functor::land, "land", 2, 2, polymorphic, {as_result, as_result}, false, false},
    {Functor::lor, "lor", 2, 2, polymorphic, {as_result, as_result}, false, false},
    {Functor::lnot, "lnot", 1, 1, polymorphic, {as_result}, false, false},
    // Strings and conversions.
    {Functor::cat, "cat", 1, unbounded_arity, Kind::symbol, {symbol}, false, makes_symbols},
    {Functor::strlen, "strlen", 1, 1, Kind::number, {symbol}, false, false},
    {Functor::substr, "substr", 3, 3, Kind::symbol, {symbol, number, number}, false, makes_symbols},
    {Functor::to_number, "to_number", 1, 1, Kind::number, {any_kind}, false, false},
    {Functor::to_string, "to_string", 1, 1, Kind::symbol, {any_kind}, false, makes_symbols},
    {Functor::to_float, "to_float", 1, 1, Kind::float_number, {any_kind}, false, false},
    {Functor::to_unsigned, "to_unsigned", 1, 1, Kind::unsigned_number, {any_kind}, false, false},
    {Functor::ord, "ord", 1, 1, Kind::number, {symbol}, false, false},
    {Functor::lower, "lower", 1, 1, Kind::symbol, {symbol}, false, makes_symbols},
    {Functor::upper, "upper", 1, 1, Kind::symbol, {symbol}, false, makes_symbols},
    // Dates: symbols written YYYY, YYYY-MM or YYYY-MM-DD.
    {Functor::year, "year", 1, 1, Kind::number, {symbol}, false, false},
    {Functor::date_months, "date_months", 1, 1, Kind::number, {symbol}, false, false},
    {Functor::date_days, "date_days", 1, 1, Kind::number, {symbol}, false, false},
    {Functor::years_between, "years_between", 2, 2, Kind::float_number, {symbol, symbol}, false, false},
    {Functor::days_between, "days_between", 2, 2, Kind::number, {symbol, symbol}, false, false},
    // Logical exclusive or, and the right shift that fills with zeros whatever the sign.
    {Functor::lxor, "lxor", 2, 2, polymorphic, {as_result, as_result}, false, false},
    {Functor::bshru, "bshru", 2, 2, polymorphic, {as_result, as_result}, integers_only, false},
    // Every value from `from` towards `to` (not included) by `step` (1 or -1 by default).
    {Functor::range, "range", 2, 3, polymorphic, {as_result, as_result, as_result}, false, false},
    // A counter: each evaluation gives the next number, from 0. Its values depend on the
    // order rules and rows are evaluated in, as in Soufflé.
    {Functor::autoinc, "autoinc", 0, 0, Kind::number, {}, false, false, true},
}};

constexpr bool in_functor_order() {
  for (std::size_t i = 0; i < table.size(); ++i)
    if (static_cast<std::size_t>(table[i].id) != i) return false;
  return true;
}
static_assert(in_functor_order(), "the functor table must list the functors in Functor order");

}  // namespace

const std::array<FunctorInfo, functor_count>& all_functors() noexcept { return table; }

const FunctorInfo& functor_info(Functor functor) noexcept {
  return table[static_cast<std::size_t>(functor)];
}

const FunctorInfo* find_functor(std::string_view name) noexcept {
  for (const auto& info : table)
    if (name == info.name) return &info;
  return nullptr;
}

std::optional<std::string> arity_error(const FunctorInfo& f, std::size_t count) {
  if (count >= f.min_arity && (f.max_arity == unbounded_arity || count <= f.max_arity)) return std::nullopt;
  const std::string name = std::string("'") + f.name + "'";
  const auto arguments = [](std::size_t n) { return n == 1 ? " argument" : " arguments"; };
  if (f.min_arity == f.max_arity)
    return name + " takes " + std::to_string(f.min_arity) + arguments(f.min_arity) + ", not " + std::to_string(count);
  if (count < f.min_arity)
    return name + " needs at least " + (f.min_arity == 1 ? std::string("one") : std::to_string(f.min_arity)) +
           arguments(f.min_arity);
  return name + " takes at most " + std::to_string(f.max_arity) + " arguments, not " + std::to_string(count);
}

}  // namespace kz
