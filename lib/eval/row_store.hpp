// Row storage for one relation: rows of `arity` words in segments that never move (no
// reallocation copies, so peak memory stays near the data's size), held as 32-bit
// words while every value fits and widened to 64 bits the first time one does not.
// Symbols are dense ids and most numbers are small, so most relations stay narrow.
#pragma once

#include <cstdint>
#include <algorithm>
#include <memory>
#include <vector>

namespace kz::eval {

// A view of one stored row: operator[] gives the column's 64-bit word.
class RowRef {
 public:
  RowRef(const std::uint32_t* narrow, const std::uint64_t* wide, std::uint64_t signed_columns)
      : narrow_(narrow), wide_(wide), signed_columns_(signed_columns) {}
  std::uint64_t operator[](std::size_t c) const noexcept {
    if (wide_) return wide_[c];
    const std::uint32_t v = narrow_[c];
    return (signed_columns_ >> c) & 1u ? static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(v)))
                                       : v;
  }

 private:
  const std::uint32_t* narrow_;
  const std::uint64_t* wide_;
  std::uint64_t signed_columns_;
};

class RowStore {
 public:
  // `signed_columns`: bit c set when column c holds signed numbers; `narrow_allowed`:
  // false when a column holds floats (whose bits never fit in 32).
  RowStore(std::uint32_t arity, std::uint64_t signed_columns, bool narrow_allowed)
      : arity_(arity), signed_columns_(signed_columns), narrow_(narrow_allowed && arity <= 64) {}

  std::size_t size() const noexcept { return rows_; }
  bool narrow() const noexcept { return narrow_; }

  RowRef get(std::size_t r) const noexcept {
    const auto [segment, offset] = locate(r);
    if (narrow_) return RowRef(narrow_segments_[segment].get() + offset * arity_, nullptr, signed_columns_);
    return RowRef(nullptr, wide_segments_[segment].get() + offset * arity_, 0);
  }

  void append(const std::uint64_t* values) {
    if (narrow_ && !fits(values)) widen();
    const auto [segment, offset] = locate(rows_);
    if (narrow_) {
      if (segment == narrow_segments_.size())
        narrow_segments_.push_back(std::make_unique<std::uint32_t[]>(segment_rows(segment) * arity_ + 1));
      std::uint32_t* out = narrow_segments_[segment].get() + offset * arity_;
      for (std::uint32_t c = 0; c < arity_; ++c) out[c] = static_cast<std::uint32_t>(values[c]);
    } else {
      if (segment == wide_segments_.size())
        wide_segments_.push_back(std::make_unique<std::uint64_t[]>(segment_rows(segment) * arity_ + 1));
      std::uint64_t* out = wide_segments_[segment].get() + offset * arity_;
      for (std::uint32_t c = 0; c < arity_; ++c) out[c] = values[c];
    }
    ++rows_;
  }

  void clear() {
    narrow_segments_.clear();
    wide_segments_.clear();
    rows_ = 0;
  }

  std::size_t memory_bytes() const {
    std::size_t bytes = 0;
    for (std::size_t s = 0; s < narrow_segments_.size(); ++s) bytes += segment_rows(s) * arity_ * 4;
    for (std::size_t s = 0; s < wide_segments_.size(); ++s) bytes += segment_rows(s) * arity_ * 8;
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
  static std::pair<std::size_t, std::size_t> locate(std::size_t r) noexcept {
    if (r < growing_total) {
      const std::size_t t = r / first_rows + 1;
      const std::size_t segment = 63 - static_cast<std::size_t>(__builtin_clzll(t));
      return {segment, r - first_rows * ((std::size_t{1} << segment) - 1)};
    }
    const std::size_t rest = r - growing_total;
    return {growing_segments + (rest >> fixed_shift), rest & ((std::size_t{1} << fixed_shift) - 1)};
  }

  bool fits(const std::uint64_t* values) const noexcept {
    for (std::uint32_t c = 0; c < arity_; ++c) {
      const std::uint64_t v = values[c];
      if ((signed_columns_ >> c) & 1u) {
        if (static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(v))) != v) return false;
      } else if (v > 0xFFFFFFFFull) {
        return false;
      }
    }
    return true;
  }

  void widen() {
    std::vector<std::unique_ptr<std::uint64_t[]>> wide;
    for (std::size_t s = 0; s < narrow_segments_.size(); ++s) {
      wide.push_back(std::make_unique<std::uint64_t[]>(segment_rows(s) * arity_ + 1));
      const std::size_t first = s < growing_segments ? first_rows * ((std::size_t{1} << s) - 1)
                                                     : growing_total + ((s - growing_segments) << fixed_shift);
      const std::size_t rows = std::min(segment_rows(s), rows_ > first ? rows_ - first : 0);
      for (std::size_t r = 0; r < rows; ++r)
        for (std::uint32_t c = 0; c < arity_; ++c)
          wide.back()[r * arity_ + c] = RowRef(narrow_segments_[s].get() + r * arity_, nullptr, signed_columns_)[c];
    }
    wide_segments_ = std::move(wide);
    narrow_segments_.clear();
    narrow_ = false;
  }

  std::uint32_t arity_;
  std::uint64_t signed_columns_;
  bool narrow_;
  std::size_t rows_ = 0;
  std::vector<std::unique_ptr<std::uint32_t[]>> narrow_segments_;
  std::vector<std::unique_ptr<std::uint64_t[]>> wide_segments_;
};

}  // namespace kz::eval
