// The parse tree as text: one node a line, children indented two spaces under their
// parent, each line a node kind and its literal payload (names, numbers as written,
// strings quoted). The first stage of the pipeline made visible (`kzrules run --show=ast`):
// what the grammar understood, before any name or kind is checked.
#pragma once

#include <string>
#include <string_view>

#include "syntax/ast.hpp"

namespace kz::syntax {

// Every item of `program` in source order; `indent` spaces before each top-level item.
std::string to_string(const ast::Program& program, int indent = 0);

// A string literal as the language writes it: in double quotes, with \" \\ \n \t \r
// escaped (and other control bytes as \xNN, which the language cannot read back).
// Shared with the printers of the later stages, so a symbol looks the same in each.
std::string quoted(std::string_view text);

}  // namespace kz::syntax
