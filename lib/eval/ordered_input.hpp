// Adds the rows of one fact file to a relation and says which were new, without the
// relation's deduplication set while the file allows it. Fact files are often written
// sorted, or at least grouped, by their first column (extractors emit one entity's facts
// together; Soufflé writes its outputs sorted). While the first column never decreases,
// a repeated row can only repeat one of the current run of rows that share its first
// column, the last rows stored: comparing against those few rows is enough, and the
// relation's set (8 bytes or more a row, in a hash set sized for growth) is built only
// if something needs it later. The first row out of order, or a run too long to scan,
// hands over to the set, which is then built from the rows stored so far.
#pragma once

#include <cstddef>
#include <cstdint>

#include "eval/relation.hpp"

namespace kz::eval {

class OrderedInput {
 public:
  // Only a relation that starts empty is read this way: rows already there may repeat
  // any row of the file.
  explicit OrderedInput(Relation& relation) : relation_(relation), in_order_(relation.size() == 0 && relation.arity() != 0) {}

  // Adds the row unless present; true when it was new (as Relation::insert).
  bool add(const std::uint64_t* values) {
    if (!in_order_) return relation_.insert(values);
    const std::size_t rows = relation_.size();
    if (rows != 0) {
      const int order = compare_first(values[0], relation_.row(rows - 1)[0]);
      if (order < 0 || (order == 0 && rows - run_begin_ >= longest_scanned_run)) {
        in_order_ = false;
        return relation_.insert(values);
      }
      if (order == 0) {
        if (repeats_run(values, rows)) return false;
      } else {
        run_begin_ = rows;
      }
    }
    relation_.append_unique(values);
    return true;
  }

 private:
  // Past this many rows with one first value, scanning them for each new row costs more
  // than the set.
  static constexpr std::size_t longest_scanned_run = 64;

  // The order of first values: any total order in which equal values are equal words
  // would do; numbers are taken as signed so that files sorted by value stay in order.
  int compare_first(std::uint64_t a, std::uint64_t b) const noexcept {
    if (a == b) return 0;
    if (relation_.first_column_signed()) return static_cast<std::int64_t>(a) < static_cast<std::int64_t>(b) ? -1 : 1;
    return a < b ? -1 : 1;
  }

  bool repeats_run(const std::uint64_t* values, std::size_t rows) const noexcept {
    const std::uint32_t arity = relation_.arity();
    for (std::size_t r = run_begin_; r < rows; ++r) {
      const RowRef row = relation_.row(r);
      std::uint32_t c = 1;
      while (c < arity && row[c] == values[c]) ++c;
      if (c == arity) return true;
    }
    return false;
  }

  Relation& relation_;
  bool in_order_;
  std::size_t run_begin_ = 0;  // the first row of the current run
};

}  // namespace kz::eval
