// An open-addressing hash table (linear probing, power-of-two capacity, at most 3/4
// full, no erase): the sets and maps the evaluator uses when it is built without abseil
// (KZ_USE_ABSEIL=OFF, as the WebAssembly build is: Debian has no wasm build of abseil).
//
// Each slot has a control byte beside it in a separate array: 0 when empty, otherwise a
// seven-bit fragment of the key's hash with the high bit set. A probe reads control
// bytes (64 to a cache line) and compares a key only when the fragment matches, as
// abseil's tables do: comparing a row id with a probe reads the row from the relation's
// store, a cache miss each, and most slots on a probe's path hold other keys.
//
// It offers exactly what Relation and SymbolTable use of absl::flat_hash_{set,map}, with
// the same meaning: find and lazy_emplace with keys of another type than the stored one
// (a Probe of row words looked up among row ids, through Hash and Eq overloads), insert,
// try_emplace, insert_or_assign, prefetch, capacity and clear, and a for_each over the entries
// in place of iterators. A slot keeps its address
// while the capacity stays the same (Relation::finish_staged relies on it), and looking
// up a key that is there never grows the table, as with abseil's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

namespace kz::eval {

template <typename Slot, typename KeyOf, typename Hash, typename Eq>
class FlatTable {
 public:
  using value_type = Slot;
  using iterator = Slot*;
  using const_iterator = Slot*;

  FlatTable() = default;
  explicit FlatTable(std::size_t /*capacity hint*/, Hash hash = Hash(), Eq eq = Eq())
      : hash_(std::move(hash)), eq_(std::move(eq)) {}

  // The slot equal to `key`, or end().
  template <typename Key>
  Slot* find(const Key& key) const {
    if (slots_.empty()) return end();
    const std::uint64_t spread = spread_hash(hash_(key));
    const std::uint8_t wanted = tag(spread);
    for (std::size_t i = home(spread);; i = (i + 1) & mask()) {
      if (control_[i] == empty_control) return end();
      if (control_[i] == wanted && eq_(KeyOf{}(slots_[i]), key)) return const_cast<Slot*>(&slots_[i]);
    }
  }
  Slot* end() const noexcept { return nullptr; }

  // The slot equal to `key`; when there is none, calls make(construct) once, which must
  // call construct(value) with a value equal to `key`, and returns its new slot.
  template <typename Key, typename Make>
  Slot* lazy_emplace(const Key& key, Make&& make) {
    const std::uint64_t spread = spread_hash(hash_(key));
    std::uint8_t wanted = tag(spread);
    std::size_t i = 0;
    if (!slots_.empty()) {
      for (i = home(spread); control_[i] != empty_control; i = (i + 1) & mask())
        if (control_[i] == wanted && eq_(KeyOf{}(slots_[i]), key)) return &slots_[i];
    }
    // A new key: the table grows only now, so that finding a key never moves a slot. The
    // home and the fragment both depend on the capacity, so both are taken again.
    if (grow_for_one_more()) {
      wanted = tag(spread);
      i = home(spread);
      while (control_[i] != empty_control) i = (i + 1) & mask();
    }
    make([&](auto&& value) {
      slots_[i] = Slot(std::forward<decltype(value)>(value));
      control_[i] = wanted;
      ++size_;
    });
    return &slots_[i];
  }

  std::pair<Slot*, bool> insert(const Slot& value) {
    bool added = false;
    Slot* slot = lazy_emplace(KeyOf{}(value), [&](auto&& construct) {
      construct(value);
      added = true;
    });
    return {slot, added};
  }
  // Maps only (Slot is a pair): the key's slot, made with `mapped` when it is new.
  template <typename Key, typename Mapped>
  std::pair<Slot*, bool> try_emplace(const Key& key, Mapped&& mapped) {
    bool added = false;
    Slot* slot = lazy_emplace(key, [&](auto&& construct) {
      construct(Slot(key, std::forward<Mapped>(mapped)));
      added = true;
    });
    return {slot, added};
  }
  template <typename Key, typename Mapped>
  std::pair<Slot*, bool> emplace(const Key& key, Mapped&& mapped) {
    return try_emplace(key, std::forward<Mapped>(mapped));
  }
  template <typename Key, typename Mapped>
  std::pair<Slot*, bool> insert_or_assign(const Key& key, Mapped&& mapped) {
    auto result = try_emplace(key, mapped);
    if (!result.second) result.first->second = std::forward<Mapped>(mapped);
    return result;
  }

  template <typename Key>
  void prefetch(const Key& key) const noexcept {
    if (slots_.empty()) return;
    const std::size_t i = home(spread_hash(hash_(key)));
    __builtin_prefetch(&control_[i]);
    __builtin_prefetch(&slots_[i]);
  }

  // Grows now so that `count` keys in all fit without growing again.
  void reserve(std::size_t count) {
    std::size_t capacity = slots_.empty() ? 16 : slots_.size();
    while (count * 4 > capacity * 3) {
      if (capacity > std::numeric_limits<std::size_t>::max() / 4) throw std::length_error("hash table too large");
      capacity *= 2;
    }
    if (capacity != slots_.size()) rehash(capacity);
  }

  // Calls `visit` with each stored slot, in slot order.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (std::size_t k = 0; k < slots_.size(); ++k)
      if (control_[k] != empty_control) visit(slots_[k]);
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::size_t capacity() const noexcept { return slots_.size(); }
  void clear() noexcept {
    std::vector<Slot>().swap(slots_);
    std::vector<std::uint8_t>().swap(control_);
    size_ = 0;
  }

 private:
  static constexpr std::uint8_t empty_control = 0;
  std::size_t mask() const noexcept { return slots_.size() - 1; }
  // Fibonacci hashing: the product's top bits pick the home slot, so that a weak hash
  // (std::hash of an integer is the integer) still spreads over the table; the seven
  // bits below them are the control byte's fragment.
  static std::uint64_t spread_hash(std::size_t hash) noexcept {
    return static_cast<std::uint64_t>(hash) * 0x9E3779B97F4A7C15ULL;
  }
  std::size_t home(std::uint64_t spread) const noexcept { return static_cast<std::size_t>(spread >> (64 - shift_)); }
  std::uint8_t tag(std::uint64_t spread) const noexcept {
    return static_cast<std::uint8_t>(0x80u | ((spread >> (57 - shift_)) & 0x7Fu));
  }
  // Makes room for one more key; whether the slots moved.
  bool grow_for_one_more() {
    if (slots_.empty()) {
      rehash(16);
      return true;
    }
    if ((size_ + 1) * 4 <= slots_.size() * 3) return false;
    if (slots_.size() > std::numeric_limits<std::size_t>::max() / 4) throw std::length_error("hash table too large");
    rehash(slots_.size() * 2);
    return true;
  }
  void rehash(std::size_t capacity) {
    std::vector<Slot> old_slots(capacity);
    std::vector<std::uint8_t> old_control(capacity, empty_control);
    old_slots.swap(slots_);
    old_control.swap(control_);
    shift_ = 0;
    while ((std::size_t{1} << shift_) < capacity) ++shift_;
    for (std::size_t k = 0; k < old_slots.size(); ++k) {
      if (old_control[k] == empty_control) continue;
      const std::uint64_t spread = spread_hash(hash_(KeyOf{}(old_slots[k])));
      std::size_t i = home(spread);
      while (control_[i] != empty_control) i = (i + 1) & mask();
      slots_[i] = std::move(old_slots[k]);
      control_[i] = tag(spread);
    }
  }

  std::vector<Slot> slots_;
  std::vector<std::uint8_t> control_;  // per slot: empty_control, or 0x80 | 7 bits of hash
  std::size_t size_ = 0;
  unsigned shift_ = 0;  // capacity == 2^shift_ (at most 2^57: the fragment sits below the home bits)
  Hash hash_;
  Eq eq_;
};

struct SetKey {
  template <typename T>
  const T& operator()(const T& slot) const noexcept {
    return slot;
  }
};
struct MapKey {
  template <typename Pair>
  const typename Pair::first_type& operator()(const Pair& slot) const noexcept {
    return slot.first;
  }
};

template <typename T, typename Hash, typename Eq>
using FlatSet = FlatTable<T, SetKey, Hash, Eq>;
template <typename Key, typename Mapped, typename Hash, typename Eq>
using FlatMap = FlatTable<std::pair<Key, Mapped>, MapKey, Hash, Eq>;

}  // namespace kz::eval
