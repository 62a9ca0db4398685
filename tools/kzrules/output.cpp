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

namespace kzcli {

namespace {

// Standard output's buffer: writes to descriptor 1, and remembers the first failure.
class StandardOutputBuffer final : public std::streambuf {
 public:
  StandardOutputBuffer() : buffer_(std::size_t{1} << 16) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  int error() const noexcept { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  std::vector<char> buffer_;
  int error_ = 0;

  bool drain() {
    if (error_ != 0) return false;
    const char* next = pbase();
    auto left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0) {
      const ssize_t written = ::write(STDOUT_FILENO, next, left);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) {
        error_ = written < 0 ? errno : EIO;
        return false;
      }
      next += written;
      left -= static_cast<std::size_t>(written);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }
};

// Never destroyed: std::cout is flushed once more as the program exits.
StandardOutputBuffer* standard_output = nullptr;

}  // namespace

void capture_standard_output() {
  if (standard_output) return;
  standard_output = new StandardOutputBuffer;
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
