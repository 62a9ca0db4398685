// Floats written as the language writes them (2.5, -1e-3, inf, nan), read the same way
// in fact files, by to_float and by constant folding.
//
// std::from_chars for double where the standard library has it; emscripten's libc++ (14)
// does not, so there strtod reads it, held to from_chars's grammar: no leading space or
// '+', no hexadecimal floats. strtod follows the C locale, which a kzrules build never
// changes.
#pragma once

#include <cerrno>
#include <charconv>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace kz {

// parse_float where the standard library has no from_chars for double: strtod, held to
// from_chars's grammar. Always compiled, so that native tests hold it to from_chars.
inline std::optional<double> parse_float_with_strtod(std::string_view text) {
  const std::string_view unsigned_part = !text.empty() && text.front() == '-' ? text.substr(1) : text;
  if (unsigned_part.empty()) return std::nullopt;
  const unsigned char lead = static_cast<unsigned char>(unsigned_part.front());
  if (!(std::isdigit(lead) || lead == '.' || lead == 'i' || lead == 'I' || lead == 'n' || lead == 'N'))
    return std::nullopt;
  if (unsigned_part.size() > 1 && unsigned_part[0] == '0' && (unsigned_part[1] == 'x' || unsigned_part[1] == 'X'))
    return std::nullopt;
  const std::string copy(text);  // strtod needs a terminated string
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || errno == ERANGE) return std::nullopt;
  return value;
}

// The value of `text` when all of it is a float, or nothing (also when it is out of range).
inline std::optional<double> parse_float(std::string_view text) {
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
  double value = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return value;
#else
  return parse_float_with_strtod(text);
#endif
}

}  // namespace kz
