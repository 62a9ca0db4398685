#include <cmath>
#include <variant>

#include <fmt/format.h>

#include "kzrules/value.hpp"

namespace kz {

const char* kind_name(Kind kind) noexcept {
  switch (kind) {
    case Kind::number: return "number";
    case Kind::unsigned_number: return "unsigned";
    case Kind::float_number: return "float";
    case Kind::symbol: return "symbol";
  }
  return "?";
}

namespace {

// Shortest text that reads back to the same double, cut to 9 significant digits when
// longer (as Soufflé prints floats): 2.73, not 2.7300000000000000.
std::string format_float(double d) {
  std::string s = fmt::format("{}", d);
  int digits = 0;
  bool leading = true;
  for (char c : s) {
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') continue;
    if (leading && c == '0') continue;
    leading = false;
    ++digits;
  }
  if (digits > 9) s = fmt::format("{:.9g}", d);
  return s;
}

}  // namespace

std::string format_value(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, double>) {
          return format_float(v);
        } else {
          return std::to_string(v);
        }
      },
      value);
}

}  // namespace kz
