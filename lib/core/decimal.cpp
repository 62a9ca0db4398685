// Exact decimal parsing and stepping (core/decimal.hpp).
#include "core/decimal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace kz {

namespace {

constexpr int max_scale = 15;

bool multiply_by_ten_power(std::int64_t& v, int power) {
  for (int i = 0; i < power; ++i)
    if (__builtin_mul_overflow(v, std::int64_t{10}, &v)) return false;
  return true;
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  const auto point = text.find('.');
  const auto whole = text.substr(0, point);
  const auto fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  if (whole.empty() || (point != std::string_view::npos && fraction.empty())) return std::nullopt;
  if (fraction.size() > static_cast<std::size_t>(max_scale)) return std::nullopt;
  Decimal d;
  d.scale = static_cast<int>(fraction.size());
  for (std::string_view part : {whole, fraction}) {
    for (char c : part) {
      if (c < '0' || c > '9') return std::nullopt;
      if (__builtin_mul_overflow(d.units, std::int64_t{10}, &d.units) ||
          __builtin_add_overflow(d.units, std::int64_t{c - '0'}, &d.units))
        return std::nullopt;
    }
  }
  if (negative) d.units = -d.units;
  return d;
}

double Decimal::to_double() const noexcept {
  // Through the decimal text, so 0.45 becomes the double nearest 0.45, as a literal would.
  return std::strtod(text().c_str(), nullptr);
}

std::string Decimal::text() const {
  const bool negative = units < 0;
  // |INT64_MIN| does not fit an int64: work in unsigned.
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    if (digits.size() <= static_cast<std::size_t>(scale))
      digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(scale), 1, '.');
  }
  return negative ? "-" + digits : digits;
}

std::optional<Decimal> Decimal::rescaled(int new_scale) const {
  if (new_scale < scale || new_scale > max_scale) return std::nullopt;
  Decimal d = *this;
  if (!multiply_by_ten_power(d.units, new_scale - scale)) return std::nullopt;
  d.scale = new_scale;
  return d;
}

Decimal Decimal::trimmed(int keep) const {
  Decimal d = *this;
  while (d.scale > keep && d.units % 10 == 0) {
    d.units /= 10;
    --d.scale;
  }
  return d;
}

int compare(const Decimal& a, const Decimal& b) {
  const int scale = std::max(a.scale, b.scale);
  auto x = a.rescaled(scale), y = b.rescaled(scale);
  if (!x || !y) {  // too large to line up exactly: the doubles decide
    const double p = a.to_double(), q = b.to_double();
    return p < q ? -1 : p > q ? 1 : 0;
  }
  return x->units < y->units ? -1 : x->units > y->units ? 1 : 0;
}

std::optional<std::vector<Decimal>> decimal_steps(const Decimal& low, const Decimal& high, const Decimal& step,
                                                  std::size_t max_points) {
  const int scale = std::max({low.scale, high.scale, step.scale});
  auto lo = low.rescaled(scale), hi = high.rescaled(scale), st = step.rescaled(scale);
  if (!lo || !hi || !st) return std::nullopt;
  std::vector<Decimal> out;
  if (st->units <= 0 || lo->units > hi->units) return out;
  // (hi - lo) / st + 1 points; computed in unsigned to stay defined for wide ranges.
  const std::uint64_t span = static_cast<std::uint64_t>(hi->units) - static_cast<std::uint64_t>(lo->units);
  const std::uint64_t count = span / static_cast<std::uint64_t>(st->units) + 1;
  if (count > max_points) return std::nullopt;
  for (std::uint64_t i = 0; i < count; ++i)
    out.push_back({lo->units + static_cast<std::int64_t>(i) * st->units, scale});
  return out;
}

}  // namespace kz
