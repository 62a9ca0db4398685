// The date functors. A date is a symbol "YYYY", "YYYY-MM" or "YYYY-MM-DD"; a missing
// month or day is the first.
#include <charconv>
#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "core/words.hpp"
#include "eval/expressions.hpp"

namespace kz::eval {

using sem::Expr;

namespace {

struct Date {
  int year = 0, month = 1, day = 1;
};

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::optional<Date> parse_date(std::string_view s) {
  Date d;
  auto dash = s.find('-', 1);
  if (!parse_int(s.substr(0, dash), d.year)) return std::nullopt;
  if (dash == std::string_view::npos) return d;
  s = s.substr(dash + 1);
  dash = s.find('-');
  if (!parse_int(s.substr(0, dash), d.month) || d.month < 1 || d.month > 12) return std::nullopt;
  if (dash == std::string_view::npos) return d;
  if (!parse_int(s.substr(dash + 1), d.day) || d.day < 1 || d.day > 31) return std::nullopt;
  return d;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). The
// year is widened first: any int is a year, and y - 1 or y - 399 must not overflow.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

[[noreturn, gnu::cold]] void not_a_date(const Engine& engine, const Expr& argument, const std::string& text) {
  engine.runtime_error(argument.loc, ErrorCode::bad_runtime_value,
                       fmt::format("\"{}\" is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)", text));
}

// Argument i of `call` as a date; a symbol that is none is an error at the argument.
Date date_argument(Engine& engine, const Expr& call, std::size_t i, const std::uint64_t* regs) {
  const std::string& text = engine.symbols().text(engine.eval(call.args[i], regs));
  auto d = parse_date(text);
  if (!d) not_a_date(engine, call.args[i], text);
  return *d;
}

}  // namespace

std::uint64_t eval_year(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(date_argument(engine, call, 0, regs).year));
}

std::uint64_t eval_date_months(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  const Date d = date_argument(engine, call, 0, regs);
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(d.year) * 12 + d.month - 1);
}

std::uint64_t eval_date_days(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  const Date d = date_argument(engine, call, 0, regs);
  return static_cast<std::uint64_t>(days_from_civil(d.year, d.month, d.day));
}

std::uint64_t eval_years_between(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  const Date a = date_argument(engine, call, 0, regs), b = date_argument(engine, call, 1, regs);
  const std::int64_t months = (static_cast<std::int64_t>(b.year) * 12 + b.month) -
                              (static_cast<std::int64_t>(a.year) * 12 + a.month);
  return float_to_word(static_cast<double>(months) / 12.0);
}

std::uint64_t eval_days_between(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  const Date a = date_argument(engine, call, 0, regs), b = date_argument(engine, call, 1, regs);
  return static_cast<std::uint64_t>(days_from_civil(b.year, b.month, b.day) -
                                    days_from_civil(a.year, a.month, a.day));
}

}  // namespace kz::eval
