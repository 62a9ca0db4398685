// kzrules/errors.hpp — the error catalogue: every error kzrules gives has a stable code
// (E0001...), a title, an example and how to fix it. `kzrules explain-error E0101`
// prints an entry; docs/errors.md is the whole catalogue.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kzrules/diagnostic.hpp"

namespace kz {

struct ErrorEntry {
  std::string code;     // E0101
  std::string title;    // unknown relation
  std::string explanation;
  std::string example;  // a program or command that gives it
  std::string fix;
};

const std::vector<ErrorEntry>& error_catalogue();
std::optional<ErrorEntry> find_error(const std::string& code);
// The code for a diagnostic's message (empty for warnings and notes it does not know).
std::string classify(const Diagnostic& diagnostic);
// Fills `code` in each diagnostic (and its notes) that has none.
void assign_codes(std::vector<Diagnostic>& diagnostics);
std::string render_entry(const ErrorEntry& entry);
std::string catalogue_markdown();
// Diagnostics as a JSON array, for editors.
std::string diagnostics_json(const std::vector<Diagnostic>& diagnostics);

}  // namespace kz
