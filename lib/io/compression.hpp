// gzip for fact files and outputs, as Soufflé reads a compressed fact file whatever its
// name and writes an output compressed when asked (`.output r(compress=true)`).
#pragma once

#include <string>
#include <string_view>

namespace kz::io {

// Whether `content` starts as a gzip stream does (bytes 1f 8b).
bool is_gzip(std::string_view content) noexcept;

// The bytes a gzip stream holds. Throws kz::Error (bad_input, E0303 bad_fact_value)
// naming `file` when the stream is corrupt, cut short, or holds more than `limit` bytes.
std::string gunzip(std::string_view compressed, const std::string& file, std::size_t limit);

// `content` as one gzip stream.
std::string gzip(std::string_view content);

}  // namespace kz::io
