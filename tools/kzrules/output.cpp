// A command's results, every write checked (output.hpp).
#include "output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <streambuf>
#include <vector>

#include "cli.hpp"
#include "kzrules/files.hpp"

namespace kzcli {

namespace {

// Never destroyed: std::cout is flushed once more as the program exits.
kz::DescriptorBuffer* standard_output = nullptr;

}  // namespace

void capture_standard_output() {
  if (standard_output) return;
  standard_output = new kz::DescriptorBuffer(STDOUT_FILENO);
  std::cout.rdbuf(standard_output);
}

int finish_standard_output(int status) {
  std::cout.flush();
  const int error = standard_output ? standard_output->error() : 0;
  if (std::cout && error == 0) return status;
  if (status >= exit_bad_input) return status;
  std::string why = error != 0 ? std::strerror(error) : "a write failed";
  why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  print_diagnostics({kz::coded_diagnostic(
      kz::ErrorCode::cannot_write, fmt::format("cannot write the standard output: {}", why))});
  return exit_bad_input;
}

void write_result(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return;
  }
  kz::replace_file(path, text);
}

}  // namespace kzcli
