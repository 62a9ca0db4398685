// PostgreSQL's COPY text format: one row a line, fields split by tabs, and a backslash
// escaping a backslash, tab, newline or carriage return inside a field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kz::postgres {

// Appends `field` to `out`, escaped.
void append_escaped(std::string& out, std::string_view field);

// Splits one line (without its newline) into unescaped fields; false on a malformed
// escape or a NULL (`\N`), which no kzrules column holds.
bool split_row(std::string_view line, std::vector<std::string>& fields);

}  // namespace kz::postgres
