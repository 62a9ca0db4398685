// Writes through a descriptor, remembering the first failure (kzrules/files.hpp).
#include <unistd.h>

#include <cerrno>

#include "kzrules/files.hpp"

namespace kz {

DescriptorBuffer::DescriptorBuffer(int fd) : fd_(fd), buffer_(std::size_t{1} << 16) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

DescriptorBuffer::int_type DescriptorBuffer::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int DescriptorBuffer::sync() { return drain() ? 0 : -1; }

bool DescriptorBuffer::drain() {
  if (error_ != 0) return false;
  const char* next = pbase();
  auto left = static_cast<std::size_t>(pptr() - pbase());
  while (left > 0) {
    const ssize_t written = ::write(fd_, next, left);
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

}  // namespace kz
