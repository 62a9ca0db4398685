// kzrules/relation_view.hpp — a relation's rows as a range.
//
// RelationView is a random-access range over the rows of one relation of an evaluated
// Database, in the documented output order (the order of Database::rows(): by column, numbers
// numerically, symbols by their text). Unlike rows(), it copies no values up front: each
// element is a Row, a small handle that reads a value only when asked.
//
//   kz::RelationView path = kz::relation_view(db, "path");
//   for (kz::Row row : path) std::cout << kz::format_value(row[0]) << "\n";
//
// It is a plain C++17 range (begin/end, random-access iterators with an `iterator_concept`),
// so range-v3 views take it as they take a std::vector — by lvalue:
//
//   auto long_paths = path | ranges::views::filter([](kz::Row r) { return r.get<std::int64_t>(1) > 3; })
//                          | ranges::views::transform([](kz::Row r) { return r.tuple(); });
//
// (A temporary RelationView is not a range-v3 view: name it first, as above.)
//
// Lifetimes: a view and its Rows read the Database's storage; they stay valid while the
// Database lives (moving the Database is fine) and show the relation as it was when the
// view was made — make it after evaluate(). Copying a view is cheap (it shares its row
// order). A view belongs to its Database's thread: use the two from one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string_view>
#include <variant>

#include "kzrules/database.hpp"
#include "kzrules/program.hpp"
#include "kzrules/value.hpp"

namespace kz {

// One row of a relation: a handle (the database's storage, the relation, the row), not a
// copy of its values.
class Row {
 public:
  Row() = default;

  // The relation's arity.
  std::size_t size() const;
  // The value in column `column`; throws std::out_of_range past the last column.
  Value operator[](std::size_t column) const;
  Value at(std::size_t column) const { return (*this)[column]; }
  // The value of the attribute named `attribute`; throws kz::Error (bad_input) when the
  // relation has no such attribute.
  Value at(std::string_view attribute) const;
  // The value as one alternative of kz::Value, e.g. get<std::string>(0); throws
  // std::bad_variant_access when the column is of another kind.
  template <class T>
  T get(std::size_t column) const {
    return std::get<T>((*this)[column]);
  }
  // Every value, copied.
  Tuple tuple() const;

  friend bool operator==(const Row& row, const Tuple& values) { return row.equals(values); }
  friend bool operator==(const Tuple& values, const Row& row) { return row.equals(values); }
  friend bool operator!=(const Row& row, const Tuple& values) { return !row.equals(values); }
  friend bool operator!=(const Tuple& values, const Row& row) { return !row.equals(values); }

 private:
  friend class RelationView;
  Row(const eval::Engine* engine, std::uint32_t relation, std::uint32_t row) noexcept
      : engine_(engine), relation_(relation), row_(row) {}
  bool equals(const Tuple& values) const;

  const eval::Engine* engine_ = nullptr;
  std::uint32_t relation_ = 0;
  std::uint32_t row_ = 0;
};

class RelationView {
 public:
  // A random-access iterator whose reference is a Row by value (a proxy, like the
  // iterators of an iota or transform view), so its iterator_category is input.
  class iterator {
   public:
    using iterator_concept = std::random_access_iterator_tag;
    using iterator_category = std::input_iterator_tag;
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using reference = Row;
    using pointer = void;

    iterator() = default;

    Row operator*() const noexcept { return Row(engine_, relation_, *position_); }
    Row operator[](difference_type n) const noexcept { return Row(engine_, relation_, position_[n]); }

    iterator& operator++() noexcept { ++position_; return *this; }
    iterator operator++(int) noexcept { iterator old = *this; ++position_; return old; }
    iterator& operator--() noexcept { --position_; return *this; }
    iterator operator--(int) noexcept { iterator old = *this; --position_; return old; }
    iterator& operator+=(difference_type n) noexcept { position_ += n; return *this; }
    iterator& operator-=(difference_type n) noexcept { position_ -= n; return *this; }
    friend iterator operator+(iterator it, difference_type n) noexcept { return it += n; }
    friend iterator operator+(difference_type n, iterator it) noexcept { return it += n; }
    friend iterator operator-(iterator it, difference_type n) noexcept { return it -= n; }
    friend difference_type operator-(const iterator& a, const iterator& b) noexcept {
      return a.position_ - b.position_;
    }

    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.position_ == b.position_; }
    friend bool operator!=(const iterator& a, const iterator& b) noexcept { return a.position_ != b.position_; }
    friend bool operator<(const iterator& a, const iterator& b) noexcept { return a.position_ < b.position_; }
    friend bool operator>(const iterator& a, const iterator& b) noexcept { return a.position_ > b.position_; }
    friend bool operator<=(const iterator& a, const iterator& b) noexcept { return a.position_ <= b.position_; }
    friend bool operator>=(const iterator& a, const iterator& b) noexcept { return a.position_ >= b.position_; }

   private:
    friend class RelationView;
    iterator(const eval::Engine* engine, std::uint32_t relation, const std::uint32_t* position) noexcept
        : engine_(engine), relation_(relation), position_(position) {}

    const eval::Engine* engine_ = nullptr;
    std::uint32_t relation_ = 0;
    const std::uint32_t* position_ = nullptr;  // into the view's row order
  };
  using const_iterator = iterator;
  using value_type = Row;
  using reference = Row;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;

  // An empty view of no relation.
  RelationView() = default;
  // The rows of `relation` in `database`; throws kz::Error (bad_input) for an unknown name.
  RelationView(const Database& database, std::string_view relation);

  iterator begin() const noexcept;
  iterator end() const noexcept;
  std::size_t size() const noexcept;
  bool empty() const noexcept { return size() == 0; }
  // The row at `index` (0 <= index < size()), in order.
  Row operator[](std::size_t index) const noexcept { return begin()[static_cast<difference_type>(index)]; }

  // The relation's declaration: its name and attributes (empty for an empty view).
  const RelationInfo& info() const noexcept;

 private:
  struct State;
  std::shared_ptr<const State> state_;
};

// The same as RelationView(database, relation).
inline RelationView relation_view(const Database& database, std::string_view relation) {
  return RelationView(database, relation);
}

}  // namespace kz
