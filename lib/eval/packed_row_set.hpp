// The deduplication set for rows that fit in 32 bits (a unary row of a 32-bit value, a
// binary row of two 16-bit values, or a binary or ternary row of small non-negative
// values packed by a split the relation chooses), after Roaring bitmaps: a row's high 16 bits pick a
// container, which holds the low 16 bits either as a sorted array (2 bytes a row) or as a
// bitmap over just the range of values it has seen (one bit per possible value).
//
// Why not a hash set: closures and same-generation relations are dense (a chain's path
// relation holds every (x, y) with x < y), and a semi-naive round inserts next to where
// the previous round did. A hash set scatters both: it costs 8 bytes a row at its
// average load and a cache miss per insert once it outgrows the cache, and it rehashes
// everything as it grows. Here a dense container costs a bit per row, a sparse one two
// bytes, an insert touches the word next to the last one, and nothing is ever rehashed.
// CRoaring itself (Debian's libroaring) was measured and not used: its bitmaps are
// always 8 KiB, and an insert below the largest value of an array container moves the
// array, which a chain's closure does on every insert (docs/performance.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kz::eval {

class PackedRowSet {
 public:
  // A set may hold the containers of every 2^stride_bits-th high half only: the relation
  // splits high halves between its shards by their low bits, and each shard's set
  // indexes its containers by high half >> stride_bits.
  explicit PackedRowSet(unsigned stride_bits = 0) : container_shift_(16 + stride_bits) {}
  PackedRowSet(const PackedRowSet&) = delete;
  PackedRowSet& operator=(const PackedRowSet&) = delete;
  PackedRowSet(PackedRowSet&& other) noexcept;
  PackedRowSet& operator=(PackedRowSet&& other) noexcept;
  ~PackedRowSet() { release(); }

  // Adds the row; true when it was not there.
  bool insert(std::uint32_t row);
  bool contains(std::uint32_t row) const noexcept;
  // Starts loading the memory an insert of `row` will touch (a hint only).
  void prefetch(std::uint32_t row) const noexcept {
    const Container* c = find_container(row);
    if (!c) return;
    if (c->bits) {
      const std::uint32_t word = (row & 0xFFFFu) >> 6;
      if (word - c->first_word < c->capacity) __builtin_prefetch(c->bits + (word - c->first_word), 1);
    } else if (c->count != 0) {
      __builtin_prefetch(c->values + c->count - 1, 1);
    }
  }
  void clear() noexcept { release(); }
  std::size_t size() const noexcept { return size_; }
  std::size_t memory_bytes() const noexcept;

 private:
  struct Container {
    std::uint16_t* values = nullptr;  // array form: sorted, `count` of them
    std::uint64_t* bits = nullptr;    // bitmap form: value v is bit v - 64 * first_word
    std::uint32_t count = 0;
    std::uint32_t capacity = 0;       // values (array form) or words (bitmap form) allocated
    std::uint32_t first_word = 0;
  };
  static constexpr std::uint32_t words_per_container = 1024;  // 65,536 bits

  const Container* find_container(std::uint32_t row) const noexcept {
    const std::uint32_t slot = row >> container_shift_;
    return slot < containers_.size() ? &containers_[slot] : nullptr;
  }
  bool insert_into_array(Container& c, std::uint16_t value);
  bool insert_into_bitmap(Container& c, std::uint16_t value);
  void to_bitmap(Container& c);
  void to_array(Container& c);
  void release() noexcept;

  unsigned container_shift_;  // a row's container is row >> container_shift_
  std::vector<Container> containers_;
  std::size_t size_ = 0;
};

}  // namespace kz::eval
