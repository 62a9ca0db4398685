// Interned symbols: each distinct string gets a dense 32-bit id, so a symbol column holds
// a plain integer and equality is integer equality.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "eval/containers.hpp"

namespace kz::eval {

class SymbolTable {
 public:
  std::uint64_t intern(std::string_view text) {
    auto it = ids_.find(text);
    if (it != ids_.end()) return it->second;
    texts_.emplace_back(text);
    bytes_ += text.size();
    auto id = static_cast<std::uint64_t>(texts_.size() - 1);
    ids_.emplace(std::string_view(texts_.back()), id);
    return id;
  }
  std::optional<std::uint64_t> find(std::string_view text) const {
    auto it = ids_.find(text);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  const std::string& text(std::uint64_t id) const { return texts_.at(static_cast<std::size_t>(id)); }
  std::size_t size() const noexcept { return texts_.size(); }
  std::size_t bytes() const noexcept { return bytes_; }  // of all texts together

 private:
  std::deque<std::string> texts_;  // stable addresses: the map's keys point into it
  HashMap<std::string_view, std::uint64_t> ids_;
  std::size_t bytes_ = 0;
};

}  // namespace kz::eval
