// Where each input row of one relation came from (a fact file and line), kept as runs:
// rows read from a file are appended in order, one line after another, so a million-row
// file is one run of 16 bytes instead of 8 bytes a row. A run breaks where a line is
// skipped (a duplicate row, a comment) or another file begins.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace kz::eval {

struct InputOrigin {
  std::uint32_t file = 0;  // index in Engine::input_files()
  std::uint32_t line = 0;  // 1-based
};

class InputOrigins {
 public:
  // Row `row` came from `origin`. Rows are recorded in increasing order; recording a row
  // at or before the last one recorded forgets the origins from it on first.
  void record(std::uint32_t row, InputOrigin origin) {
    while (!runs_.empty() && runs_.back().first_row >= row) runs_.pop_back();
    if (!runs_.empty() && runs_.back().first_row + runs_.back().count > row)
      runs_.back().count = row - runs_.back().first_row;
    if (!runs_.empty()) {
      Run& last = runs_.back();
      if (last.first_row + last.count == row && last.file == origin.file && last.first_line + last.count == origin.line) {
        ++last.count;
        return;
      }
    }
    runs_.push_back(Run{row, 1, origin.file, origin.line});
  }

  // Where `row` came from; nullopt for a row not read from a file.
  std::optional<InputOrigin> find(std::uint32_t row) const {
    auto it = std::upper_bound(runs_.begin(), runs_.end(), row,
                               [](std::uint32_t r, const Run& run) { return r < run.first_row; });
    if (it == runs_.begin()) return std::nullopt;
    --it;
    if (row - it->first_row >= it->count) return std::nullopt;
    return InputOrigin{it->file, it->first_line + (row - it->first_row)};
  }

  void clear() noexcept { runs_.clear(); }
  std::size_t runs() const noexcept { return runs_.size(); }

 private:
  struct Run {
    std::uint32_t first_row, count, file, first_line;
  };
  std::vector<Run> runs_;  // by first_row, not overlapping
};

}  // namespace kz::eval
