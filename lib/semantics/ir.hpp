// The checked program: relations with resolved kinds, rules in disjunctive normal form
// with numbered variable slots and typed expressions, strata, hypotheses and claims.
// Lowered from the parse tree by lower(); read by the planner and the evaluator.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kzrules/diagnostic.hpp"
#include "kzrules/value.hpp"
#include "core/calendar.hpp"
#include "core/decimal.hpp"
#include "core/functors.hpp"
#include "core/source.hpp"

namespace kz::sem {

using ::kz::Loc;

enum class Cmp : std::uint8_t { eq, ne, lt, le, gt, ge };
const char* cmp_text(Cmp cmp) noexcept;

// The operators of the syntax, and `functor` for a call by name: which functor
// Expr::functor says (core/functors.hpp holds their table).
enum class ExprOp : std::uint8_t {
  variable, constant, wildcard,
  neg, add, sub, mul, div, mod, pow,
  functor,
};

// A typed expression. Constants hold the raw 64-bit word of their kind (a symbol
// constant holds its index in Program::symbols).
struct Expr;
// range(from, to[, step]): a generator, planned as plan::Op::Type::generate.
bool is_range_call(const Expr& e);

struct Expr {
  ExprOp op = ExprOp::constant;
  Functor functor = Functor::min;  // when op is ExprOp::functor
  Kind kind = Kind::number;
  std::int32_t slot = -1;
  std::uint64_t value = 0;
  std::vector<Expr> args;
  Loc loc;
  bool int_literal = false;  // an integer literal, still free to become unsigned or float
};

enum class AggregateFn : std::uint8_t { count, sum, min, max, mean, median, mode, stddev };
const char* aggregate_name(AggregateFn fn) noexcept;

struct Literal;

struct AggregateSpec {
  AggregateFn fn = AggregateFn::count;
  Kind input_kind = Kind::number;   // the target's kind
  Kind result_kind = Kind::number;
  std::int32_t result_slot = -1;
  std::optional<Expr> target;
  std::vector<Literal> body;        // a conjunction
  std::vector<std::int32_t> outer_slots;  // grouping keys: bound outside, used inside
  // Soufflé's reading of a body of several atoms, an atom with a repeated variable, or a
  // nested aggregate: it ranges over the distinct values of these variables (the body's
  // named ones and the grouping keys; `_` is not one), each once. Empty: over every
  // solution, as for a single atom (`sum k : { r(_, k) }` adds k once per tuple). See
  // semantics/aggregate_bodies.hpp.
  std::vector<std::int32_t> distinct_on;
  Loc loc;
};

struct Literal {
  enum class Type : std::uint8_t { atom, negation, compare, aggregate, contains, match };
  Type type = Type::atom;
  std::uint32_t relation = 0;       // atom, negation
  std::vector<Expr> args;           // atom, negation
  Cmp cmp = Cmp::eq;                // compare
  Expr lhs, rhs;                    // compare; contains(lhs, rhs); match(lhs, rhs)
  std::shared_ptr<AggregateSpec> aggregate;
  bool negated = false;             // !contains(...), !match(...)
  Loc loc;
};

// Variables of one rule or claim: slot i has name, kind, and where it first appears.
struct Slots {
  std::vector<std::string> names;
  std::vector<Kind> kinds;
  std::vector<Loc> locs;
  std::int32_t add(std::string name, Loc loc) {
    names.push_back(std::move(name));
    kinds.push_back(Kind::number);
    locs.push_back(loc);
    return static_cast<std::int32_t>(names.size() - 1);
  }
  std::size_t size() const noexcept { return names.size(); }
};

// One conjunctive rule. A fact is a rule without body literals.
struct Rule {
  std::uint32_t id = 0;
  std::uint32_t head = 0;
  std::vector<Expr> head_args;
  std::vector<Literal> body;
  Slots slots;
  Loc loc;
  bool is_fact() const noexcept { return body.empty(); }
};

struct IoSpec {
  std::map<std::string, std::string> params;  // IO, filename, delimiter, headers, rfc4180
  Loc loc;
  std::string get(const std::string& key, std::string fallback = {}) const {
    auto it = params.find(key);
    return it == params.end() ? fallback : it->second;
  }
};

struct Attribute {
  std::string name;
  Kind kind = Kind::number;
  std::string type_name;
};

struct Relation {
  std::string name;
  std::vector<Attribute> attributes;
  Loc loc;
  std::optional<IoSpec> input;
  // A second and later `.input` of the relation: their files are read too (Soufflé reads
  // every one), after input's.
  std::vector<IoSpec> more_inputs;
  std::vector<IoSpec> outputs;
  bool printsize = false;
  std::uint32_t arity() const noexcept { return static_cast<std::uint32_t>(attributes.size()); }
  // Every `.input` of the relation, in the order written.
  std::vector<const IoSpec*> inputs() const {
    std::vector<const IoSpec*> all;
    if (input) all.push_back(&*input);
    for (const auto& more : more_inputs) all.push_back(&more);
    return all;
  }
};

struct Stratum {
  std::vector<std::uint32_t> relations;
  std::vector<std::uint32_t> rules;  // ids of rules whose head is in this stratum
  bool recursive = false;
};

enum class TestType : std::uint8_t { straw, hoop, smoking_gun, doubly_decisive };
const char* test_name(TestType test) noexcept;
// The outcome a test's hypothesis predicts, its probability under H and under not-H, when
// the link gives none (docs/language.md, "The Bayesian reading").
struct TestProbabilities {
  double p_h = 0.5, p_not_h = 0.5;
};
TestProbabilities default_probabilities(TestType test) noexcept;

struct Hypothesis {
  std::string name, text, source;
  Loc loc;
};

struct Link {
  std::uint32_t hypothesis = 0;
  bool supports = true;  // false: opposes
  TestType test = TestType::straw;
  double p_h = 0.5, p_not_h = 0.5;
  bool explicit_probability = false;
  std::optional<std::string> because;  // why the test has this strength
  Loc loc;
};

enum class ClaimForm : std::uint8_t { exists, none, forall, most, share, holds };
const char* claim_form_name(ClaimForm form) noexcept;

struct Claim {
  std::string name, text;
  ClaimForm form = ClaimForm::exists;
  Loc loc;
  Slots slots;
  std::vector<std::vector<Literal>> body;        // B in DNF
  std::vector<std::vector<Literal>> conclusion;  // C in DNF
  std::vector<std::int32_t> reported;            // B's named variables, first appearance order
  Cmp cmp = Cmp::ge;                             // share, holds
  Expr bound;                                    // share's bound
  std::vector<Literal> holds_aggregates;         // holds: aggregates hoisted out of E1, E2
  Expr lhs, rhs;                                 // holds
  std::vector<Link> links;
  std::optional<int> observable_from;  // `from YEAR`: not observable before that year
};

// `range LO .. HI step S`: the values robustness and sweep may give a parameter, exact.
struct ParamRange {
  Decimal low, high, step;
  Loc loc;
};

struct Param {
  std::string name;
  Kind kind = Kind::number;
  std::uint64_t value = 0;  // raw word; a symbol's index in Program::symbols
  Loc loc;
  std::optional<ParamRange> range;
};

// What a fact set covers (coverage.kz): relations it did not observe, the attribute that
// dates each fact of a relation, and the date it is seen as of.
struct Unobserved {
  std::uint32_t relation = 0;
  Loc loc;
};

struct Dating {
  std::uint32_t relation = 0;
  std::uint32_t attribute = 0;
  Loc loc;
};

// A warning the program draws (W00xx), kept with it: a fact set read with the program may
// make one moot (kzrules/check.hpp says when).
struct Warning {
  Diagnostic diagnostic;
  // W0005: the relation nothing defines in the program; tuples added from code define it.
  std::optional<std::uint32_t> undefined_relation;
};

struct Program {
  SourceSet sources;
  std::vector<Relation> relations;
  std::unordered_map<std::string, std::uint32_t> relation_ids;
  std::vector<Rule> rules;
  std::vector<std::string> symbols;  // symbol constants of the program, interned first
  std::vector<Stratum> strata;
  std::vector<Hypothesis> hypotheses;
  std::vector<Claim> claims;
  std::vector<Param> params;
  std::vector<Unobserved> unobserved;
  std::vector<Dating> datings;
  std::optional<CalendarDate> as_of;
  Loc as_of_loc;
  std::vector<Warning> warnings;  // in source order
  // `--wrap-integers`: arithmetic on number and unsigned wraps in 64-bit two's complement
  // (as Soufflé's does, at its domain's width) instead of stopping with E0402.
  bool wrap_integers = false;

  bool is_unobserved(std::uint32_t relation) const {
    for (const auto& u : unobserved)
      if (u.relation == relation) return true;
    return false;
  }

  std::optional<std::uint32_t> find_relation(const std::string& name) const {
    auto it = relation_ids.find(name);
    if (it == relation_ids.end()) return std::nullopt;
    return it->second;
  }
};

}  // namespace kz::sem
