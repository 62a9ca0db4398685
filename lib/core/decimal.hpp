// Exact decimals for parameter ranges and sweeps: `0.4 .. 0.9 step 0.05` must visit
// 0.4, 0.45, ..., 0.9 and print them so, which repeated double addition does not
// (0.6000000000000001). A decimal is an integer count of 10^-scale units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kz {

struct Decimal {
  std::int64_t units = 0;  // value = units / 10^scale
  int scale = 0;           // digits after the point, 0..15

  // "-12", "0.05", "3.0", "+1.5"; nullopt for anything else (exponents, hex, too many
  // digits to stay exact).
  static std::optional<Decimal> parse(std::string_view text);

  double to_double() const noexcept;
  // Written with exactly `scale` digits after the point ("3.0", "0.45", "7").
  std::string text() const;
  // The same value with a larger scale; nullopt if it would overflow.
  std::optional<Decimal> rescaled(int new_scale) const;
  // The same value without the zeros that end its fraction past `keep` digits: with keep
  // 1, 0.40 becomes 0.4 and 3.00 becomes 3.0; with keep 0, 2.0 becomes 2. How sweeps and
  // robustness write a range's values: as precise as its bounds are written, and as
  // precise as each value needs (`2 .. 4 step 0.5`: 2, 2.5, 3; `0.4 .. 0.9 step 0.05`:
  // 0.4, 0.45, 0.5).
  Decimal trimmed(int keep) const;
};

// Compares the values (not the spellings): -1, 0 or 1.
int compare(const Decimal& a, const Decimal& b);

// low, low+step, ... up to high inclusive, all written at the largest of the three
// scales. Empty when step is not positive or low > high; nullopt when there would be
// more than `max_points` values or the arithmetic would overflow.
std::optional<std::vector<Decimal>> decimal_steps(const Decimal& low, const Decimal& high, const Decimal& step,
                                                  std::size_t max_points = 100000);

}  // namespace kz
