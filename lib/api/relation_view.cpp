// RelationView and Row over the evaluator's relations: the row order is computed once
// when the view is made; values are converted from column words only when read.
#include "kzrules/relation_view.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "core/bad_input.hpp"
#include "eval/engine.hpp"

namespace kz {

namespace {

const sem::Relation& declaration(const eval::Engine& engine, std::uint32_t relation) {
  return engine.program().relations[relation];
}

}  // namespace

struct RelationView::State {
  const eval::Engine* engine = nullptr;
  std::uint32_t relation = 0;
  std::vector<std::uint32_t> order;  // row ids in the contract's order
  RelationInfo info;
};

RelationView::RelationView(const Database& database, std::string_view relation) {
  const auto& engine = api::engine_of(database);
  auto id = engine.program().find_relation(std::string(relation));
  auto info = database.program().relation(relation);
  if (!id || !info) {
    throw_bad_input(ErrorCode::unknown_relation, fmt::format("unknown relation '{}'", relation));
  }
  auto state = std::make_shared<State>();
  state->engine = &engine;
  state->relation = *id;
  state->order = engine.sorted_rows(*id);
  state->info = std::move(*info);
  state_ = std::move(state);
}

RelationView::iterator RelationView::begin() const noexcept {
  if (!state_) return {};
  return iterator(state_->engine, state_->relation, state_->order.data());
}

RelationView::iterator RelationView::end() const noexcept {
  if (!state_) return {};
  return iterator(state_->engine, state_->relation, state_->order.data() + state_->order.size());
}

std::size_t RelationView::size() const noexcept { return state_ ? state_->order.size() : 0; }

const RelationInfo& RelationView::info() const noexcept {
  static const RelationInfo none{};
  return state_ ? state_->info : none;
}

std::size_t Row::size() const { return engine_ ? declaration(*engine_, relation_).arity() : 0; }

Value Row::operator[](std::size_t column) const {
  if (column >= size())
    throw std::out_of_range(fmt::format("column {} of a row with {} columns", column, size()));
  const auto kind = declaration(*engine_, relation_).attributes[column].kind;
  return engine_->to_value(kind, engine_->relation(relation_).row(row_)[column]);
}

Value Row::at(std::string_view attribute) const {
  if (engine_) {
    const auto& attributes = declaration(*engine_, relation_).attributes;
    for (std::size_t c = 0; c < attributes.size(); ++c)
      if (attributes[c].name == attribute) return (*this)[c];
  }
  throw_bad_input(ErrorCode::library_misuse,
                  fmt::format("relation '{}' has no attribute '{}'",
                              engine_ ? declaration(*engine_, relation_).name : std::string("?"), attribute));
}

Tuple Row::tuple() const {
  Tuple out;
  const std::size_t n = size();
  out.reserve(n);
  for (std::size_t c = 0; c < n; ++c) out.push_back((*this)[c]);
  return out;
}

bool Row::equals(const Tuple& values) const {
  const std::size_t n = size();
  if (values.size() != n) return false;
  for (std::size_t c = 0; c < n; ++c)
    if ((*this)[c] != values[c]) return false;
  return true;
}

}  // namespace kz
