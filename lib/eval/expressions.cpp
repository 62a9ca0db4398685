// Expression evaluation: variables and constants, arithmetic on the raw words of each
// kind, and the numeric functors; each string and date functor has its function in its
// own file (expressions.hpp).
#include "eval/expressions.hpp"

#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "core/arithmetic.hpp"
#include "core/words.hpp"

namespace kz::eval {

using sem::Expr;
using sem::ExprOp;

namespace {

double as_float(std::uint64_t w) { return word_to_float(w); }
std::uint64_t from_float(double d) { return float_to_word(d); }
std::int64_t as_int(std::uint64_t w) { return word_to_int(w); }

// Leaving the integer range stops the evaluation, unless the program wraps integers
// (`--wrap-integers`): the caller then returns the two's-complement result, which the
// checked builtins below compute either way.
void integer_overflow(const Engine& engine, const Expr& e) {
  if (!engine.wraps_integers()) engine.runtime_error(e.loc, ErrorCode::integer_overflow, "integer overflow");
}

std::uint64_t negate(Engine& engine, const Expr& e, const std::uint64_t* regs) {
  const Kind k = e.kind;
  if (k == Kind::float_number) return from_float(-as_float(engine.eval(e.args[0], regs)));
  if (k == Kind::number) {
    std::int64_t r;
    if (__builtin_sub_overflow(std::int64_t{0}, as_int(engine.eval(e.args[0], regs)), &r)) integer_overflow(engine, e);
    return static_cast<std::uint64_t>(r);
  }
  return ~engine.eval(e.args[0], regs) + 1;
}

std::uint64_t float_arithmetic(ExprOp op, double x, double y) {
  switch (op) {
    case ExprOp::add: return from_float(x + y);
    case ExprOp::sub: return from_float(x - y);
    case ExprOp::mul: return from_float(x * y);
    case ExprOp::div: return from_float(x / y);
    case ExprOp::mod: return from_float(std::fmod(x, y));
    default: return from_float(std::pow(x, y));
  }
}

// Unsigned integers: like signed ones, leaving the range (below 0, past 2^64 - 1) is
// an error, not a wrap (unless the program wraps integers).
std::uint64_t unsigned_arithmetic(const Engine& engine, const Expr& e, std::uint64_t a, std::uint64_t b) {
  std::uint64_t r = 0;
  switch (e.op) {
    case ExprOp::add:
      if (__builtin_add_overflow(a, b, &r)) integer_overflow(engine, e);
      return r;
    case ExprOp::sub:
      if (__builtin_sub_overflow(a, b, &r) && !engine.wraps_integers())
        engine.runtime_error(e.loc, ErrorCode::integer_overflow,
                             fmt::format("integer overflow: {}u - {}u is below 0, outside the unsigned range", a, b));
      return r;
    case ExprOp::mul:
      if (__builtin_mul_overflow(a, b, &r)) integer_overflow(engine, e);
      return r;
    case ExprOp::div:
      if (b == 0) engine.runtime_error(e.loc, ErrorCode::division_by_zero, "division by zero");
      return a / b;
    case ExprOp::mod:
      if (b == 0) engine.runtime_error(e.loc, ErrorCode::division_by_zero, "division by zero (in %)");
      return a % b;
    default: {
      bool overflow = false;
      r = checked_unsigned_pow(a, b, overflow);
      if (overflow) integer_overflow(engine, e);
      return r;
    }
  }
}

// Signed integers: overflow is an error, not a wrap (unless the program wraps integers).
std::uint64_t integer_arithmetic(const Engine& engine, const Expr& e, std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  switch (e.op) {
    case ExprOp::add:
      if (__builtin_add_overflow(x, y, &r)) integer_overflow(engine, e);
      return static_cast<std::uint64_t>(r);
    case ExprOp::sub:
      if (__builtin_sub_overflow(x, y, &r)) integer_overflow(engine, e);
      return static_cast<std::uint64_t>(r);
    case ExprOp::mul:
      if (__builtin_mul_overflow(x, y, &r)) integer_overflow(engine, e);
      return static_cast<std::uint64_t>(r);
    case ExprOp::div:
      if (y == 0) engine.runtime_error(e.loc, ErrorCode::division_by_zero, "division by zero");
      if (x == INT64_MIN && y == -1) {
        integer_overflow(engine, e);
        return static_cast<std::uint64_t>(x);  // -INT64_MIN wraps to itself
      }
      return static_cast<std::uint64_t>(x / y);
    case ExprOp::mod:
      if (y == 0) engine.runtime_error(e.loc, ErrorCode::division_by_zero, "division by zero (in %)");
      if (y == -1) return 0;
      return static_cast<std::uint64_t>(x % y);
    default: {
      bool of = false;
      r = int_pow(x, y, of);
      if (of) integer_overflow(engine, e);
      return static_cast<std::uint64_t>(r);
    }
  }
}

// + - * / % ^ on two operands of the expression's kind.
std::uint64_t arithmetic(Engine& engine, const Expr& e, const std::uint64_t* regs) {
  const std::uint64_t a = engine.eval(e.args[0], regs), b = engine.eval(e.args[1], regs);
  if (e.kind == Kind::float_number) return float_arithmetic(e.op, as_float(a), as_float(b));
  if (e.kind == Kind::unsigned_number) return unsigned_arithmetic(engine, e, a, b);
  return integer_arithmetic(engine, e, as_int(a), as_int(b));
}

// min, max, abs and the bit and logic functors.
std::uint64_t numeric_functor(Engine& engine, const Expr& e, const std::uint64_t* regs) {
  const Kind k = e.kind;
  auto arg = [&](std::size_t i) { return engine.eval(e.args[i], regs); };
  switch (e.functor) {
    case Functor::band: return arg(0) & arg(1);
    case Functor::bor: return arg(0) | arg(1);
    case Functor::bxor: return arg(0) ^ arg(1);
    case Functor::bshl:
    case Functor::bshr:
    case Functor::bshru: {
      const std::uint64_t value = arg(0), by = arg(1);
      // A shift by 64 or more (or by a negative count) is undefined in C++ and was
      // silently taken modulo 64: it is an error, as leaving the range is elsewhere.
      if (by > 63)
        engine.runtime_error(e.loc, ErrorCode::bad_runtime_value,
                             fmt::format("a shift by {} bits: shifts take 0 to 63",
                                         e.args[1].kind == Kind::number ? fmt::format("{}", as_int(by))
                                                                        : fmt::format("{}", by)));
      if (e.functor == Functor::bshl) return value << by;
      if (e.functor == Functor::bshru) return value >> by;
      return k == Kind::number ? static_cast<std::uint64_t>(as_int(value) >> by) : value >> by;
    }
    case Functor::bnot: return ~arg(0);
    case Functor::land: return (arg(0) != 0 && arg(1) != 0) ? 1 : 0;
    case Functor::lor: return (arg(0) != 0 || arg(1) != 0) ? 1 : 0;
    case Functor::lxor: return ((arg(0) != 0) != (arg(1) != 0)) ? 1 : 0;
    case Functor::lnot: return arg(0) == 0 ? 1 : 0;
    case Functor::min:
    case Functor::max: {  // of two or more
      std::uint64_t best = arg(0);
      for (std::size_t i = 1; i < e.args.size(); ++i) {
        const std::uint64_t next = arg(i);
        const int c = engine.order(k, best, next);
        if ((e.functor == Functor::min) != (c <= 0)) best = next;
      }
      return best;
    }
    case Functor::abs:
      if (k == Kind::float_number) return from_float(std::fabs(as_float(arg(0))));
      if (k == Kind::number) {
        const std::int64_t v = as_int(arg(0));
        if (v == INT64_MIN) integer_overflow(engine, e);
        // In unsigned words: |INT64_MIN| wraps to itself instead of being undefined.
        return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
      }
      return arg(0);
    default: break;
  }
  engine.runtime_error(e.loc, ErrorCode::bad_runtime_value, "unsupported expression");
}

}  // namespace

std::uint64_t Engine::eval(const Expr& e, const std::uint64_t* regs) {
  // Variables and constants first, on their own: they are most of what the row loops
  // evaluate (head arguments, lookup keys).
  switch (e.op) {
    case ExprOp::variable: return regs[e.slot];
    case ExprOp::constant: return e.value;
    case ExprOp::wildcard: return 0;
    default: break;
  }
  if (e.op == ExprOp::neg) return negate(*this, e, regs);
  if (e.op != ExprOp::functor) return arithmetic(*this, e, regs);
  switch (e.functor) {
    case Functor::min:
    case Functor::max:
    case Functor::abs:
    case Functor::band:
    case Functor::bor:
    case Functor::bxor:
    case Functor::bshl:
    case Functor::bshr:
    case Functor::bnot:
    case Functor::land:
    case Functor::lor:
    case Functor::lxor:
    case Functor::bshru:
    case Functor::lnot: return numeric_functor(*this, e, regs);
    case Functor::cat: return eval_cat(*this, e, regs);
    case Functor::strlen: return eval_strlen(*this, e, regs);
    case Functor::substr: return eval_substr(*this, e, regs);
    case Functor::to_number:
    case Functor::to_float:
    case Functor::to_unsigned: return eval_to_number(*this, e, regs);
    case Functor::to_string: return eval_to_string(*this, e, regs);
    case Functor::ord: return eval_ord(*this, e, regs);
    case Functor::lower:
    case Functor::upper: return eval_change_case(*this, e, regs);
    case Functor::year: return eval_year(*this, e, regs);
    case Functor::date_months: return eval_date_months(*this, e, regs);
    case Functor::date_days: return eval_date_days(*this, e, regs);
    case Functor::years_between: return eval_years_between(*this, e, regs);
    case Functor::days_between: return eval_days_between(*this, e, regs);
    case Functor::range: break;  // a generator (Op::Type::generate); lowering allows no other use
    case Functor::autoinc: return autoinc_++;
  }
  runtime_error(e.loc, ErrorCode::bad_runtime_value, "unsupported expression");
}

}  // namespace kz::eval
