// kzrules/value.hpp — typed values as a host program sees them.
//
// Inside the engine every value is one 64-bit word whose meaning the column's kind
// gives; at the API boundary values are this variant: number (int64), unsigned (uint64),
// float (double) or symbol (string).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace kz {

// The four primitive kinds of the language. `.type` names resolve to one of them.
enum class Kind : std::uint8_t { number, unsigned_number, float_number, symbol };

const char* kind_name(Kind kind) noexcept;

using Value = std::variant<std::int64_t, std::uint64_t, double, std::string>;
using Tuple = std::vector<Value>;

// Formats a value as kzrules writes it: numbers in decimal, floats in the shortest form
// that reads back to the same double, symbols as their text.
std::string format_value(const Value& value);

}  // namespace kz
