#include "eval/relation.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

namespace kz::eval {

namespace {
constexpr std::uint64_t seed = 0x9E3779B97F4A7C15ULL;
}

std::size_t RowHash::operator()(std::uint32_t row) const {
  const RowRef r = relation->stored(row);
  std::uint64_t h = seed;
  if (columns) {
    for (auto c : *columns) h = mix(h ^ r[c]) + seed;
  } else {
    for (std::uint32_t c = 0; c < relation->arity(); ++c) h = mix(h ^ r[c]) + seed;
  }
  return static_cast<std::size_t>(h);
}

std::size_t RowHash::operator()(Probe probe) const {
  std::uint64_t h = seed;
  const std::size_t n = columns ? columns->size() : relation->arity();
  for (std::size_t i = 0; i < n; ++i) h = mix(h ^ probe.values[i]) + seed;
  return static_cast<std::size_t>(h);
}

bool RowEq::operator()(std::uint32_t a, std::uint32_t b) const {
  const RowRef ra = relation->stored(a);
  const RowRef rb = relation->stored(b);
  if (columns) {
    for (auto c : *columns)
      if (ra[c] != rb[c]) return false;
    return true;
  }
  for (std::uint32_t c = 0; c < relation->arity(); ++c)
    if (ra[c] != rb[c]) return false;
  return true;
}

bool RowEq::operator()(std::uint32_t a, Probe b) const {
  const RowRef ra = relation->stored(a);
  if (columns) {
    for (std::size_t i = 0; i < columns->size(); ++i)
      if (ra[(*columns)[i]] != b.values[i]) return false;
    return true;
  }
  for (std::uint32_t c = 0; c < relation->arity(); ++c)
    if (ra[c] != b.values[c]) return false;
  return true;
}

const std::uint8_t* Relation::shard_table() {
  static const auto table = [] {
    std::array<std::uint8_t, std::size_t{1} << shard_table_bits> t{};
    constexpr std::size_t shards = std::size_t{1} << shard_bits;
    double total = 0;
    for (std::size_t k = 0; k < shards; ++k) total += std::exp2(static_cast<double>(k) / shards);
    double upto = 0;
    std::size_t bucket = 0;
    for (std::size_t k = 0; k < shards; ++k) {
      upto += std::exp2(static_cast<double>(k) / shards) / total;
      const auto end = k + 1 == shards ? t.size() : static_cast<std::size_t>(upto * static_cast<double>(t.size()) + 0.5);
      for (; bucket < end; ++bucket) t[bucket] = static_cast<std::uint8_t>(k);
    }
    return t;
  }();
  return table.data();
}

Relation::Relation(std::uint32_t arity, std::uint64_t signed_columns, bool narrow_allowed)
    : arity_(arity), data_(arity, signed_columns, narrow_allowed) {
  constexpr std::size_t shards = std::size_t{1} << shard_bits;
  packed_ = packed_mode_possible();
  if (arity_ == 3) low_bits_ = 10, mid_bits_ = 11, density_check_at_ = 0;
  if (packed_) {
    packed_shards_.reserve(shards);
    for (std::size_t i = 0; i < shards; ++i) packed_shards_.emplace_back(shard_bits);
  } else {
    rows_shards_ = empty_id_shards();
  }
}

std::vector<Relation::RowSetShard> Relation::empty_id_shards() const {
  constexpr std::size_t shards = std::size_t{1} << shard_bits;
  std::vector<RowSetShard> sets;
  sets.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i) sets.emplace_back(0, RowHash{this, nullptr}, RowEq{this, nullptr});
  return sets;
}

void Relation::switch_to_ids() const {
  packed_shards_.clear();
  packed_shards_.shrink_to_fit();
  packed_ = false;
  if (!chain_declined_ && choose_dedup_index()) {
    set_rows_.store(rows_, std::memory_order_release);
    return;
  }
  build_id_set();
}

void Relation::build_id_set() const {
  // Every stored row goes into a set of ids, read in order (no random row reads).
  dedup_index_ = -1;
  std::vector<RowSetShard> sets = empty_id_shards();
  const RowHash hash{this, nullptr};
  for (std::uint32_t id = 0; id < rows_; ++id) sets[shard_index(hash(id))].insert(id);
  rows_shards_ = std::move(sets);
  packed_shards_.clear();
  packed_shards_.shrink_to_fit();
  packed_ = false;
  set_rows_.store(rows_, std::memory_order_release);
}

void Relation::repack_or_switch(const std::uint64_t* values) const {
  if (arity_ == 2 || arity_ == 3) {
    // The widest value of each column, negative numbers (all 64 bits) included.
    std::uint64_t any[3] = {values[0], values[1], arity_ == 3 ? values[2] : 0};
    for (std::uint32_t id = 0; id < rows_; ++id) {
      const RowRef r = data_.get(id);
      for (std::uint32_t c = 0; c < arity_; ++c) any[c] |= r[c];
    }
    const auto bits = [](std::uint64_t v) { return v == 0 ? 1u : 64u - static_cast<unsigned>(__builtin_clzll(v)); };
    const unsigned high = bits(any[0]), mid = arity_ == 3 ? bits(any[1]) : 0, low = bits(any[arity_ - 1]);
    if (high + mid + low <= 32) {
      // The spare bits go evenly to the columns, so that none outgrows its share soon.
      const unsigned spare = 32 - high - mid - low;
      low_bits_ = low + spare / arity_;
      if (arity_ == 3) mid_bits_ = mid + spare / arity_;
      density_check_at_ = 0;
      if (set_rows_.load(std::memory_order_relaxed) == 0) return;  // built later, in the new split
      for (auto& set : packed_shards_) set.clear();
      for (std::uint32_t id = 0; id < rows_; ++id) {
        const std::uint32_t row = pack_row(id);
        packed_shards_[packed_shard(row)].insert(row);
      }
      set_rows_.store(rows_, std::memory_order_release);
      check_density();
      return;
    }
  }
  if (set_rows_.load(std::memory_order_relaxed) == 0) {
    // Nothing in the set yet (rows appended as unique): it is built later, of ids.
    rows_shards_ = empty_id_shards();
    packed_shards_.clear();
    packed_shards_.shrink_to_fit();
    packed_ = false;
    return;
  }
  switch_to_ids();
}

// A set re-packed with a wide first column may spread its rows over containers of a few
// rows each, which cost more, in memory and in allocations, than a set of ids (6 to 12
// bytes a row as its table fills): checked when the rows have doubled since the last
// check, from 4,096 rows on. Measured: a bounded search's (state, step) rows take 2.6 to
// 4.4 bytes a row packed, points-to pairs (17-bit variables, 16-bit objects) 90 to 180.
void Relation::check_density() const {
  if (rows_ < density_check_at_) return;
  density_check_at_ = 2 * std::max<std::size_t>(rows_, 4096);
  if (rows_ < 4096) return;
  std::size_t bytes = 0;
  for (const auto& set : packed_shards_) bytes += set.memory_bytes();
  if (bytes > 16 * rows_) switch_to_ids();
}

bool Relation::choose_dedup_index() const {
  dedup_index_ = -1;
  if (packed_ || indexes_suspended_) return false;
  int best = -1;
  double best_walk = static_cast<double>(chain_step_bound) + 1e-9;
  for (std::uint32_t k = 0; k < indexes_.size(); ++k) {
    const std::size_t columns = indexes_[k]->columns.size();
    if (columns > max_chain_key_columns) continue;
    if (rows_ < 1024) {
      // Too few rows to tell: more key columns, shorter chains. Inserts will tell.
      if (best < 0 || columns > indexes_[static_cast<std::size_t>(best)]->columns.size()) best = static_cast<int>(k);
      continue;
    }
    const double walk = expected_walk(k);
    if (walk < best_walk) best = static_cast<int>(k), best_walk = walk;
  }
  dedup_index_ = best;
  return best >= 0;
}

double Relation::expected_walk(std::uint32_t index_id) const {
  const Index& index = *indexes_[index_id];
  std::uint64_t squares = 0;
  auto add_chain = [&](std::uint32_t head) {
    std::uint64_t length = 0;
    for (std::uint32_t r = head; r != no_row; r = next(index_id, r)) ++length;
    squares += length * length;
  };
  if (index.dense) {
    for (std::size_t key = 0; key < index.dense_heads.size(); ++key)
      if (index.dense_heads[key] != no_row) add_chain(index.dense_heads[key]);
  } else if (index.packed) {
    for_each_entry(index.packed_heads, [&](const auto& entry) { add_chain(entry.second); });
  } else {
    for_each_entry(index.heads, [&](const auto& entry) { add_chain(entry.second); });
  }
  return rows_ == 0 ? 0.0 : static_cast<double>(squares) / static_cast<double>(rows_);
}

std::uint32_t Relation::find_in_chain(const std::uint64_t* values, std::size_t& steps) const {
  const auto index_id = static_cast<std::uint32_t>(dedup_index_);
  const Index& index = *indexes_[index_id];
  std::uint64_t key[max_chain_key_columns];
  for (std::size_t i = 0; i < index.columns.size(); ++i) key[i] = values[index.columns[i]];
  for (std::uint32_t r = first(index_id, key); r != no_row; r = next(index_id, r)) {
    ++steps;
    const RowRef row = data_.get(r);
    std::uint32_t c = 0;
    while (c < arity_ && row[c] == values[c]) ++c;
    if (c == arity_) return r;
  }
  return no_row;
}

bool Relation::insert_by_chain(const std::uint64_t* values) {
  std::size_t steps = 0;
  const bool present = find_in_chain(values, steps) != no_row;
  chain_steps_ += steps;
  if (++chain_inserts_ >= chain_review_at_) review_dedup_index();
  if (present) return false;
  if (dedup_index_ < 0) return insert(values);  // the review built a set of ids
  data_.append(values);
  ++rows_;
  set_rows_.store(rows_, std::memory_order_release);
  index_new_row(static_cast<std::uint32_t>(rows_ - 1));
  return true;
}

void Relation::review_dedup_index() {
  if (chain_steps_ > chain_step_bound * chain_inserts_) {
    // Measuring every index reads every row: afterwards wait until the rows may have
    // doubled, so reviews cost a constant share of the inserts.
    if (!choose_dedup_index()) {
      chain_declined_ = true;
      build_id_set();
    }
    chain_review_at_ = std::max(chain_review_interval, rows_);
  } else {
    chain_review_at_ = chain_review_interval;
  }
  chain_inserts_ = chain_steps_ = 0;
}

bool Relation::insert(const std::uint64_t* values) {
  ensure_set();
  if (packed_ && !packable(values)) repack_or_switch(values);
  if (rows_ >= no_row - 1) throw std::length_error("relation has too many rows");
  if (dedup_index_ >= 0) return insert_by_chain(values);
  if (!packed_ && rows_ == 0 && !chain_declined_ && choose_dedup_index()) return insert_by_chain(values);
  if (packed_) {
    const std::uint32_t row = pack(values);
    if (!packed_shards_[packed_shard(row)].insert(row)) return false;
    if (arity_ == 2 && low_bits_ == stored_halves)
      append_packed(&row, 1);  // no generic append: the row's bytes are known
    else
      data_.append(values);
    ++rows_;
    if (rows_ >= density_check_at_) check_density();
  } else {
    // One probe: the row is appended only when the set has no equal row.
    bool added = false;
    rows_shards_[row_shard(values)].lazy_emplace(Probe{values}, [&](const auto& construct) {
      data_.append(values);
      construct(static_cast<std::uint32_t>(rows_++));
      added = true;
    });
    if (!added) return false;
  }
  set_rows_.store(rows_, std::memory_order_release);
  index_new_row(static_cast<std::uint32_t>(rows_ - 1));
  return true;
}

void Relation::append_unique(const std::uint64_t* values) {
  if (rows_ >= no_row - 1) throw std::length_error("relation has too many rows");
  if (packed_ && !packable(values)) {
    if (set_rows_.load(std::memory_order_relaxed) != 0) ensure_set();  // else built later, whole
    repack_or_switch(values);
  }
  data_.append(values);
  index_new_row(static_cast<std::uint32_t>(rows_++));
  if (dedup_index_ >= 0) set_rows_.store(rows_, std::memory_order_release);
}

void Relation::build_set() const {
  std::lock_guard<std::mutex> lock(set_mutex_);
  std::size_t from = set_rows_.load(std::memory_order_relaxed);
  if (from == rows_) return;
  if (dedup_index_ >= 0 || (!packed_ && from == 0 && !chain_declined_ && choose_dedup_index())) {
    set_rows_.store(rows_, std::memory_order_release);  // the index holds every row
    return;
  }
  if (packed_) {
    for (std::size_t id = from; id < rows_; ++id) {
      const std::uint32_t row = pack_row(static_cast<std::uint32_t>(id));
      packed_shards_[packed_shard(row)].insert(row);
    }
    check_density();  // before readers may see the set complete
    set_rows_.store(rows_, std::memory_order_release);
    return;
  }
  const RowHash hash{this, nullptr};
  // Sized first when many rows come at once (a relation derived with distinct solutions,
  // tested by a later stratum): growing instead would rehash every shard several times,
  // and a rehash reads the rows in the order of their slots, a cache miss each (a tenth
  // of poset's time). Counting costs one more hash a row, read in order.
  if (rows_ - from >= 4096) {
    std::vector<std::size_t> adding(rows_shards_.size(), 0);
    for (std::size_t id = from; id < rows_; ++id) ++adding[shard_index(hash(static_cast<std::uint32_t>(id)))];
    for (std::size_t k = 0; k < rows_shards_.size(); ++k)
      if (adding[k] != 0) rows_shards_[k].reserve(rows_shards_[k].size() + adding[k]);
  }
  // Batched like the evaluator's inserts: hash a batch, prefetch its slots, then insert.
  // Rows appended as unique are distinct: none is compared.
  constexpr std::size_t batch = 32;
  std::size_t shard_of_row[batch];
  for (std::size_t lo = from; lo < rows_; lo += batch) {
    const std::size_t n = std::min(batch, rows_ - lo);
    for (std::size_t k = 0; k < n; ++k) {
      const auto id = static_cast<std::uint32_t>(lo + k);
      shard_of_row[k] = shard_index(hash(id));
      rows_shards_[shard_of_row[k]].prefetch(id);
    }
    for (std::size_t k = 0; k < n; ++k) rows_shards_[shard_of_row[k]].insert(static_cast<std::uint32_t>(lo + k));
  }
  set_rows_.store(rows_, std::memory_order_release);
}

bool Relation::contains(const std::uint64_t* values) const {
  ensure_set();
  // A row that cannot be packed cannot be in a packed set.
  if (packed_ && !packable(values)) return false;
  if (packed_) {
    const std::uint32_t row = pack(values);
    return packed_shards_[packed_shard(row)].contains(row);
  }
  if (dedup_index_ >= 0) {
    std::size_t steps = 0;
    return find_in_chain(values, steps) != no_row;
  }
  const RowSet& set = rows_shards_[row_shard(values)];
  return set.find(Probe{values}) != set.end();
}

void Relation::require_ids() const {
  ensure_set();
  if (packed_) {
    std::lock_guard<std::mutex> lock(set_mutex_);
    if (packed_) switch_to_ids();
  }
}

std::uint32_t Relation::find(const std::uint64_t* values) const {
  require_ids();
  if (dedup_index_ >= 0) {
    std::size_t steps = 0;
    return find_in_chain(values, steps);
  }
  const RowSet& set = rows_shards_[row_shard(values)];
  auto it = set.find(Probe{values});
  return it == set.end() ? no_row : *it;
}

bool Relation::pack_key(const Index& index, const std::uint64_t* key, std::uint32_t& packed) const noexcept {
  auto width = [&](std::size_t i) { return RowStore::value_width(key[i], data_.column_signed(index.columns[i])); };
  const bool fits = index.columns.size() == 1 ? width(0) <= 4 : width(0) == 2 && width(1) == 2;
  if (fits) packed = pack_words(key, index.columns.size());
  return fits;
}

void Relation::unpack_index(Index& index, std::uint32_t rows) {
  index.packed = false;
  index.packed_heads = {};
  // Rows in order: the last row with each key is the newest, as the chains already say.
  for (std::uint32_t r = 0; r < rows; ++r) index.heads.insert_or_assign(r, r);
}

void Relation::undense_index(Index& index) {
  index.dense = false;
  for (std::uint32_t key = 0; key < index.dense_heads.size(); ++key)
    if (index.dense_heads[key] != no_row) index.packed_heads.emplace(key, index.dense_heads[key]);
  index.dense_heads.release();
}

void Relation::index_row(Index& index, std::uint32_t row) {
  if (index.dense) {
    const std::uint64_t key = data_.get(row)[index.columns[0]];
    const std::uint64_t limit = dense_key_limit();
    if (key < limit) {
      // Only up to the key: the array reserves room for larger keys geometrically, and
      // in pages of its own that room costs nothing until a key reaches it.
      if (key >= index.dense_heads.size()) index.dense_heads.resize(key + 1, no_row);
      chain(index, row, index.dense_heads[key]);
      index.dense_heads[key] = row;
      return;
    }
    undense_index(index);
  }
  if (index.packed) {
    const RowRef r = data_.get(row);
    std::uint64_t key[2];
    for (std::size_t i = 0; i < index.columns.size(); ++i) key[i] = r[index.columns[i]];
    std::uint32_t packed;
    if (pack_key(index, key, packed)) {
      auto [it, inserted] = index.packed_heads.try_emplace(packed, row);
      chain(index, row, inserted ? no_row : it->second);
      it->second = row;
      return;
    }
    unpack_index(index, row);
  }
  auto [it, inserted] = index.heads.try_emplace(row, row);
  chain(index, row, inserted ? no_row : it->second);
  it->second = row;
}

void Relation::chain(Index& index, std::uint32_t row, std::uint32_t older) {
  if (index.in_runs) {
    if (older == no_row || older + 1 == row) {  // starts a run, or goes on with one
      if ((row >> 6) >= index.run_starts.size()) index.run_starts.resize((row >> 6) + 1, 0);
      if (older == no_row) index.run_starts[row >> 6] |= std::uint64_t{1} << (row & 63);
      return;
    }
    spread_runs(index, row);
  }
  index.next.push_back(older);
}

void Relation::spread_runs(Index& index, std::uint32_t rows) {
  index.next.reserve(std::max<std::size_t>(rows_, rows + 1));
  index.next.resize(rows);
  for (std::uint32_t r = 0; r < rows; ++r) index.next[r] = (index.run_starts[r >> 6] >> (r & 63)) & 1u ? no_row : r - 1;
  index.in_runs = false;
  index.run_starts.release();
}

std::uint32_t Relation::add_index(std::vector<std::uint32_t> columns) {
  auto index = std::make_unique<Index>();
  index->columns = std::move(columns);
  index->heads = decltype(index->heads)(0, RowHash{this, &index->columns}, RowEq{this, &index->columns});
  reset_index(*index);  // the form every index starts in
  if (!indexes_suspended_) {
    size_dense_heads(*index);
    for (std::uint32_t r = 0; r < rows_; ++r) index_row(*index, r);
  }
  indexes_.push_back(std::move(index));
  return static_cast<std::uint32_t>(indexes_.size() - 1);
}

std::uint32_t Relation::first(std::uint32_t index_id, const std::uint64_t* key) const {
  const Index& index = *indexes_[index_id];
  if (index.dense) return key[0] < index.dense_heads.size() ? index.dense_heads[key[0]] : no_row;
  if (index.packed) {
    std::uint32_t packed;
    if (!pack_key(index, key, packed)) return no_row;  // no stored key is that wide
    auto it = index.packed_heads.find(packed);
    return it == index.packed_heads.end() ? no_row : it->second;
  }
  auto it = index.heads.find(Probe{key});
  return it == index.heads.end() ? no_row : it->second;
}

// Empty, in the most compact form its key allows (dense for one column, packed for two).
void Relation::reset_index(Index& index) {
  index.heads.clear();
  index.packed_heads.clear();
  index.packed = index.columns.size() <= 2;
  index.dense = index.columns.size() == 1;
  index.dense_heads.clear();
  index.next.clear();
  index.in_runs = true;
  index.run_starts.clear();
}

// Building a dense index over the stored rows at once: its array is sized to the largest
// key, where growing it key by key would leave up to twice that.
void Relation::size_dense_heads(Index& index) {
  if (!index.dense || rows_ == 0) return;
  std::uint64_t largest = 0;
  for (std::uint32_t r = 0; r < rows_; ++r) largest = std::max(largest, data_.get(r)[index.columns[0]]);
  if (largest < dense_key_limit()) index.dense_heads.assign(largest + 1, no_row);
}

void Relation::suspend_indexes() {
  if (dedup_index_ >= 0) {
    ensure_set();
    build_id_set();  // the chains go; the rows still need a set
  }
  indexes_suspended_ = true;
  for (auto& index : indexes_) {
    reset_index(*index);
    index->heads = decltype(index->heads)(0, RowHash{this, &index->columns}, RowEq{this, &index->columns});
    index->packed_heads = {};
    index->next.release();
    index->run_starts.release();
    index->dense_heads.release();
  }
}

void Relation::resume_indexes() {
  if (!indexes_suspended_) return;
  for (auto& index : indexes_) {
    reset_index(*index);
    size_dense_heads(*index);
    for (std::uint32_t r = 0; r < rows_; ++r) index_row(*index, r);
  }
  indexes_suspended_ = false;  // only once every index is whole (an allocation may fail)
}

void Relation::clear() {
  ++generation_;
  data_.clear();
  for (auto& set : packed_shards_) set.clear();
  if (low_bits_ != stored_halves) density_check_at_ = 0;  // (ternary sets too)
  rows_ = 0;
  set_rows_.store(0, std::memory_order_release);
  chain_inserts_ = chain_steps_ = 0;
  chain_review_at_ = chain_review_interval;
  for (auto& set : rows_shards_) set.clear();
  for (auto& index : indexes_) reset_index(*index);
}

void Relation::drop_set() {
  if (dedup_index_ >= 0) return;  // the index's chains are the set, and cost nothing more
  for (auto& set : packed_shards_) set.clear();
  for (auto& set : rows_shards_) static_cast<RowSet&>(set) = RowSet(0, RowHash{this, nullptr}, RowEq{this, nullptr});
  set_rows_.store(0, std::memory_order_release);
}

void Relation::release() {
  clear();
  drop_set();
  for (auto& index : indexes_) {
    index->next.release();
    index->run_starts.release();
    index->dense_heads.release();
  }
}

std::size_t Relation::memory_bytes() const {
  std::size_t bytes = data_.memory_bytes();
  for (const auto& set : rows_shards_) bytes += set.capacity() * (sizeof(std::uint32_t) + 1);
  for (const auto& set : packed_shards_) bytes += set.memory_bytes();
  for (const auto& index : indexes_)
    bytes += (index->next.capacity() + index->dense_heads.capacity()) * sizeof(std::uint32_t) +
             index->run_starts.capacity() * sizeof(std::uint64_t) +
             (index->heads.capacity() + index->packed_heads.capacity()) * (2 * sizeof(std::uint32_t) + 1);
  return bytes;
}

RowRef Relation::staged_row(std::uint32_t id) const noexcept {
  const auto groups = static_cast<std::uint32_t>(staging_.size());
  std::size_t local;
  const Staging* staging;
  if (id < first_provisional) {
    staging = &staging_[0];
    local = id - rows_;
  } else {
    const std::uint32_t k = id - first_provisional;
    staging = &staging_[1 + k % (groups - 1)];
    local = k / (groups - 1);
  }
  return RowRef(reinterpret_cast<const unsigned char*>(staging->rows.data() + local * arity_), 8, 0);
}

bool Relation::begin_staging(unsigned groups, const std::vector<const Candidates*>& candidates) {
  ensure_set();
  if (dedup_index_ >= 0) {
    // Threads deduplicate in shards of a set of ids; chains have no shards.
    chain_declined_ = true;
    build_id_set();
  }
  // In a packed set every candidate that fits travelled packed: words are rows that do
  // not fit, and the set must become one of ids first.
  if (packed_)
    for (const Candidates* c : candidates)
      if (!c->words.empty()) {
        switch_to_ids();
        return false;
      }
  // Staging areas keep their capacity from round to round.
  staging_.resize(groups);
  for (auto& staging : staging_) staging.clear();
  return true;
}

std::size_t Relation::insert_candidates(const Candidates& candidates) {
  std::size_t added = 0;
  std::uint64_t values[3];
  for (const std::uint32_t row : candidates.packed) {
    unpack(row, values);
    added += insert(values) ? 1u : 0u;
  }
  for (std::size_t k = 0; k < candidates.shards.size(); ++k) added += insert(candidates.words.data() + k * arity_) ? 1u : 0u;
  return added;
}

void Relation::stage(unsigned group, const std::vector<const Candidates*>& inputs) {
  Staging& staging = staging_[group];
  const auto groups = static_cast<std::uint32_t>(staging_.size());
  constexpr std::size_t batch = 32;
  for (const Candidates* input : inputs) {
    if (packed_) {
      // Packed rows need no ids in the set: nothing to fix up after the commit.
      for (const std::uint32_t row : input->packed)
        if (packed_shards_[packed_shard(row)].insert(row)) staging.packed.push_back(row);
      continue;
    }
    const std::size_t count = input->shards.size();
    for (std::size_t lo = 0; lo < count; lo += batch) {
      const std::size_t hi = std::min(count, lo + batch);
      for (std::size_t k = lo; k < hi; ++k)
        rows_shards_[input->shards[k]].prefetch(Probe{input->words.data() + k * arity_});
      for (std::size_t k = lo; k < hi; ++k) {
        const std::uint64_t* values = input->words.data() + k * arity_;
        const std::size_t index = input->shards[k];
        RowSet& set = rows_shards_[index];
        bool added = false;
        auto it = set.lazy_emplace(Probe{values}, [&](const auto& construct) {
          const auto local = static_cast<std::uint32_t>(staging.count(arity_));
          const std::uint32_t id = group == 0 ? static_cast<std::uint32_t>(rows_) + local
                                              : first_provisional + local * (groups - 1) + (group - 1);
          staging.rows.insert(staging.rows.end(), values, values + arity_);
          construct(id);
          added = true;
        });
        if (added)
          staging.slots.push_back({static_cast<std::uint32_t>(index), const_cast<std::uint32_t*>(&*it), set.capacity()});
      }
    }
  }
}

std::size_t Relation::commit_staged() {
  std::size_t added = 0;
  for (auto& staging : staging_) {
    const std::size_t count = staging.count(arity_);
    if (rows_ + count >= first_provisional) throw std::length_error("relation has too many rows");
    staging.final_base = static_cast<std::uint32_t>(rows_);
    if (!staging.packed.empty())
      append_packed(staging.packed.data(), count);
    else
      for (std::size_t k = 0; k < count; ++k) data_.append(staging.rows.data() + k * arity_);
    for (std::size_t k = 0; k < count; ++k) {
      index_new_row(static_cast<std::uint32_t>(rows_++));
    }
    added += count;
  }
  set_rows_.store(rows_, std::memory_order_release);
  return added;
}

void Relation::finish_staged(unsigned group) {
  Staging& staging = staging_[group];
  if (group != 0 && !packed_) {
    for (std::size_t k = 0; k < staging.slots.size(); ++k) {
      const auto final_id = staging.final_base + static_cast<std::uint32_t>(k);
      const Staging::Slot& slot = staging.slots[k];
      RowSet& set = rows_shards_[slot.shard];
      if (set.capacity() == slot.capacity) {
        *slot.id = final_id;
        continue;
      }
      // The shard grew after this row was staged: find the row's slot again.
      auto it = set.find(Probe{staging.rows.data() + k * arity_});
      *const_cast<std::uint32_t*>(&*it) = final_id;
    }
  }
  staging = Staging{};
}

}  // namespace kz::eval

