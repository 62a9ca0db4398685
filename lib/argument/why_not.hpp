// "Why not": for a tuple no rule derived, how far each rule of its relation gets. Each
// rule's body is searched with the head bound to the tuple; the deepest point the search
// reaches names the first body literal no extension passes, with the closest bindings.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "argument/explain_support.hpp"
#include "kzrules/explain.hpp"

namespace kz::argument {

// One attempt per rule (not fact) of `relation` at deriving the tuple whose words are
// `want`; nullopt when a symbol of the tuple appears nowhere in the facts, so no rule
// could produce it. No attempts: only facts give the relation its rows.
std::vector<RuleAttempt> why_not(eval::Engine& engine, std::uint32_t relation,
                                 const std::optional<std::vector<std::uint64_t>>& want);

}  // namespace kz::argument
