// How reports write a claim instance's binding, {d: "Ablyazov", n: 3} or, in the HTML
// handout, d = "Ablyazov", n = 3, and a symbol in quotes. Shared by the check reports and
// claim explanations (explain_render.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "kzrules/check.hpp"

namespace kz::argument {

// "text" with '"' and '\' escaped, as a string literal of the language.
inline std::string quoted_symbol(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// How a symbol's text goes between its quotes. The check report escapes it, so it reads
// back as a string literal; claim explanations have always written it as it is (which
// differs only for a symbol holding '"' or '\').
enum class SymbolText { escaped, verbatim };

inline std::string value_text(const Value& value, SymbolText symbols = SymbolText::escaped) {
  if (auto const* s = std::get_if<std::string>(&value))
    return symbols == SymbolText::escaped ? quoted_symbol(*s) : "\"" + *s + "\"";
  return format_value(value);
}

// {name: value, ...} in the binding's order.
inline std::string binding_text(const Binding& binding, SymbolText symbols = SymbolText::escaped) {
  std::vector<std::string> parts;
  for (const auto& [name, value] : binding) parts.push_back(name + ": " + value_text(value, symbols));
  return "{" + fmt::format("{}", fmt::join(parts, ", ")) + "}";
}

// name = value, ... in the binding's order: how the HTML handout writes an instance.
inline std::string assignments_text(const Binding& binding) {
  std::vector<std::string> parts;
  for (const auto& [name, value] : binding) parts.push_back(name + " = " + value_text(value));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace kz::argument
