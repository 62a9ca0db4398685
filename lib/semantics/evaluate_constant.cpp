// Constant evaluation with the evaluator's semantics, case by case as in
// eval/expressions.cpp (which works on the engine's symbol table instead of a list of
// strings): a number is a signed 64-bit word, checked for overflow; an unsigned wraps
// around; a float is an IEEE double.
#include "semantics/evaluate_constant.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "core/arithmetic.hpp"
#include "core/floats.hpp"
#include "core/words.hpp"

namespace kz::sem {

namespace {

[[noreturn]] void fail(const Expr& e, ErrorCode code, std::string message) {
  throw ConstantError{e.loc, code, std::move(message)};
}

class Evaluator {
 public:
  Evaluator(std::vector<std::string>& symbols, bool wrap_integers) : symbols_(symbols), wrap_(wrap_integers) {}

  std::uint64_t operator()(const Expr& e) {
    switch (e.op) {
      case ExprOp::constant: return e.value;
      case ExprOp::variable: fail(e, ErrorCode::bad_ground_atom, "a variable has no value here");
      case ExprOp::wildcard: fail(e, ErrorCode::bad_ground_atom, "'_' has no value here");
      case ExprOp::neg: return negate(e);
      case ExprOp::add:
      case ExprOp::sub:
      case ExprOp::mul:
      case ExprOp::div:
      case ExprOp::mod:
      case ExprOp::pow: return arithmetic(e);
      case ExprOp::functor: break;
    }
    switch (e.functor) {
      case Functor::band: return arg(e, 0) & arg(e, 1);
      case Functor::bor: return arg(e, 0) | arg(e, 1);
      case Functor::bxor: return arg(e, 0) ^ arg(e, 1);
      case Functor::bshl: return arg(e, 0) << (arg(e, 1) & 63);
      case Functor::bshr: {
        const std::uint64_t a = arg(e, 0), b = arg(e, 1);
        return e.kind == Kind::number ? static_cast<std::uint64_t>(word_to_int(a) >> (b & 63)) : a >> (b & 63);
      }
      case Functor::bnot: return ~arg(e, 0);
      case Functor::land: return (arg(e, 0) != 0 && arg(e, 1) != 0) ? 1 : 0;
      case Functor::lor: return (arg(e, 0) != 0 || arg(e, 1) != 0) ? 1 : 0;
      case Functor::lxor: return ((arg(e, 0) != 0) != (arg(e, 1) != 0)) ? 1 : 0;
      case Functor::bshru: return arg(e, 0) >> (arg(e, 1) & 63);
      case Functor::lnot: return arg(e, 0) == 0 ? 1 : 0;
      case Functor::min:
      case Functor::max: {  // of two or more
        std::uint64_t best = arg(e, 0);
        for (std::size_t i = 1; i < e.args.size(); ++i) {
          const std::uint64_t next = arg(e, i);
          if ((e.functor == Functor::min) != (order(e.kind, best, next) <= 0)) best = next;
        }
        return best;
      }
      case Functor::abs: return absolute(e);
      case Functor::cat: {
        std::string out;
        for (std::size_t i = 0; i < e.args.size(); ++i) out += text(arg(e, i));
        return intern(std::move(out));
      }
      case Functor::strlen: return static_cast<std::uint64_t>(text(arg(e, 0)).size());
      case Functor::substr: return substring(e);
      case Functor::to_number:
      case Functor::to_unsigned:
      case Functor::to_float: return convert(e);
      case Functor::to_string:
        // A float as Soufflé's to_string writes it: six decimals (3.140000).
        if (e.args[0].kind == Kind::float_number) return intern(fmt::format("{:f}", word_to_float(arg(e, 0))));
        return intern(format_value(value(e.args[0].kind, arg(e, 0))));
      case Functor::lower:
      case Functor::upper: {
        std::string s = text(arg(e, 0));
        for (auto& c : s)
          c = static_cast<char>(e.functor == Functor::lower ? std::tolower(static_cast<unsigned char>(c))
                                                            : std::toupper(static_cast<unsigned char>(c)));
        return intern(std::move(s));
      }
      default: break;
    }
    fail(e, ErrorCode::bad_ground_atom, "this expression has no value before evaluation: write its value");
  }

 private:
  std::uint64_t arg(const Expr& e, std::size_t i) { return (*this)(e.args[i]); }
  const std::string& text(std::uint64_t word) const { return symbols_[word]; }
  std::uint64_t intern(std::string s) {
    symbols_.push_back(std::move(s));
    return symbols_.size() - 1;
  }

  Value value(Kind kind, std::uint64_t word) const {
    switch (kind) {
      case Kind::number: return word_to_int(word);
      case Kind::unsigned_number: return word;
      case Kind::float_number: return word_to_float(word);
      case Kind::symbol: return text(word);
    }
    return word;
  }

  int order(Kind kind, std::uint64_t a, std::uint64_t b) const {
    switch (kind) {
      case Kind::number: return word_to_int(a) < word_to_int(b) ? -1 : word_to_int(a) > word_to_int(b) ? 1 : 0;
      case Kind::unsigned_number: return a < b ? -1 : a > b ? 1 : 0;
      case Kind::float_number: {
        const double x = word_to_float(a), y = word_to_float(b);
        return x < y ? -1 : x > y ? 1 : 0;
      }
      case Kind::symbol: {
        const int c = text(a).compare(text(b));
        return c < 0 ? -1 : c > 0 ? 1 : 0;
      }
    }
    return 0;
  }

  std::uint64_t negate(const Expr& e) {
    const std::uint64_t a = arg(e, 0);
    if (e.kind == Kind::float_number) return float_to_word(-word_to_float(a));
    if (e.kind == Kind::number) {
      std::int64_t r;
      if (__builtin_sub_overflow(std::int64_t{0}, word_to_int(a), &r)) overflowed(e);
      return static_cast<std::uint64_t>(r);
    }
    return ~a + 1;
  }

  std::uint64_t arithmetic(const Expr& e) {
    const std::uint64_t a = arg(e, 0), b = arg(e, 1);
    if (e.kind == Kind::float_number) {
      const double x = word_to_float(a), y = word_to_float(b);
      switch (e.op) {
        case ExprOp::add: return float_to_word(x + y);
        case ExprOp::sub: return float_to_word(x - y);
        case ExprOp::mul: return float_to_word(x * y);
        case ExprOp::div: return float_to_word(x / y);
        case ExprOp::mod: return float_to_word(std::fmod(x, y));
        default: return float_to_word(std::pow(x, y));
      }
    }
    if (e.kind == Kind::unsigned_number) {
      // As the evaluator does: leaving the unsigned range is an error, not a wrap.
      std::uint64_t r = 0;
      bool overflow = false;
      switch (e.op) {
        case ExprOp::add:
          if (__builtin_add_overflow(a, b, &r)) overflowed(e);
          return r;
        case ExprOp::sub:
          if (__builtin_sub_overflow(a, b, &r)) overflowed(e, "integer overflow: below 0");
          return r;
        case ExprOp::mul:
          if (__builtin_mul_overflow(a, b, &r)) overflowed(e);
          return r;
        case ExprOp::div:
          if (b == 0) fail(e, ErrorCode::division_by_zero, "division by zero");
          return a / b;
        case ExprOp::mod:
          if (b == 0) fail(e, ErrorCode::division_by_zero, "division by zero (in %)");
          return a % b;
        default:
          r = checked_unsigned_pow(a, b, overflow);
          if (overflow) overflowed(e);
          return r;
      }
    }
    const std::int64_t x = word_to_int(a), y = word_to_int(b);
    std::int64_t r = 0;
    bool overflow = false;
    switch (e.op) {
      case ExprOp::add: overflow = __builtin_add_overflow(x, y, &r); break;
      case ExprOp::sub: overflow = __builtin_sub_overflow(x, y, &r); break;
      case ExprOp::mul: overflow = __builtin_mul_overflow(x, y, &r); break;
      case ExprOp::div:
        if (y == 0) fail(e, ErrorCode::division_by_zero, "division by zero");
        overflow = x == INT64_MIN && y == -1;
        r = overflow ? x : x / y;  // -INT64_MIN wraps to itself
        break;
      case ExprOp::mod:
        if (y == 0) fail(e, ErrorCode::division_by_zero, "division by zero (in %)");
        r = y == -1 ? 0 : x % y;
        break;
      default: r = int_pow(x, y, overflow); break;
    }
    if (overflow) overflowed(e);
    return static_cast<std::uint64_t>(r);
  }

  std::uint64_t absolute(const Expr& e) {
    const std::uint64_t a = arg(e, 0);
    if (e.kind == Kind::float_number) return float_to_word(std::fabs(word_to_float(a)));
    if (e.kind == Kind::number) {
      const std::int64_t v = word_to_int(a);
      if (v == INT64_MIN) overflowed(e);
      return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    }
    return a;
  }

  std::uint64_t substring(const Expr& e) {
    const std::string s = text(arg(e, 0));
    const std::int64_t start = word_to_int(arg(e, 1)), length = word_to_int(arg(e, 2));
    if (start < 0 || length < 0 || static_cast<std::uint64_t>(start) > s.size())
      fail(e, ErrorCode::bad_runtime_value, fmt::format("substr(\"{}\", {}, {}) is out of range", s, start, length));
    // Clamped in 64 bits: a size_t of 32 bits (WebAssembly) would wrap a long length.
    const std::uint64_t kept = std::min<std::uint64_t>(static_cast<std::uint64_t>(length), s.size() - static_cast<std::uint64_t>(start));
    return intern(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(kept)));
  }

  // to_number, to_unsigned, to_float: text read as a number, or a number of another kind.
  std::uint64_t convert(const Expr& e) {
    const Kind from = e.args[0].kind;
    const std::uint64_t v = arg(e, 0);
    if (from == Kind::symbol) {
      const std::string& s = text(v);
      const char* first = s.data();
      const char* last = s.data() + s.size();
      if (e.functor == Functor::to_float) {
        const std::optional<double> d = parse_float(s);
        if (!d) fail(e, ErrorCode::bad_runtime_value, fmt::format("\"{}\" is not a float", s));
        return float_to_word(*d);
      }
      if (e.functor == Functor::to_unsigned) {
        std::uint64_t u = 0;
        auto r = std::from_chars(first, last, u);
        if (r.ec != std::errc() || r.ptr != last)
          fail(e, ErrorCode::bad_runtime_value, fmt::format("\"{}\" is not an unsigned number", s));
        return u;
      }
      std::int64_t i = 0;
      auto r = std::from_chars(first, last, i);
      if (r.ec != std::errc() || r.ptr != last)
        fail(e, ErrorCode::bad_runtime_value, fmt::format("\"{}\" is not a number", s));
      return static_cast<std::uint64_t>(i);
    }
    const double d = from == Kind::float_number      ? word_to_float(v)
                     : from == Kind::unsigned_number ? static_cast<double>(v)
                                                     : static_cast<double>(word_to_int(v));
    if (e.functor == Functor::to_float) return float_to_word(d);
    if (from == Kind::float_number) {
      if (!std::isfinite(d) || std::fabs(d) > 9.2e18)
        fail(e, ErrorCode::integer_overflow, "float out of the integer range");
      return e.functor == Functor::to_unsigned ? static_cast<std::uint64_t>(std::max(0.0, d))
                                         : static_cast<std::uint64_t>(static_cast<std::int64_t>(d));
    }
    return v;
  }

  // As the evaluator does: leaving the integer range is an error unless the program wraps
  // integers, when the caller keeps the two's-complement result.
  void overflowed(const Expr& e, const char* message = "integer overflow") const {
    if (!wrap_) fail(e, ErrorCode::integer_overflow, message);
  }

  std::vector<std::string>& symbols_;
  bool wrap_;
};

}  // namespace

std::uint64_t evaluate_constant(const Expr& e, std::vector<std::string>& symbols, bool wrap_integers) {
  return Evaluator(symbols, wrap_integers)(e);
}

}  // namespace kz::sem
