// Magic sets: Soufflé's `.pragma "magic-transform" "*"` (or a list of relation names).
//
// A rule that asks for `samegen(16384, 32767)` needs the same-generation pairs of one
// node, not of every node: evaluated bottom-up as written, the whole relation (billions
// of pairs on a large tree) is derived first. The transformation gives each relation
// asked for with some arguments bound an "adorned" copy (`samegen@bb`) that derives only
// the tuples asked for, and a "magic" relation (`@magic.samegen@bb`) that holds what is
// asked: the bound arguments, passed left to right through the bodies of the rules that
// ask (sideways information passing). The rows of every relation a program writes,
// prints or reads in a claim are unchanged; those relations are never transformed.
//
// Not transformed: inputs, outputs, `.printsize` relations, relations claims read or a
// fact set leaves unobserved, and relations without rules. An atom under a negation or
// inside an aggregate reads the original relation, which then keeps its rules; an
// original relation nothing reads any more loses its rules (it stays declared, empty).
// The caller stratifies the result and keeps the untransformed program if that fails.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "semantics/ir.hpp"
#include "semantics/lower.hpp"

namespace kz::sem {

struct MagicRequest {
  bool all = false;                // "*"
  std::set<std::string> relations;  // otherwise, the relations named
};

// What the files' `.pragma "magic-transform" "..."` ask for; nullopt when none does.
std::optional<MagicRequest> magic_request(const std::vector<ParsedFile>& files);

// Rewrites `program` (lowered, not yet stratified); false when nothing was transformed.
bool apply_magic_sets(Program& program, const MagicRequest& request);

}  // namespace kz::sem
