// Provenance and explanations: where each input row came from, what-if removal of input
// rows before evaluation, and planning a query over the evaluated relations.
#include <algorithm>

#include "eval/engine.hpp"

namespace kz::eval {

void Engine::record_input(std::uint32_t relation, std::uint32_t row, const std::string& file, std::uint32_t line) {
  if (input_files_.empty() || input_files_.back() != file) {
    auto it = std::find(input_files_.begin(), input_files_.end(), file);
    if (it == input_files_.end()) input_files_.push_back(file);
  }
  const auto index = static_cast<std::uint32_t>(
      std::find(input_files_.begin(), input_files_.end(), file) - input_files_.begin());
  input_origins_[relation].record(row, InputOrigin{index, line});
}

std::size_t Engine::remove_matching(std::uint32_t relation, const std::vector<std::uint64_t>& values,
                                    const std::vector<bool>& mask) {
  const std::uint32_t arity = relations_[relation]->arity();
  return remove_rows_if(relation, [&](RowRef row) {
    for (std::uint32_t c = 0; c < arity; ++c)
      if (mask[c] && row[c] != values[c]) return false;
    return true;
  });
}

std::size_t Engine::remove_rows_if(std::uint32_t relation, FunctionRef<bool(RowRef)> remove) {
  Relation& rel = *relations_[relation];
  const std::uint32_t arity = rel.arity();
  std::size_t removed = 0;
  std::vector<std::uint64_t> kept;
  InputOrigins origins;
  const InputOrigins& old_origins = input_origins_[relation];
  std::uint32_t kept_rows = 0;
  for (std::uint32_t r = 0; r < rel.size(); ++r) {
    if (remove(rel.row(r))) {
      ++removed;
      continue;
    }
    for (std::uint32_t c = 0; c < arity; ++c) kept.push_back(rel.row(r)[c]);
    if (const auto origin = old_origins.find(r)) origins.record(kept_rows, *origin);
    ++kept_rows;
  }
  if (removed == 0) return 0;
  rel.clear();
  const std::size_t rows = arity ? kept.size() / arity : 0;
  for (std::size_t r = 0; r < rows; ++r) rel.insert(kept.data() + r * arity);
  input_origins_[relation] = std::move(origins);
  heights_[relation].clear();
  rules_of_row_[relation].clear();
  return removed;
}

std::optional<Engine::InputOrigin> Engine::input_origin(std::uint32_t relation, std::uint32_t row) const {
  return input_origins_[relation].find(row);
}

plan::PlanResult Engine::plan_query(const std::vector<sem::Literal>& literals, std::vector<bool>& bound) {
  auto result = plan::plan_conjunction(*program_, literals, bound, -1, query_indexes_);
  const auto& reg = query_indexes_.by_relation;
  for (std::uint32_t r = 0; r < reg.size() && r < relations_.size(); ++r)
    while (relations_[r]->index_count() < reg[r].size()) relations_[r]->add_index(reg[r][relations_[r]->index_count()]);
  return result;
}

}  // namespace kz::eval
