// How a change to one relation's facts travels through the rules to the claims: the
// relations a claim reads directly or through rules (what could change what it finds),
// and the relations derived from one relation (what must be derived again when its
// facts change). Negation and aggregates count like positive atoms: a change travels
// through them too. Flip and robustness use these to try only facts that can matter.
#pragma once

#include <cstdint>
#include <vector>

namespace kz::sem {
struct Program;
struct Literal;
}  // namespace kz::sem

namespace kz::argument {

// One flag per relation id.
using RelationSet = std::vector<bool>;

class Dependence {
 public:
  explicit Dependence(const sem::Program& program);

  // Relations whose facts can change what claim `claim` finds: those its body,
  // conclusion and aggregates read, and through rules everything they are derived from.
  const RelationSet& claim_sources(std::size_t claim) const { return claim_sources_[claim]; }
  // The same for every claim linked to hypothesis `hypothesis`, together.
  RelationSet hypothesis_sources(std::uint32_t hypothesis) const;
  // Relations whose rows can change when the facts of `relation` change: it, and through
  // rules everything derived from it.
  RelationSet downstream(std::uint32_t relation) const;

 private:
  // `set` and every relation that what it holds is derived from.
  RelationSet upstream(RelationSet set) const;

  const sem::Program& program_;
  std::vector<std::vector<std::uint32_t>> reads_;    // relation -> what the rules deriving it read
  std::vector<std::vector<std::uint32_t>> read_by_;  // relation -> heads of the rules that read it
  std::vector<RelationSet> claim_sources_;
};

// Marks the relations `literals` read (atoms, negations, aggregate bodies) in `out`.
void mark_relations_read(const std::vector<sem::Literal>& literals, RelationSet& out);

}  // namespace kz::argument
