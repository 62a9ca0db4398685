// gzip through zlib (io/compression.hpp).
#include "io/compression.hpp"

#if KZ_WITH_ZLIB
#include <zlib.h>
#endif

#include <fmt/format.h>

#include "core/bad_input.hpp"

namespace kz::io {

namespace {

#if KZ_WITH_ZLIB
[[noreturn]] void corrupt(const std::string& file, const std::string& why) {
  throw_bad_input(ErrorCode::bad_fact_value, fmt::format("cannot read {}: a gzip stream that {}", file, why));
}

// windowBits for gzip framing (16 + the largest window), as zlib.h documents.
constexpr int gzip_window_bits = 16 + MAX_WBITS;
#endif

}  // namespace

bool is_gzip(std::string_view content) noexcept {
  return content.size() >= 2 && static_cast<unsigned char>(content[0]) == 0x1f &&
         static_cast<unsigned char>(content[1]) == 0x8b;
}

#if !KZ_WITH_ZLIB

// A build without zlib (the WebAssembly one): compressed files are refused by name.
std::string gunzip(std::string_view, const std::string& file, std::size_t) {
  throw_bad_input(ErrorCode::bad_fact_value,
                  fmt::format("cannot read {}: it is gzip-compressed, and this build of kzrules (built without zlib) "
                              "cannot decompress it",
                              file));
}
std::string gzip(std::string_view) {
  throw_bad_input(ErrorCode::cannot_write, "this build of kzrules cannot compress (it was built without zlib)");
}

#else

std::string gunzip(std::string_view compressed, const std::string& file, std::size_t limit) {
  z_stream stream{};
  if (inflateInit2(&stream, gzip_window_bits) != Z_OK) corrupt(file, "zlib could not start on");
  struct End {
    z_stream& s;
    ~End() { inflateEnd(&s); }
  } end{stream};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char chunk[1 << 16];
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    const int status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) corrupt(file, stream.msg ? stream.msg : "is corrupt");
    out.append(chunk, sizeof chunk - stream.avail_out);
    if (out.size() > limit) corrupt(file, fmt::format("holds more than {} bytes", limit));
    if (status == Z_STREAM_END) return out;
    if (stream.avail_in == 0 && stream.avail_out != 0) corrupt(file, "is cut short");
  }
}

std::string gzip(std::string_view content) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw_bad_input(ErrorCode::cannot_write, "zlib could not start compressing");
  struct End {
    z_stream& s;
    ~End() { deflateEnd(&s); }
  } end{stream};
  std::string out(deflateBound(&stream, static_cast<uLong>(content.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
  stream.avail_in = static_cast<uInt>(content.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) throw_bad_input(ErrorCode::cannot_write, "zlib could not compress");
  out.resize(stream.total_out);
  return out;
}

#endif

}  // namespace kz::io
