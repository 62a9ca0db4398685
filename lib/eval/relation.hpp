// Storage for one relation: rows in an append-only store (16-, 32- or 64-bit columns,
// see row_store.hpp), a set over whole rows for deduplication, and one hash index per
// access pattern (a set of key columns). The set is split into 64 shards; it holds rows
// of up to three columns that pack into 32 bits in bitmap containers
// (packed_row_set.hpp) and other rows as ids in hash sets, or, for those, not at all when
// an index's chains are short enough to find a row by walking them; it is built lazily
// after appends known to be unique. An index maps a key to the newest row with that key
// and chains older rows through `next`, so rows come out newest first: a semi-naive
// delta lookup stops as soon as it reaches rows older than the delta. While each key's
// rows are consecutive, the chain is implied (a bit a row marks where a key's run
// starts) and costs no `next` array. The staging functions let -j N threads deduplicate
// one group of shards each.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>


#include "eval/containers.hpp"
#include "eval/growing_array.hpp"
#include "eval/packed_row_set.hpp"
#include "eval/row_store.hpp"

namespace kz::eval {

inline constexpr std::uint32_t no_row = 0xFFFFFFFFu;

class Relation;

// A key to look up: values for the index's columns, in column order.
struct Probe {
  const std::uint64_t* values;
};

inline std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// The hash of a packed index key (see Relation::Index): key words that fit in 32 bits.
struct PackedHash {
  std::size_t operator()(std::uint32_t packed) const { return static_cast<std::size_t>(mix(packed ^ 0x9E3779B97F4A7C15ULL)); }
};

struct RowHash {
  using is_transparent = void;
  const Relation* relation = nullptr;
  const std::vector<std::uint32_t>* columns = nullptr;  // null: all columns
  std::size_t operator()(std::uint32_t row) const;
  std::size_t operator()(Probe probe) const;
};

struct RowEq {
  using is_transparent = void;
  const Relation* relation = nullptr;
  const std::vector<std::uint32_t>* columns = nullptr;
  bool operator()(std::uint32_t a, std::uint32_t b) const;
  bool operator()(std::uint32_t a, Probe b) const;
  bool operator()(Probe a, std::uint32_t b) const { return (*this)(b, a); }
};

class Relation {
 public:
  // `signed_columns` marks number (int64) columns; `narrow_allowed` is false when a
  // column holds floats.
  Relation(std::uint32_t arity, std::uint64_t signed_columns = 0, bool narrow_allowed = false);
  Relation(const Relation&) = delete;
  Relation& operator=(const Relation&) = delete;

  std::uint32_t arity() const noexcept { return arity_; }
  std::size_t size() const noexcept { return rows_; }
  RowRef row(std::size_t r) const noexcept { return data_.get(r); }
  bool narrow() const noexcept { return data_.narrow(); }
  bool first_column_signed() const noexcept { return data_.column_signed(0); }

  // Adds the row unless present; true when it was new.
  bool insert(const std::uint64_t* values);
  // Adds a row the caller knows is not present (a rule whose solutions all differ, into
  // an empty relation). The deduplication set is not touched: it is built from the rows
  // the first time something needs it, which may be never (a relation only counted or
  // printed), so such a relation costs its rows and nothing more.
  void append_unique(const std::uint64_t* values);
  // Starts loading the memory an insert of `values` will touch (for batched inserts).
  // A hint only: before a lazily built set exists it just touches an emptier table.
  void prefetch(const std::uint64_t* values) const {
    if (packed_) {
      const std::uint32_t row = pack(values);
      packed_shards_[packed_shard(row)].prefetch(row);
    } else if (dedup_index_ >= 0) {
      prefetch_chain_head(values);
    } else {
      rows_shards_[row_shard(values)].prefetch(Probe{values});
    }
  }
  bool contains(const std::uint64_t* values) const;
  // The id of the row equal to `values`, or no_row. A packed set keeps no ids: the first
  // find() turns it into a set of ids for good (explanations and delta lookups need them).
  std::uint32_t find(const std::uint64_t* values) const;
  // Whether the set holds rows packed into 32 bits rather than row ids.
  bool packed() const noexcept { return packed_; }
  // Makes find() answer without changing the set from now on (before threads may call
  // it at once): a packed set becomes one of row ids, or an index's chains.
  void require_ids() const;
  // Whether rows are deduplicated by walking an index's chains, with no set of their own.
  bool deduplicates_by_index() const noexcept { return dedup_index_ >= 0; }

  // Registers an index on `columns` (ascending, neither empty nor all); returns its id.
  std::uint32_t add_index(std::vector<std::uint32_t> columns);
  std::size_t index_count() const noexcept { return indexes_.size(); }
  // The newest row whose index columns equal `key`, or no_row.
  std::uint32_t first(std::uint32_t index, const std::uint64_t* key) const;
  std::uint32_t next(std::uint32_t index, std::uint32_t row) const noexcept {
    const Index& ix = *indexes_[index];
    if (ix.in_runs) return (ix.run_starts[row >> 6] >> (row & 63)) & 1u ? no_row : row - 1;
    return ix.next[row];
  }
  // Stops keeping the indexes up to date and frees them; resume_indexes() builds them
  // again from the rows. Loading a fact file does this, so that the file's
  // deduplication set (let go after loading when nothing needs it) and the indexes
  // never take memory at once. first() and next() must not be called in between.
  void suspend_indexes();
  void resume_indexes();
  bool indexes_suspended() const noexcept { return indexes_suspended_; }
  // Removes every row (indexes stay registered).
  void clear();
  // Removes every row and gives their memory back (clear() keeps what it can reuse).
  void release();
  // Gives back the room the row store keeps for rows to come (see RowStore::shrink_to_fit),
  // for a relation that is complete: a fact file read, a stratum done. (Not the indexes'
  // chains: copying one to its size at a stratum's end, the peak of many programs, added
  // to the peak more than it saved: nltc +0.7 MiB.)
  void shrink_rows() { data_.shrink_to_fit(); }
  // Frees the deduplication set; the next insert or membership test builds it again
  // from the rows (what append_unique leaves, too).
  void drop_set();
  // Changes whenever clear() runs: with size(), says whether what was computed from the
  // rows (the engine's sorted columns) is still theirs, since rows are only appended.
  std::uint64_t generation() const noexcept { return generation_; }

  // ---- parallel insertion (Engine::run_rule_parallel) -------------------------------
  // The shards are split into groups, one per thread; each group's thread deduplicates
  // the candidates that hash into its shards. Rows get their final ids afterwards, in one
  // serial append, so ids stay dense and in insertion order.
  // What one thread derived for one group. A row that fits a packed set travels packed
  // (4 bytes, its shard implied); any other row as words with its shard.
  // Aligned to a cache line, as are the staging areas and the shards: each thread writes
  // its own, and neighbours sharing a line would bounce it between cores on every row
  // (measured: half the -j2 time of a chain's closure, depending on where malloc put them).
  struct alignas(64) Candidates {
    std::vector<std::uint32_t> packed;
    std::vector<std::uint64_t> words;  // arity words per candidate
    std::vector<std::uint32_t> shards;
    void clear() { packed.clear(), words.clear(), shards.clear(); }
  };
  // Adds a derived row to the candidates of its group (see group_of).
  void add_candidate(const std::uint64_t* values, std::vector<Candidates>& by_group) const {
    const auto groups = static_cast<unsigned>(by_group.size());
    if (packed_ && packable(values)) {
      const std::uint32_t row = pack(values);
      by_group[group_of(packed_shard(row), groups)].packed.push_back(row);
      return;
    }
    // Not packed, or a row that will turn the set into one of ids (begin_staging).
    const auto shard = static_cast<std::uint32_t>(row_shard(values));
    Candidates& out = by_group[group_of(shard, groups)];
    out.words.insert(out.words.end(), values, values + arity_);
    out.shards.push_back(shard);
  }
  // Inserts candidates one by one (when staging declined them); how many were new.
  std::size_t insert_candidates(const Candidates& candidates);
  static unsigned group_of(std::uint32_t shard, unsigned groups) { return shard % groups; }
  // Makes the set complete and sets up `groups` staging areas for `candidates`. False
  // when a candidate does not fit a packed set: the set became one of ids, the
  // candidates' shards are stale, and the caller inserts them one by one instead.
  bool begin_staging(unsigned groups, const std::vector<const Candidates*>& candidates);
  // Run by the thread of `group`, concurrently with the other groups: puts the new,
  // distinct candidates of its group into its shards under provisional ids.
  void stage(unsigned group, const std::vector<const Candidates*>& inputs);
  // Serial: appends the staged rows, group by group, and indexes them; how many.
  std::size_t commit_staged();
  // Run by the thread of `group` after commit_staged: provisional ids become final.
  void finish_staged(unsigned group);
  // The row behind an id the set holds, staged or stored.
  RowRef stored(std::uint32_t id) const noexcept {
    if (id < rows_) return data_.get(id);
    return staged_row(id);
  }
  std::size_t memory_bytes() const;

 private:
  struct Index {
    std::vector<std::uint32_t> columns;
    // While every key's rows are consecutive (fact files are often written grouped by a
    // column, and an index built on it then sees each key in one run), a row's older
    // neighbour with its key is the row before it: a bit a row, set where a run starts,
    // stands for `next` (4 bytes a row). The first row that breaks a run writes `next`
    // out for good (spread_runs).
    bool in_runs = true;
    GrowingArray<std::uint64_t> run_starts;
    GrowingArray<std::uint32_t> next;  // older row with the same key, or no_row
    // A one-column index whose keys are small non-negative numbers (node ids, symbol
    // ids) is a plain array from key to newest row: a lookup is one load, no hashing.
    // The first key past dense_key_limit turns it into a packed index for good.
    bool dense = false;
    GrowingArray<std::uint32_t> dense_heads;  // key -> newest, or no_row
    // Keys of one or two columns that fit in 32 bits are kept packed (as the set keeps
    // packed rows): looking up, growing and hashing never read a row. The first key that
    // does not fit turns the index into one keyed by a row with that key.
    bool packed = false;
    HashMap<std::uint32_t, std::uint32_t, PackedHash> packed_heads;  // packed key -> newest
    HashMap<std::uint32_t, std::uint32_t, RowHash, RowEq> heads;     // a row with the key -> newest
  };
  void index_row(Index& index, std::uint32_t row);
  // Records that `older` (or no_row) precedes `row` among the rows with its key.
  void chain(Index& index, std::uint32_t row, std::uint32_t older);
  void spread_runs(Index& index, std::uint32_t rows);
  void size_dense_heads(Index& index);
  // Keys below this stay in a dense index: the array then costs at most 16 bytes a row,
  // or 256 KiB, whichever is more.
  std::uint64_t dense_key_limit() const noexcept { return std::max<std::uint64_t>(std::uint64_t{1} << 16, 4 * (std::uint64_t{rows_} + 1)); }
  void undense_index(Index& index);
  // The packed form of a key (the index's columns, in order), or false when it does not fit.
  bool pack_key(const Index& index, const std::uint64_t* key, std::uint32_t& packed) const noexcept;
  void unpack_index(Index& index, std::uint32_t rows);
  RowRef staged_row(std::uint32_t id) const noexcept;

  // Provisional ids: group 0's staged rows take the ids they will have (after the
  // stored rows); the other groups' are numbered from first_provisional, interleaved.
  static constexpr std::uint32_t first_provisional = 0x80000000u;
  struct alignas(64) Staging {
    // Where a staged row's provisional id sits in a set of ids; the slot stays valid while
    // the shard keeps the capacity it had when the row was staged.
    struct Slot {
      std::uint32_t shard;
      std::uint32_t* id;
      std::size_t capacity;
    };
    std::vector<std::uint64_t> rows;     // arity words per staged row (a set of ids)
    std::vector<std::uint32_t> packed;   // staged rows of a packed set
    std::vector<Slot> slots;             // one per staged row, in a set of ids only
    std::uint32_t final_base = 0;
    std::size_t count(std::uint32_t arity) const noexcept { return packed.size() + (arity ? rows.size() / arity : 0); }
    void clear() { rows.clear(), packed.clear(), slots.clear(); }
  };
  std::vector<Staging> staging_;
  // Puts the rows appended by append_unique into the set. Safe to call from several
  // threads reading one relation (a Database may be queried concurrently).
  void ensure_set() const {
    if (set_rows_.load(std::memory_order_acquire) != rows_) build_set();
  }
  void build_set() const;

  std::uint32_t arity_;
  std::size_t rows_ = 0;
  std::uint64_t generation_ = 0;
  RowStore data_;
  // A binary row of 16-bit values, or a unary row of a 32-bit value, fits in 32 bits: the
  // set then holds the rows themselves in containers (PackedRowSet) and never reads the
  // row store. A binary row whose values are wider may still fit: its first value in the
  // high 32 - low_bits_ bits and its second in the low low_bits_, when both are
  // non-negative (a state and a step count, an id below 2^20 and a small tag). A ternary
  // row of non-negative values fits the same way, its second value in the mid_bits_ above
  // the low_bits_ (a pair of elements and a bound, over a few thousand elements). The
  // split moves when a row does not fit it but some split fits every row
  // (repack_or_switch); a row that fits no split turns the set into one of ids
  // (switch_to_ids).
  bool packable(const std::uint64_t* values) const noexcept {
    if (arity_ == 1) return data_.width_for(values) <= 4;
    if (arity_ == 3)
      return values[0] >> (32 - mid_bits_ - low_bits_) == 0 && values[1] >> mid_bits_ == 0 && values[2] >> low_bits_ == 0;
    if (low_bits_ == stored_halves) return data_.width_for(values) == 2;
    return values[0] >> (32 - low_bits_) == 0 && values[1] >> low_bits_ == 0;
  }
  bool packed_mode_possible() const noexcept {
    return (arity_ == 1 && data_.width() <= 4) || (arity_ == 2 && data_.width() == 2) || arity_ == 3;
  }
  // One word of up to 32 bits, or two of up to 16, in 32 bits (index keys).
  static std::uint32_t pack_words(const std::uint64_t* words, std::size_t count) noexcept {
    return count == 1 ? static_cast<std::uint32_t>(words[0])
                      : static_cast<std::uint32_t>((words[0] & 0xFFFFu) | ((words[1] & 0xFFFFu) << 16));
  }
  // A row as the set keeps it: the first column in the high bits, so it picks the
  // container. Rules tend to derive and test rows grouped by their first column (a
  // closure extends one source's paths, a scan over x then y tests x's container), and
  // rows of one container sit together.
  std::uint32_t pack(const std::uint64_t* values) const noexcept {
    if (arity_ == 1) return static_cast<std::uint32_t>(values[0]);
    if (arity_ == 3)
      return static_cast<std::uint32_t>(((values[0] << (mid_bits_ + low_bits_)) | (values[1] << low_bits_) | values[2]) & 0xFFFFFFFFu);
    const unsigned low_bits = low_bits_ == stored_halves ? 16 : low_bits_;
    const std::uint64_t low_mask = (std::uint64_t{1} << low_bits) - 1;
    return static_cast<std::uint32_t>(((values[0] << low_bits) | (values[1] & low_mask)) & 0xFFFFFFFFu);
  }
  // The words of a packed row, read back as the row store reads its bytes (RowRef), so
  // signed columns extend the same way.
  void unpack(std::uint32_t row, std::uint64_t* values) const noexcept {
    if (arity_ == 3) {
      values[0] = row >> (mid_bits_ + low_bits_);
      values[1] = (row >> low_bits_) & ((std::uint32_t{1} << mid_bits_) - 1);
      values[2] = row & ((std::uint32_t{1} << low_bits_) - 1);
      return;
    }
    if (arity_ == 2 && low_bits_ != stored_halves) {
      values[0] = row >> low_bits_;
      values[1] = row & ((std::uint32_t{1} << low_bits_) - 1);
      return;
    }
    const std::uint32_t stored = arity_ == 1 ? row : RowStore::stored_pair16(row);
    unsigned char bytes[4];
    std::memcpy(bytes, &stored, sizeof stored);
    const RowRef r(bytes, arity_ == 1 ? 4 : 2, data_.signed_columns());
    for (std::uint32_t c = 0; c < arity_; ++c) values[c] = r[c];
  }
  // Appends rows in packed form to the row store: a binary relation's of two 16-bit
  // values are its stored bytes but for the column order, copied a segment at a time.
  void append_packed(const std::uint32_t* rows, std::size_t count) {
    if (arity_ == 2 && low_bits_ == stored_halves && data_.width() == 2) {
      data_.append_pairs16(rows, count);
      return;
    }
    std::uint64_t values[3];
    for (std::size_t k = 0; k < count; ++k) {
      unpack(rows[k], values);
      data_.append(values);
    }
  }
  std::uint32_t pack_row(std::uint32_t id) const noexcept {
    const RowRef r = data_.get(id);
    std::uint64_t values[3] = {r[0], arity_ >= 2 ? r[1] : 0, arity_ == 3 ? r[2] : 0};
    return pack(values);
  }
  // A row that does not fit the packed set: moves the split if one fits every row and
  // `values`, or else makes the set one of ids.
  void repack_or_switch(const std::uint64_t* values) const;
  void check_density() const;
  // Rows at which check_density looks next; never for sets of two 16-bit halves.
  mutable std::size_t density_check_at_ = ~std::size_t{0};
  // Bits of a packed binary or ternary row's last value, or stored_halves: two values of
  // 16 bits as the row store keeps them (signed columns included), where every binary
  // set starts.
  static constexpr unsigned stored_halves = 0;
  mutable unsigned low_bits_ = stored_halves;
  // Bits of a packed ternary row's second value. A ternary set starts with 11 + 11 + 10
  // bits; its first row that does not fit moves the split to what its rows need.
  mutable unsigned mid_bits_ = 0;
  // Leaves the packed form: the set becomes an index's chains if one suits, else ids.
  void switch_to_ids() const;
  // Builds a set of ids from the stored rows, whatever the set was before.
  void build_id_set() const;

  // A relation whose rows are not packed may need no set of its own: an index whose
  // chains are short already finds a row by walking the rows with its key (points-to
  // pairs by their variable: 1.2 rows on average). That saves the set of ids, 6 to 12
  // bytes a row. dedup_index_ names that index, or is -1 for a set of ids. Inserts count
  // the rows they walk; when the average passes chain_step_bound, the index whose chains
  // are shortest takes over, or, if none is short enough, the set becomes one of ids for
  // good (chain_declined_). Staging threads need a set of ids, as do suspended indexes.
  static constexpr std::size_t chain_step_bound = 8;
  static constexpr std::size_t max_chain_key_columns = 8;
  static constexpr std::size_t chain_review_interval = 4096;
  mutable int dedup_index_ = -1;
  mutable bool chain_declined_ = false;
  std::size_t chain_inserts_ = 0;
  std::size_t chain_steps_ = 0;
  std::size_t chain_review_at_ = chain_review_interval;
  // Picks the index to deduplicate through (true), or none. Over few rows, the index
  // with the most key columns; over more, the one with the shortest expected walk.
  bool choose_dedup_index() const;
  // The rows a lookup of a stored row's key walks on average: the sum of the squared
  // chain lengths over the rows.
  double expected_walk(std::uint32_t index) const;
  // The id of the row equal to `values` along the dedup index's chain, or no_row;
  // adds the rows compared to `steps`.
  std::uint32_t find_in_chain(const std::uint64_t* values, std::size_t& steps) const;
  bool insert_by_chain(const std::uint64_t* values);
  void prefetch_chain_head(const std::uint64_t* values) const noexcept {
    const Index& index = *indexes_[static_cast<std::size_t>(dedup_index_)];
    if (!index.dense) return;
    const std::uint64_t key = values[index.columns[0]];
    if (key < index.dense_heads.size()) __builtin_prefetch(&index.dense_heads[static_cast<std::size_t>(key)]);
  }
  void review_dedup_index();
  // A packed row's shard: the low bits of its high half, so a container is never split.
  static std::uint32_t packed_shard(std::uint32_t row) noexcept { return (row >> 16) & ((1u << shard_bits) - 1); }
  mutable bool packed_ = false;
  struct alignas(64) PackedShard : PackedRowSet {
    using PackedRowSet::PackedRowSet;
  };
  mutable std::vector<PackedShard> packed_shards_;

  // The deduplication set, split into shards by the top bits of a row's hash: each shard
  // grows on its own, so a resize holds two copies of one shard, not of the whole set.
  // Shards are unequal on purpose: shard k takes a share of the hashes proportional to
  // 2^(k/64), so their sizes spread over one doubling and they reach their (power of two)
  // capacities at different times. Equal shards would all double at once, and the whole
  // set's load would swing between 7/16 and 7/8; spread, it stays near 5/8.
  using RowSet = HashSet<std::uint32_t, RowHash, RowEq>;
  static constexpr unsigned shard_bits = 6;
  static constexpr unsigned shard_table_bits = 12;
  static const std::uint8_t* shard_table();
  std::size_t shard_index(std::size_t hash) const { return shard_of_[hash >> (std::numeric_limits<std::size_t>::digits - shard_table_bits)]; }
  // The shard of a set of ids that a row's words belong to.
  std::size_t row_shard(const std::uint64_t* values) const { return shard_index(RowHash{this, nullptr}(Probe{values})); }
  const std::uint8_t* shard_of_ = shard_table();
  struct alignas(64) RowSetShard : RowSet {
    using RowSet::RowSet;
  };
  mutable std::vector<RowSetShard> rows_shards_;
  std::vector<RowSetShard> empty_id_shards() const;
  mutable std::atomic<std::size_t> set_rows_{0};  // rows [0, set_rows_) are in the set
  mutable std::mutex set_mutex_;
  std::vector<std::unique_ptr<Index>> indexes_;
  bool indexes_suspended_ = false;
  void index_new_row(std::uint32_t row) {
    if (!indexes_suspended_)
      for (auto& index : indexes_) index_row(*index, row);
  }
  void reset_index(Index& index);
};

}  // namespace kz::eval
