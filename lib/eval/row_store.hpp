// Row storage for one relation: rows of `arity` words in segments that never move (no
// reallocation copies, so peak memory stays near the data's size), held as 16-bit words
// while every value fits, widened to 32 and then 64 bits the first time one does not.
// Symbols are dense ids and most numbers are small: a binary relation over fewer than
// 65,536 symbols or small numbers costs 4 bytes a row, and 8 up to 4 billion.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace kz::eval {

// A view of one stored row: operator[] gives the column's 64-bit word.
class RowRef {
 public:
  RowRef(const unsigned char* data, std::uint32_t width, std::uint64_t signed_columns)
      : data_(data), width_(width), signed_columns_(signed_columns) {}
  std::uint64_t operator[](std::size_t c) const noexcept {
    switch (width_) {
      case 8: {
        std::uint64_t v;
        std::memcpy(&v, data_ + c * 8, 8);
        return v;
      }
      case 4: {
        std::uint32_t v;
        std::memcpy(&v, data_ + c * 4, 4);
        return (signed_columns_ >> c) & 1u
                   ? static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(v)))
                   : v;
      }
      default: {
        std::uint16_t v;
        std::memcpy(&v, data_ + c * 2, 2);
        return (signed_columns_ >> c) & 1u
                   ? static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int16_t>(v)))
                   : v;
      }
    }
  }

 private:
  const unsigned char* data_;
  std::uint32_t width_;
  std::uint64_t signed_columns_;
};

class RowStore {
 public:
  // `signed_columns`: bit c set when column c holds signed numbers; `narrow_allowed`:
  // false when a column holds floats (whose bits never fit in fewer than 64).
  RowStore(std::uint32_t arity, std::uint64_t signed_columns, bool narrow_allowed)
      : arity_(arity), signed_columns_(signed_columns), width_(narrow_allowed && arity <= 64 ? 2 : 8) {}

  std::size_t size() const noexcept { return rows_; }
  // Bytes a column takes: 2, 4 or 8.
  std::uint32_t width() const noexcept { return width_; }
  bool narrow() const noexcept { return width_ < 8; }
  // The narrowest width (2, 4 or 8 bytes) that holds `value` in a column of that sign.
  static std::uint32_t value_width(std::uint64_t value, bool is_signed) noexcept {
    if (is_signed) {
      const auto s = static_cast<std::int64_t>(value);
      return s != static_cast<std::int32_t>(s) ? 8 : s != static_cast<std::int16_t>(s) ? 4 : 2;
    }
    return value > 0xFFFFFFFFull ? 8 : value > 0xFFFFull ? 4 : 2;
  }
  bool column_signed(std::uint32_t c) const noexcept { return (signed_columns_ >> c) & 1u; }
  std::uint64_t signed_columns() const noexcept { return signed_columns_; }
  // The 4 bytes a row of two 16-bit columns is stored as, from the row packed as
  // first << 16 | second (a packed set's form): the first column comes first.
  static std::uint32_t stored_pair16(std::uint32_t packed) noexcept { return (packed >> 16) | (packed << 16); }
  // The width `values` need: 2, 4 or 8 bytes a column (never less than `width()` after
  // they are appended).
  std::uint32_t width_for(const std::uint64_t* values) const noexcept {
    return width_ == 8 ? 8 : std::max(width_, width_needed(values));
  }

  RowRef get(std::size_t r) const noexcept {
    const auto [segment, offset] = locate(r);
    return RowRef(segments_[segment].get() + offset * row_bytes(), width_, signed_columns_);
  }

  void append(const std::uint64_t* values) {
    if (width_ < 8) {
      const std::uint32_t needed = width_needed(values);
      if (needed > width_) widen(needed);
    }
    const auto [segment, offset] = locate(rows_);
    if (segment == segments_.size()) segments_.push_back(allocate(segment));
    if (offset == short_rows_ && segment + 1 == segments_.size()) regrow_last();
    write(segments_[segment].get() + offset * row_bytes(), values);
    ++rows_;
  }

  // Appends `n` rows of two 16-bit columns, each given packed as first << 16 | second
  // (a packed set's form); the store must be two columns of 16 bits. A parallel round
  // appends its new rows serially, and this copies them a segment at a time.
  void append_pairs16(const std::uint32_t* rows, std::size_t n) {
    while (n != 0) {
      const auto [segment, offset] = locate(rows_);
      if (segment == segments_.size()) segments_.push_back(allocate(segment));
      if (offset == short_rows_ && segment + 1 == segments_.size()) regrow_last();
      const std::size_t count = std::min(n, segment_rows(segment) - offset);
      unsigned char* out = segments_[segment].get() + offset * 4;
      for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t stored = stored_pair16(rows[i]);
        std::memcpy(out + i * 4, &stored, 4);
      }
      rows += count;
      n -= count;
      rows_ += count;
    }
  }

  void clear() {
    segments_.clear();
    rows_ = 0;
    short_rows_ = no_short;
  }

  // Gives back the unused end of the last segment (up to half the rows of a relation
  // under a million rows: segments double). For rows no longer appended to, such as a
  // fact file's once read; an append later grows the segment again.
  void shrink_to_fit() {
    if (segments_.empty()) return;
    const std::size_t last = segments_.size() - 1;
    const std::size_t used = rows_ - segment_first_row(last);
    if (used == segment_rows(last) || used == short_rows_) return;
    auto exact = std::make_unique<unsigned char[]>(used * row_bytes() + 8);
    std::memcpy(exact.get(), segments_[last].get(), used * row_bytes());
    segments_[last] = std::move(exact);
    short_rows_ = used;
  }

  std::size_t memory_bytes() const {
    std::size_t bytes = 0;
    for (std::size_t s = 0; s < segments_.size(); ++s)
      bytes += (s + 1 == segments_.size() && short_rows_ != no_short ? short_rows_ : segment_rows(s)) * row_bytes();
    return bytes;
  }

 private:
  // Segments double from 16 rows up to 65,536 rows, then stay at 65,536.
  static constexpr std::size_t first_rows = 16;
  static constexpr std::size_t growing_segments = 13;  // 16 << 12 == 65,536
  static constexpr std::size_t growing_total = first_rows * ((std::size_t{1} << growing_segments) - 1);
  static constexpr std::size_t fixed_shift = 16;

  static std::size_t segment_rows(std::size_t segment) noexcept {
    return segment < growing_segments ? first_rows << segment : std::size_t{1} << fixed_shift;
  }
  static std::size_t segment_first_row(std::size_t segment) noexcept {
    return segment < growing_segments ? first_rows * ((std::size_t{1} << segment) - 1)
                                      : growing_total + ((segment - growing_segments) << fixed_shift);
  }
  static std::pair<std::size_t, std::size_t> locate(std::size_t r) noexcept {
    if (r < growing_total) {
      const std::size_t t = r / first_rows + 1;
      const std::size_t segment = 63 - static_cast<std::size_t>(__builtin_clzll(t));
      return {segment, r - first_rows * ((std::size_t{1} << segment) - 1)};
    }
    const std::size_t rest = r - growing_total;
    return {growing_segments + (rest >> fixed_shift), rest & ((std::size_t{1} << fixed_shift) - 1)};
  }

  std::size_t row_bytes(std::uint32_t width) const noexcept { return std::size_t{arity_} * width; }
  std::size_t row_bytes() const noexcept { return row_bytes(width_); }
  std::unique_ptr<unsigned char[]> allocate(std::size_t segment, std::uint32_t width) const {
    return std::make_unique<unsigned char[]>(segment_rows(segment) * row_bytes(width) + 8);
  }
  std::unique_ptr<unsigned char[]> allocate(std::size_t segment) const { return allocate(segment, width_); }

  void write(unsigned char* out, const std::uint64_t* values) const noexcept { write(out, values, width_); }
  void write(unsigned char* out, const std::uint64_t* values, std::uint32_t width) const noexcept {
    for (std::uint32_t c = 0; c < arity_; ++c) {
      if (width == 8) {
        std::memcpy(out + c * 8, &values[c], 8);
      } else if (width == 4) {
        const auto v = static_cast<std::uint32_t>(values[c]);
        std::memcpy(out + c * 4, &v, 4);
      } else {
        const auto v = static_cast<std::uint16_t>(values[c]);
        std::memcpy(out + c * 2, &v, 2);
      }
    }
  }

  // The narrowest width (2, 4 or 8 bytes) that holds every value of the row.
  std::uint32_t width_needed(const std::uint64_t* values) const noexcept {
    std::uint32_t needed = 2;
    for (std::uint32_t c = 0; c < arity_ && needed < 8; ++c) needed = std::max(needed, value_width(values[c], column_signed(c)));
    return needed;
  }

  // The last segment, shrunk to its rows, back to its full size before a row goes past them.
  void regrow_last() {
    const std::size_t last = segments_.size() - 1;
    auto full = allocate(last);
    std::memcpy(full.get(), segments_[last].get(), short_rows_ * row_bytes());
    segments_[last] = std::move(full);
    short_rows_ = no_short;
  }

  // Rewrites every row at `width` bytes a column.
  void widen(std::uint32_t width) {
    std::vector<std::unique_ptr<unsigned char[]>> wider;
    std::vector<std::uint64_t> row(arity_);
    for (std::size_t s = 0; s < segments_.size(); ++s) {
      wider.push_back(allocate(s, width));
      const std::size_t first = segment_first_row(s);
      const std::size_t rows = std::min(segment_rows(s), rows_ > first ? rows_ - first : 0);
      for (std::size_t r = 0; r < rows; ++r) {
        const RowRef old(segments_[s].get() + r * row_bytes(), width_, signed_columns_);
        for (std::uint32_t c = 0; c < arity_; ++c) row[c] = old[c];
        write(wider.back().get() + r * row_bytes(width), row.data(), width);
      }
      segments_[s].reset();  // the old copy of this segment is no longer needed
    }
    segments_ = std::move(wider);
    width_ = width;
    short_rows_ = no_short;  // every segment is whole again
  }

  std::uint32_t arity_;
  std::uint64_t signed_columns_;
  std::uint32_t width_;
  std::size_t rows_ = 0;
  std::vector<std::unique_ptr<unsigned char[]>> segments_;
  // The rows the last segment has room for when shrink_to_fit cut it short, or no_short.
  static constexpr std::size_t no_short = ~std::size_t{0};
  std::size_t short_rows_ = no_short;
};

}  // namespace kz::eval
