// The one way library code reports bad input that has no source position: a kz::Error
// of kind bad_input carrying a single diagnostic.
#pragma once

#include <string>

#include "kzrules/diagnostic.hpp"

namespace kz {

[[noreturn]] inline void throw_bad_input(std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  throw Error(ErrorKind::bad_input, d);
}

}  // namespace kz
