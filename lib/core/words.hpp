// A value is one 64-bit word whose meaning its kind gives: these convert between the
// word and the number it holds. A float's word is its IEEE-754 bits, with -0.0 stored as
// 0.0: rows are compared and indexed by their words, and -0.0 = 0.0 holds (Soufflé's
// float_equality).
#pragma once

#include <cstdint>
#include <cstring>

namespace kz {

inline double word_to_float(std::uint64_t w) {
  double d;
  std::memcpy(&d, &w, sizeof d);
  return d;
}

inline std::uint64_t float_to_word(double d) {
  if (d == 0.0) d = 0.0;  // -0.0 too
  std::uint64_t w;
  std::memcpy(&w, &d, sizeof w);
  return w;
}

inline std::int64_t word_to_int(std::uint64_t w) { return static_cast<std::int64_t>(w); }

}  // namespace kz
