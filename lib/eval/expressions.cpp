// Expression evaluation: arithmetic on the raw words of each kind, string functors, and
// the date functors (dates are symbols "YYYY", "YYYY-MM" or "YYYY-MM-DD").
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

#include <absl/container/inlined_vector.h>
#include <fmt/format.h>

#include "eval/engine.hpp"
#include "core/words.hpp"
#include "core/source.hpp"

namespace kz::eval {

using sem::Expr;
using sem::ExprOp;

namespace {

double as_float(std::uint64_t w) { return word_to_float(w); }
std::uint64_t from_float(double d) { return float_to_word(d); }
std::int64_t as_int(std::uint64_t w) { return word_to_int(w); }

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

std::int64_t int_pow(std::int64_t base, std::int64_t exp, bool& overflow) {
  if (exp < 0) return (base == 1) ? 1 : (base == -1) ? ((exp % 2) ? -1 : 1) : 0;
  std::int64_t result = 1;
  while (exp > 0) {
    if (exp & 1)
      if (__builtin_mul_overflow(result, base, &result)) overflow = true;
    exp >>= 1;
    if (exp > 0 && __builtin_mul_overflow(base, base, &base)) overflow = true;
  }
  return result;
}

// Strings are the one value that can grow without the tuple limit noticing: cat(x, x) in
// a recursive rule doubles them each round, and substr over a long string makes many.
// A cap on one string and on all strings together stops such a program with a resource
// limit (exit 3) before memory runs out.
constexpr std::size_t max_string_bytes = std::size_t{16} << 20;  // 16 MiB
constexpr std::size_t max_all_strings_bytes = std::size_t{1} << 30;  // 1 GiB

}  // namespace

std::uint64_t Engine::eval(const Expr& e, const std::uint64_t* regs) {
  switch (e.op) {
    case ExprOp::variable: return regs[e.slot];
    case ExprOp::constant: return e.value;
    case ExprOp::wildcard: return 0;
    default: break;
  }
  const Kind k = e.kind;
  auto arg = [&](std::size_t i) { return eval(e.args[i], regs); };
  auto date_of = [&](std::size_t i) {
    const std::string& text = symbols_.text(arg(i));
    auto d = parse_date(text);
    if (!d) runtime_error(e.args[i].loc, fmt::format("\"{}\" is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)", text));
    return *d;
  };
  auto overflow = [&]() -> std::uint64_t { runtime_error(e.loc, "integer overflow"); };
  auto string_limit = [&](std::size_t bytes) {
    if (bytes <= max_string_bytes && symbols_.bytes() + bytes <= max_all_strings_bytes) return;
    const bool one = bytes > max_string_bytes;
    throw Error(ErrorKind::resource_limit,
                make_error(program_->sources.locate(e.loc),
                                   fmt::format("resource limit: {} (a rule like s(cat(x, x)) :- s(x). never stops)",
                                               one ? fmt::format("a string of {} bytes, more than {} MiB", bytes,
                                                                 max_string_bytes >> 20)
                                                   : fmt::format("strings take more than {} MiB in all",
                                                                 max_all_strings_bytes >> 20))));
  };
  auto intern = [&](std::string_view text) {
    string_limit(text.size());
    return symbols_.intern(text);
  };
  switch (e.op) {
    case ExprOp::neg:
      if (k == Kind::float_number) return from_float(-as_float(arg(0)));
      if (k == Kind::number) {
        std::int64_t r;
        if (__builtin_sub_overflow(std::int64_t{0}, as_int(arg(0)), &r)) return overflow();
        return static_cast<std::uint64_t>(r);
      }
      return ~arg(0) + 1;
    case ExprOp::add:
    case ExprOp::sub:
    case ExprOp::mul:
    case ExprOp::div:
    case ExprOp::mod:
    case ExprOp::pow: {
      const std::uint64_t a = arg(0), b = arg(1);
      if (k == Kind::float_number) {
        const double x = as_float(a), y = as_float(b);
        switch (e.op) {
          case ExprOp::add: return from_float(x + y);
          case ExprOp::sub: return from_float(x - y);
          case ExprOp::mul: return from_float(x * y);
          case ExprOp::div: return from_float(x / y);
          case ExprOp::mod: return from_float(std::fmod(x, y));
          default: return from_float(std::pow(x, y));
        }
      }
      if (k == Kind::unsigned_number) {
        switch (e.op) {
          case ExprOp::add: return a + b;
          case ExprOp::sub: return a - b;
          case ExprOp::mul: return a * b;
          case ExprOp::div:
            if (b == 0) runtime_error(e.loc, "division by zero");
            return a / b;
          case ExprOp::mod:
            if (b == 0) runtime_error(e.loc, "division by zero (in %)");
            return a % b;
          default: {
            std::uint64_t r = 1, base = a, x = b;
            while (x) {
              if (x & 1) r *= base;
              base *= base;
              x >>= 1;
            }
            return r;
          }
        }
      }
      const std::int64_t x = as_int(a), y = as_int(b);
      std::int64_t r = 0;
      switch (e.op) {
        case ExprOp::add:
          if (__builtin_add_overflow(x, y, &r)) return overflow();
          return static_cast<std::uint64_t>(r);
        case ExprOp::sub:
          if (__builtin_sub_overflow(x, y, &r)) return overflow();
          return static_cast<std::uint64_t>(r);
        case ExprOp::mul:
          if (__builtin_mul_overflow(x, y, &r)) return overflow();
          return static_cast<std::uint64_t>(r);
        case ExprOp::div:
          if (y == 0) runtime_error(e.loc, "division by zero");
          if (x == INT64_MIN && y == -1) return overflow();
          return static_cast<std::uint64_t>(x / y);
        case ExprOp::mod:
          if (y == 0) runtime_error(e.loc, "division by zero (in %)");
          if (y == -1) return 0;
          return static_cast<std::uint64_t>(x % y);
        default: {
          bool of = false;
          r = int_pow(x, y, of);
          if (of) return overflow();
          return static_cast<std::uint64_t>(r);
        }
      }
    }
    default: break;
  }
  if (e.op == ExprOp::functor) switch (e.functor) {
    case Functor::band: return arg(0) & arg(1);
    case Functor::bor: return arg(0) | arg(1);
    case Functor::bxor: return arg(0) ^ arg(1);
    case Functor::bshl: return arg(0) << (arg(1) & 63);
    case Functor::bshr:
      return k == Kind::number ? static_cast<std::uint64_t>(as_int(arg(0)) >> (arg(1) & 63)) : arg(0) >> (arg(1) & 63);
    case Functor::bnot: return ~arg(0);
    case Functor::land: return (arg(0) != 0 && arg(1) != 0) ? 1 : 0;
    case Functor::lor: return (arg(0) != 0 || arg(1) != 0) ? 1 : 0;
    case Functor::lnot: return arg(0) == 0 ? 1 : 0;
    case Functor::min:
    case Functor::max: {
      const std::uint64_t a = arg(0), b = arg(1);
      const int c = order(k, a, b);
      return (e.functor == Functor::min) == (c <= 0) ? a : b;
    }
    case Functor::abs:
      if (k == Kind::float_number) return from_float(std::fabs(as_float(arg(0))));
      if (k == Kind::number) {
        const std::int64_t v = as_int(arg(0));
        if (v == INT64_MIN) return overflow();
        return static_cast<std::uint64_t>(v < 0 ? -v : v);
      }
      return arg(0);
    case Functor::cat: {
      absl::InlinedVector<std::uint64_t, 4> parts(e.args.size());
      std::size_t bytes = 0;
      for (std::size_t i = 0; i < e.args.size(); ++i) bytes += symbols_.text(parts[i] = arg(i)).size();
      string_limit(bytes);  // before building it
      std::string out;
      out.reserve(bytes);
      for (auto part : parts) out += symbols_.text(part);
      return intern(out);
    }
    case Functor::strlen: return static_cast<std::uint64_t>(symbols_.text(arg(0)).size());
    case Functor::substr: {
      const std::string s = symbols_.text(arg(0));
      const std::int64_t start = as_int(arg(1)), len = as_int(arg(2));
      if (start < 0 || len < 0 || static_cast<std::uint64_t>(start) > s.size())
        runtime_error(e.loc, fmt::format("substr(\"{}\", {}, {}) is out of range", s, start, len));
      return intern(std::string_view(s).substr(static_cast<std::size_t>(start), static_cast<std::size_t>(len)));
    }
    case Functor::to_number:
    case Functor::to_unsigned:
    case Functor::to_float: {
      const Kind from = e.args[0].kind;
      const std::uint64_t v = arg(0);
      if (from == Kind::symbol) {
        const std::string& s = symbols_.text(v);
        const char* first = s.data();
        const char* last = s.data() + s.size();
        if (e.functor == Functor::to_float) {
          double d = 0;
          auto r = std::from_chars(first, last, d);
          if (r.ec != std::errc() || r.ptr != last) runtime_error(e.loc, fmt::format("\"{}\" is not a float", s));
          return from_float(d);
        }
        if (e.functor == Functor::to_unsigned) {
          std::uint64_t u = 0;
          auto r = std::from_chars(first, last, u);
          if (r.ec != std::errc() || r.ptr != last) runtime_error(e.loc, fmt::format("\"{}\" is not an unsigned number", s));
          return u;
        }
        std::int64_t i = 0;
        auto r = std::from_chars(first, last, i);
        if (r.ec != std::errc() || r.ptr != last) runtime_error(e.loc, fmt::format("\"{}\" is not a number", s));
        return static_cast<std::uint64_t>(i);
      }
      double d = from == Kind::float_number      ? as_float(v)
                 : from == Kind::unsigned_number ? static_cast<double>(v)
                                                 : static_cast<double>(as_int(v));
      if (e.functor == Functor::to_float) return from_float(d);
      if (from == Kind::float_number) {
        if (!std::isfinite(d) || std::fabs(d) > 9.2e18) runtime_error(e.loc, "float out of the integer range");
        return e.functor == Functor::to_unsigned ? static_cast<std::uint64_t>(std::max(0.0, d))
                                           : static_cast<std::uint64_t>(static_cast<std::int64_t>(d));
      }
      return v;
    }
    case Functor::to_string: return intern(format(e.args[0].kind, arg(0)));
    case Functor::ord: return arg(0);
    case Functor::lower:
    case Functor::upper: {
      std::string s = symbols_.text(arg(0));
      for (auto& c : s)
        c = static_cast<char>(e.functor == Functor::lower ? std::tolower(static_cast<unsigned char>(c))
                                                    : std::toupper(static_cast<unsigned char>(c)));
      return intern(s);
    }
    case Functor::year: return static_cast<std::uint64_t>(static_cast<std::int64_t>(date_of(0).year));
    case Functor::date_months: {
      const Date d = date_of(0);
      return static_cast<std::uint64_t>(static_cast<std::int64_t>(d.year) * 12 + d.month - 1);
    }
    case Functor::date_days: {
      const Date d = date_of(0);
      return static_cast<std::uint64_t>(days_from_civil(d.year, d.month, d.day));
    }
    case Functor::years_between: {
      const Date a = date_of(0), b = date_of(1);
      const std::int64_t months = (static_cast<std::int64_t>(b.year) * 12 + b.month) -
                                  (static_cast<std::int64_t>(a.year) * 12 + a.month);
      return from_float(static_cast<double>(months) / 12.0);
    }
    case Functor::days_between: {
      const Date a = date_of(0), b = date_of(1);
      return static_cast<std::uint64_t>(days_from_civil(b.year, b.month, b.day) -
                                        days_from_civil(a.year, a.month, a.day));
    }
    default: break;
  }
  runtime_error(e.loc, "unsupported expression");
}

}  // namespace kz::eval
