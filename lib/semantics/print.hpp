// The checked program as text (`kzrules run --show=ir`): what lowering made of the parse
// tree. Relations with their attributes' kinds and IO; every rule in disjunctive normal
// form, its variables as numbered slots (`x#0`, the slot's number after the name) with
// their kinds; strata; params; hypotheses; claims with their forms and links.
// Expressions print typed: constants by their spelling (1, 1u, 1.0, "s"), every operator
// and functor with its result kind after a colon: `(x#0 + 1):number`. The plan printer
// (lib/plan) prints expressions and literals through the same functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "semantics/ir.hpp"

namespace kz::sem {

// The whole program, section by section; deterministic (declaration order throughout).
std::string to_string(const Program& program);

// One variable: its name and slot number, `x#0`.
std::string slot_text(const Slots& slots, std::int32_t slot);
// A constant's raw word as the language writes it, by its kind.
std::string constant_text(const Program& program, Kind kind, std::uint64_t value);
std::string to_string(const Program& program, const Expr& expr, const Slots& slots);
// One body literal: an atom, `!atom`, a comparison, contains/match, or an aggregate
// `r#2 = sum v#3 : { body }` (with the outer slots it is keyed by).
std::string to_string(const Program& program, const Literal& literal, const Slots& slots);
// A relation's head or atom: `path(x#0, y#1)`.
std::string atom_text(const Program& program, std::uint32_t relation, const std::vector<Expr>& args,
                      const Slots& slots);

}  // namespace kz::sem
