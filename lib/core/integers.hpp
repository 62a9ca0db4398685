// Integers written as the language writes literals: decimal, 0x hexadecimal or 0b binary,
// with a minus sign where the kind has one. Read the same way in fact files and by
// to_number, as Soufflé reads both.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kz {

// The word of `text` (a number as two's complement when `is_signed`), or nothing when it
// is not such an integer or does not fit 64 bits.
inline std::optional<std::uint64_t> parse_integer(std::string_view text, bool is_signed) {
  const bool negative = is_signed && !text.empty() && text.front() == '-';
  std::string_view digits = negative ? text.substr(1) : text;
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X' || digits[1] == 'b')) {
    base = digits[1] == 'b' ? 2 : 16;
    digits.remove_prefix(2);
  }
  if (digits.empty() || digits.front() == '-' || digits.front() == '+') return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return std::nullopt;
  if (!is_signed) return magnitude;
  const std::uint64_t limit = static_cast<std::uint64_t>(INT64_MAX) + (negative ? 1u : 0u);
  if (magnitude > limit) return std::nullopt;
  return negative ? 0 - magnitude : magnitude;
}

}  // namespace kz
