#include "eval/packed_row_set.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace kz::eval {

namespace {

template <typename T>
T* allocate(std::size_t count, bool zeroed) {
  void* p = zeroed ? std::calloc(count, sizeof(T)) : std::malloc(count * sizeof(T));
  if (!p) throw std::bad_alloc();
  return static_cast<T*>(p);
}

template <typename T>
T* reallocate(T* old, std::size_t count) {
  void* p = std::realloc(old, count * sizeof(T));
  if (!p) throw std::bad_alloc();
  return static_cast<T*>(p);
}

// A container switches form when the other would be much smaller: an array once it takes
// as many bytes as a bitmap over its range (4 values a 64-bit word), a bitmap once it
// would take over twice the bytes of an array (plus a little, so tiny sets stay put).
// The factor of two between the rules keeps a container from switching back and forth.
bool array_should_be_bitmap(std::uint32_t count, std::uint32_t span_words) { return count >= 4 * span_words; }
bool bitmap_should_be_array(std::uint32_t count, std::uint32_t span_words) {
  return 8 * std::size_t{span_words} > 4 * std::size_t{count} + 64;
}

}  // namespace

PackedRowSet::PackedRowSet(PackedRowSet&& other) noexcept
    : container_shift_(other.container_shift_), containers_(std::move(other.containers_)), size_(other.size_) {
  other.containers_.clear();
  other.size_ = 0;
}

PackedRowSet& PackedRowSet::operator=(PackedRowSet&& other) noexcept {
  if (this != &other) {
    release();
    container_shift_ = other.container_shift_;
    containers_ = std::move(other.containers_);
    size_ = other.size_;
    other.containers_.clear();
    other.size_ = 0;
  }
  return *this;
}

void PackedRowSet::release() noexcept {
  for (auto& c : containers_) {
    std::free(c.values);
    std::free(c.bits);
  }
  std::vector<Container>().swap(containers_);
  size_ = 0;
}

bool PackedRowSet::insert(std::uint32_t row) {
  const std::uint32_t slot = row >> container_shift_;
  if (slot >= containers_.size()) containers_.resize(slot + 1);
  Container& c = containers_[slot];
  const auto value = static_cast<std::uint16_t>(row);
  const bool added = c.bits ? insert_into_bitmap(c, value) : insert_into_array(c, value);
  size_ += added;
  return added;
}

bool PackedRowSet::insert_into_array(Container& c, std::uint16_t value) {
  std::uint32_t at = c.count;
  // Rows often arrive in increasing order within a container: append without a search.
  if (c.count != 0 && value <= c.values[c.count - 1]) {
    at = static_cast<std::uint32_t>(std::lower_bound(c.values, c.values + c.count, value) - c.values);
    if (c.values[at] == value) return false;
  }
  if (c.count == c.capacity) {
    c.capacity = std::max<std::uint32_t>(4, c.capacity + c.capacity / 2);
    c.values = reallocate(c.values, c.capacity);
  }
  std::memmove(c.values + at + 1, c.values + at, (c.count - at) * sizeof(std::uint16_t));
  c.values[at] = value;
  ++c.count;
  const std::uint32_t span_words = (c.values[c.count - 1] >> 6) - (c.values[0] >> 6) + 1u;
  if (array_should_be_bitmap(c.count, span_words)) to_bitmap(c);
  return true;
}

bool PackedRowSet::insert_into_bitmap(Container& c, std::uint16_t value) {
  const std::uint32_t word = value >> 6;
  if (word < c.first_word || word >= c.first_word + c.capacity) {
    const std::uint32_t lo = std::min(word, c.first_word);
    const std::uint32_t hi = std::max(word + 1, c.first_word + c.capacity);
    if (bitmap_should_be_array(c.count + 1, hi - lo)) {
      to_array(c);
      return insert_into_array(c, value);
    }
    // Grow towards the new value by at least half again, so a range that widens one
    // word at a time is copied a logarithmic number of times.
    const std::uint32_t slack = std::max<std::uint32_t>(1, c.capacity / 2);
    const std::uint32_t new_lo = word < c.first_word ? (lo > slack ? lo - slack : 0) : c.first_word;
    const std::uint32_t new_hi = word >= c.first_word + c.capacity ? std::min(words_per_container, hi + slack)
                                                                   : c.first_word + c.capacity;
    auto* bits = allocate<std::uint64_t>(new_hi - new_lo, true);
    std::memcpy(bits + (c.first_word - new_lo), c.bits, c.capacity * sizeof(std::uint64_t));
    std::free(c.bits);
    c.bits = bits;
    c.first_word = new_lo;
    c.capacity = new_hi - new_lo;
  }
  std::uint64_t& w = c.bits[word - c.first_word];
  const std::uint64_t mask = std::uint64_t{1} << (value & 63);
  if (w & mask) return false;
  w |= mask;
  ++c.count;
  return true;
}

void PackedRowSet::to_bitmap(Container& c) {
  const std::uint32_t lo = c.values[0] >> 6;
  const std::uint32_t words = (c.values[c.count - 1] >> 6) - lo + 1;
  auto* bits = allocate<std::uint64_t>(words, true);
  for (std::uint32_t i = 0; i < c.count; ++i) bits[(c.values[i] >> 6) - lo] |= std::uint64_t{1} << (c.values[i] & 63);
  std::free(c.values);
  c.values = nullptr;
  c.bits = bits;
  c.first_word = lo;
  c.capacity = words;
}

void PackedRowSet::to_array(Container& c) {
  const std::uint32_t capacity = std::max<std::uint32_t>(4, c.count + c.count / 2 + 1);
  auto* values = allocate<std::uint16_t>(capacity, false);
  std::uint32_t n = 0;
  for (std::uint32_t w = 0; w < c.capacity; ++w)
    for (std::uint64_t bits = c.bits[w]; bits != 0; bits &= bits - 1)
      values[n++] = static_cast<std::uint16_t>(((c.first_word + w) << 6) + static_cast<std::uint32_t>(__builtin_ctzll(bits)));
  std::free(c.bits);
  c.bits = nullptr;
  c.values = values;
  c.capacity = capacity;
  c.first_word = 0;
}

bool PackedRowSet::contains(std::uint32_t row) const noexcept {
  const Container* c = find_container(row);
  if (!c || c->count == 0) return false;
  const auto value = static_cast<std::uint16_t>(row);
  if (c->bits) {
    const std::uint32_t word = value >> 6;
    if (word < c->first_word || word >= c->first_word + c->capacity) return false;
    return (c->bits[word - c->first_word] >> (value & 63)) & 1u;
  }
  return std::binary_search(c->values, c->values + c->count, value);
}

std::size_t PackedRowSet::memory_bytes() const noexcept {
  std::size_t bytes = containers_.capacity() * sizeof(Container);
  for (const auto& c : containers_)
    bytes += c.bits ? c.capacity * sizeof(std::uint64_t) : c.capacity * sizeof(std::uint16_t);
  return bytes;
}

}  // namespace kz::eval
