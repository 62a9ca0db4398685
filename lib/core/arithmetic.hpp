// Integer power as the language defines it, shared by the evaluator and the constant
// evaluator of ground atoms so the two can never disagree.
#pragma once

#include <cstdint>

namespace kz {

// base^exp for numbers: a negative exponent gives 1, -1 or 0 (an integer result);
// overflow is reported through `overflow`, never undefined.
inline std::int64_t int_pow(std::int64_t base, std::int64_t exp, bool& overflow) {
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

// base^exp for unsigned numbers; overflow is reported through `overflow`.
inline std::uint64_t checked_unsigned_pow(std::uint64_t base, std::uint64_t exp, bool& overflow) {
  std::uint64_t result = 1;
  while (exp) {
    if (exp & 1)
      if (__builtin_mul_overflow(result, base, &result)) overflow = true;
    exp >>= 1;
    if (exp && __builtin_mul_overflow(base, base, &base)) overflow = true;
  }
  return result;
}

// base^exp for unsigned numbers, wrapping as unsigned arithmetic does.
inline std::uint64_t unsigned_pow(std::uint64_t base, std::uint64_t exp) {
  std::uint64_t result = 1;
  while (exp) {
    if (exp & 1) result *= base;
    base *= base;
    exp >>= 1;
  }
  return result;
}

}  // namespace kz
