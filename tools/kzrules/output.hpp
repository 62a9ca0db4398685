// Where a command's results go: standard output, every write checked, or a file replaced
// whole (kzrules/files.hpp). A result that could not be written is an error (E0305
// cannot_write, exit 2), never a silent success.
#pragma once

#include <string>

namespace kzcli {

// Sends std::cout straight to file descriptor 1 through a buffer that keeps the first
// error a write met, so that finish_standard_output can say why. Call it first in main.
void capture_standard_output();

// Flushes standard output and checks that everything written to it arrived. When a write
// failed (a full disk, a closed descriptor, a broken pipe), prints E0305 and returns 2;
// otherwise `status`. A status of 2 or more has reported its own error, and is kept.
int finish_standard_output(int status);

// Writes `text` to the file `path`, replacing it whole, or to standard output when `path`
// is empty or "-". Throws kz::Error (E0305) when the file cannot be written.
void write_result(const std::string& text, const std::string& path);

}  // namespace kzcli
