// Raising errors: every diagnostic kzrules makes gets its catalogue code here, where it
// is raised, never worked out later from its text.
#pragma once

#include <string>

#include "kzrules/diagnostic.hpp"
#include "kzrules/errors.hpp"

namespace kz {

// An error diagnostic with its code; `where` may stay empty (no source position).
inline Diagnostic coded_error(ErrorCode code, std::string message, SourceLocation where = {}) {
  Diagnostic d = coded_diagnostic(code, std::move(message));
  d.where = std::move(where);
  return d;
}

[[noreturn]] inline void throw_bad_input(ErrorCode code, std::string message, SourceLocation where = {}) {
  throw Error(ErrorKind::bad_input, coded_error(code, std::move(message), std::move(where)));
}

[[noreturn]] inline void throw_bad_input(std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  throw Error(ErrorKind::bad_input, d);
}

}  // namespace kz
