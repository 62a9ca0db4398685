// The lowering pass's shared state, private to lib/semantics: one Lowerer walks the parse
// trees of every file and fills a sem::Program (the public entry is lower() in lower.hpp).
// Its jobs live in one file each:
//   lower.cpp               the order of the passes, diagnostics, symbols
//   lower_declarations.cpp  .type, .decl, .param (and --param), .input/.output/.printsize
//   lower_scopes.cpp        variable scopes, and the names a body uses at one level
//   lower_expressions.cpp   expressions, numbers, functor calls, aggregates, constants
//   lower_kinds.cpp         kind inference and checking of a rule's or claim's literals
//   lower_rules.cpp         clauses: disjunctive normal form, literals, one Rule a disjunct
//   lower_claims.cpp        .hypothesis, .claim and a claim's links
//   lower_coverage.cpp      .unobserved, .dated, .as_of, and a .param's range
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kzrules/diagnostic.hpp"
#include "kzrules/errors.hpp"
#include "semantics/ir.hpp"
#include "semantics/lower.hpp"
#include "syntax/ast.hpp"

namespace kz::sem::lowering {

namespace ast = syntax::ast;

// Lowering stops reading items after this many errors.
inline constexpr std::size_t max_errors = 50;
// A body whose ';' multiply out to more conjunctions than this is refused.
inline constexpr std::size_t max_disjuncts = 4096;

std::optional<Cmp> parse_cmp(const std::string& op);
std::optional<AggregateFn> aggregate_named(const std::string& word);
// Whether `e` is one aggregate alone; the variable `e` is alone, if it is one.
bool is_lone_aggregate(const ast::Expression& e);
bool is_lone_wildcard(const ast::Expression& e);
std::optional<std::string> lone_variable(const ast::Expression& e);

// Variables of one scope. Aggregate bodies open a child scope: a name also used at the
// enclosing level is the enclosing variable (a grouping key); any other is local.
struct Scope {
  Slots* slots = nullptr;
  Scope* parent = nullptr;
  std::unordered_map<std::string, std::int32_t> names;
  std::unordered_set<std::string> level_names;
  std::vector<std::int32_t> own;  // slots created here, in order
  // Names that are this scope's own even where an enclosing scope uses them: in
  // `y = min z + y : { a(z), b(y) }` the aggregate's y is not the y it gives (Soufflé).
  std::unordered_set<std::string> local_names;

  bool visible_above(const std::string& name) const;
  // The slot of `name`: the enclosing scope's when it uses the name, else a new one here.
  std::int32_t resolve(const std::string& name, Loc where);
};

// One conjunction of a body in disjunctive normal form.
using Conj = std::vector<const ast::Literal*>;

// The kinds learned so far for the slots of one rule or claim.
struct Typing {
  Slots& slots;
  std::vector<bool> known;
};

class Lowerer {
 public:
  Lowerer(Program& program, const LowerOptions& options, std::vector<Diagnostic>& diagnostics)
      : prog_(program),
        overrides_(options.overrides),
        as_of_override_(options.as_of),
        facts_only_from_(options.facts_only_from),
        diags_(diagnostics) {}

  bool run(const std::vector<ParsedFile>& files);

 private:
  using x3_forward_disjunction = boost::spirit::x3::forward_ast<ast::Disjunction>;

  Program& prog_;
  const ParamOverrides& overrides_;
  const std::optional<std::string>& as_of_override_;
  const std::size_t facts_only_from_;
  std::vector<Diagnostic>& diags_;
  std::size_t errors_ = 0;
  std::uint32_t file_ = 0;

  struct TypeEntry {
    std::string relation;
    std::vector<ast::Identifier> bases;
    Loc loc;
  };
  std::unordered_map<std::string, TypeEntry> type_decls_;
  std::unordered_map<std::string, Kind> types_ = {{"number", Kind::number},
                                                  {"unsigned", Kind::unsigned_number},
                                                  {"float", Kind::float_number},
                                                  {"symbol", Kind::symbol}};
  std::unordered_map<std::string, std::uint32_t> param_ids_;
  std::unordered_map<std::string, std::uint32_t> hypothesis_ids_;
  std::unordered_map<std::string, Loc> claim_locs_;
  std::unordered_map<std::string, std::uint32_t> symbol_ids_;
  std::uint32_t aggregate_counter_ = 0;
  // Set while lowering `y = <aggregate>`: the name the aggregate keeps local (Scope::local_names).
  std::optional<std::string> aggregate_result_name_;
  // While lowering a conjunction: in how many of its literals each name occurs.
  const std::unordered_map<std::string, int>* literal_counts_ = nullptr;
  const Slots* current_slots_ = nullptr;  // the unit being typed, for messages

  // ---- lower.cpp: walking items, diagnostics, symbols ------------------------------------
  template <typename F>
  void for_items(const ParsedFile& f, F&& fn) {
    file_ = f.file;
    for (const auto& item : f.ast) {
      if (errors_ >= max_errors) return;
      boost::apply_visitor([&](const auto& node) { fn(node); }, item);
    }
  }
  Loc loc(const ast::Located& n) const;
  // Adds an error with its catalogue code; the notes go on the returned diagnostic.
  Diagnostic& error(Loc where, ErrorCode code, std::string message);
  void note(Diagnostic& d, Loc where, std::string message);
  void warning(Loc where, ErrorCode code, std::string message);
  std::uint64_t intern(const std::string& s);
  // " (did you mean 'x'?)" among the declared relations / hypotheses / parameters.
  std::string relation_suggestion(const std::string& name) const;
  std::string hypothesis_suggestion(const std::string& name) const;
  std::string param_suggestion(const std::string& name) const;

  // ---- lower_declarations.cpp -------------------------------------------------------------
  // Each declare_* takes every kind of item and ignores all but its own.
  template <typename T>
  void declare_type(const T&) {}
  void declare_type(const ast::TypeDecl& t);
  std::optional<Kind> resolve_type(const std::string& name, std::vector<std::string>& stack);
  void resolve_types();
  template <typename T>
  void declare_relation(const T&) {}
  void declare_relation(const ast::RelationDecl& d);
  void check_range_uses(const Literal& l);
  Expr lower_cast(const ast::FunctorCall& call, Scope& scope, std::vector<Literal>& hoisted);
  Expr lower_ipv4(const ast::NumberLit& n);
  void lower_conjunction(const Conj& conj, Scope& scope, std::vector<Literal>& out);
  void declare_relation(const ast::RelationDecl& d, const ast::Identifier& name);
  template <typename T>
  void declare_param(const T&) {}
  void declare_param(const ast::ParamDecl& p);
  void apply_overrides();
  template <typename T>
  void declare_io(const T&) {}
  void declare_io(const ast::IoDirective& io);

  // ---- lower_scopes.cpp -------------------------------------------------------------------
  // The variable names used at one level (not inside aggregates).
  void collect_names(const ast::Expression& e, std::unordered_set<std::string>& out);
  void collect_names(const ast::Operand& o, std::unordered_set<std::string>& out);
  void collect_names(const ast::Literal& lit, std::unordered_set<std::string>& out);

  // ---- lower_expressions.cpp --------------------------------------------------------------
  Expr lower_expr(const ast::Expression& e, Scope& scope, std::vector<Literal>& hoisted,
                  bool allow_wildcard);
  Expr lower_operand(const ast::Operand& o, Scope& scope, std::vector<Literal>& hoisted,
                     bool allow_wildcard);
  Expr lower_number(const ast::NumberLit& n);
  Expr lower_functor_call(const ast::FunctorCall& call, Scope& scope, std::vector<Literal>& hoisted);
  Expr lower_negation(const ast::Unary& u, Scope& scope, std::vector<Literal>& hoisted);
  Expr lower_aggregate(const ast::Aggregate& a, Scope& scope, std::vector<Literal>& hoisted);
  // Literals with an optional minus, folded (parameters, a share's bound, probabilities).
  std::optional<Expr> fold_constant(const Expr& e);
  // Lowers an expression that must be a constant: nothing is in scope, so a name that is
  // not a parameter is a variable and cannot fold. nullopt when it does not fold.
  std::optional<Expr> lower_constant(const ast::Expression& e);

  // ---- lower_kinds.cpp --------------------------------------------------------------------
  std::optional<Kind> definite(const Expr& e, const Typing& t);
  bool learn(std::int32_t slot, Kind kind, Typing& t);
  bool infer_aggregate(AggregateSpec& spec, Typing& t);
  bool infer_equality(const Literal& l, Typing& t);
  // One round of inference over `lits`; true when it learned a kind.
  bool infer_pass(std::vector<Literal>& lits, Typing& t);
  void clash(const Expr& e, Kind have, Kind want, const std::string& context);
  std::string describe(const Expr& e) const;
  // Checks `e` against the kind `want`, fixing the kind of integer literals.
  void resolve(Expr& e, Kind want, Typing& t, const std::string& context);
  void resolve_constant(Expr& e, Kind want, const std::string& context);
  void resolve_functor(Expr& e, const FunctorInfo& info, Kind want, Typing& t, const std::string& context);
  void check_aggregate(AggregateSpec& spec, Typing& t);
  void check_literals(std::vector<Literal>& lits, Typing& t);
  void type_unit(std::vector<Literal>& lits, Slots& slots, std::vector<Expr>* head,
                 const Relation* head_rel);

  // ---- lower_rules.cpp --------------------------------------------------------------------
  std::vector<Conj> to_dnf(const ast::Disjunction& d, Loc where);
  std::optional<std::uint32_t> relation_for(const ast::Atom& atom);
  bool is_builtin_predicate(const ast::Atom& atom) const;
  void lower_literal(const ast::Literal& lit, Scope& scope, std::vector<Literal>& out);
  Literal lower_builtin(const ast::Atom& a, Scope& scope, std::vector<Literal>& hoisted, bool negated);
  template <typename T>
  void lower_clause(const T&) {}
  void lower_clause(const ast::Unsupported& u);
  void lower_clause(const ast::Clause& c);
  void lower_rule(const ast::Atom& head, std::uint32_t rel, const Conj& conj, Loc clause_loc);

  // ---- lower_coverage.cpp -----------------------------------------------------------------
  std::optional<std::uint32_t> declared_relation(const ast::Identifier& name);
  template <typename T>
  void declare_coverage(const T&) {}
  void declare_coverage(const ast::Unobserved& u);
  void declare_coverage(const ast::Dated& d);
  void declare_coverage(const ast::AsOf& a);
  void apply_as_of_override();
  // A fact set's file holds facts and coverage lines only: a rule, a declaration or a
  // claim there would change the argument for that fact set alone.
  void check_fact_set_files(const std::vector<ParsedFile>& files);
  template <typename T>
  void check_fact_set_item(const T& item);
  // A fact of a dated relation: its date checked, and false when it is dated after the
  // date the program is seen as of (the fact is then left out).
  bool fact_is_seen(const Rule& fact);
  std::optional<ParamRange> lower_param_range(const ast::ParamRange& r, Kind kind);

  // ---- lower_claims.cpp -------------------------------------------------------------------
  template <typename T>
  void declare_hypothesis(const T&) {}
  void declare_hypothesis(const ast::Hypothesis& h);
  template <typename T>
  void lower_claim(const T&) {}
  void lower_claim(const ast::Claim& c);
  bool claim_name_is_new(const ast::Claim& c);
  void lower_claim_form(const ast::ClaimForm& form, Claim& claim, Scope& body_scope);
  std::vector<std::vector<Literal>> lower_body(const ast::Disjunction& d, Scope& scope);
  std::vector<std::vector<Literal>> lower_conclusion(const ast::Disjunction& d, Claim& claim,
                                                     Scope& body_scope);
  void lower_share_bound(const ast::Expression& bound, Claim& claim);
  void collect_reported(Claim& claim, const Scope& body_scope);
  void type_claim(Claim& claim);
  void lower_link(const ast::Link& l, Claim& claim);
  bool set_link_direction(const ast::Link& l, Link& link);
  bool set_link_hypothesis(const ast::Link& l, const Claim& claim, Link& link);
  bool set_link_test(const ast::Link& l, Link& link);
  bool set_link_probabilities(const ast::Probability& p, Link& link);
  void set_link_reason(const ast::Link& l, Link& link);
  bool set_observable_from(const ast::ObservableFrom& from, Claim& claim);
};

}  // namespace kz::sem::lowering
