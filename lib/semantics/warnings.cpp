// Soufflé's warnings (warnings.hpp). Variables are counted by the scope they belong to,
// as lowering resolves them: a name used inside an aggregate is the enclosing level's
// variable when that level uses it (a grouping key), else the aggregate's own. A clause
// is counted as written, all its heads and `;` alternatives together, so a variable
// shared by two alternatives is not a singleton even though each lowered rule sees it once.
#include "semantics/warnings.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

namespace kz::sem {

namespace {

namespace ast = syntax::ast;
namespace x3 = boost::spirit::x3;

// What a variable that occurs once in a scope means there.
enum class Role : std::uint8_t {
  checked,     // a rule's variables, a holds side's, any aggregate's own: a singleton (W0003)
  reported,    // an exists/none body's or a premise's: a reported instance, once is fine
  conclusion,  // a forall/most/share conclusion's own: "for some value" (W0004)
};

// One level of a body: what happens at it, and where an aggregate opens the next level.
struct LevelVisitor {
  std::function<void(const ast::Identifier&)> on_name;
  std::function<void(const ast::Atom&)> on_atom;          // body atoms, negated or not
  std::function<void(const ast::Aggregate&)> on_aggregate;

  void expression(const ast::Expression& e) const {
    operand(e.first);
    for (const auto& op : e.rest) operand(op.operand);
  }
  void operand(const ast::Operand& o) const {
    if (auto const* id = boost::get<ast::Identifier>(&o)) {
      on_name(*id);
    } else if (auto const* call = boost::get<x3::forward_ast<ast::FunctorCall>>(&o)) {
      // as(x, T): T names a type, not a variable.
      const bool cast = call->get().name.name == "as" && call->get().args.size() == 2;
      for (std::size_t i = 0; i < call->get().args.size(); ++i)
        if (!(cast && i == 1)) expression(call->get().args[i]);
    } else if (auto const* aggregate = boost::get<x3::forward_ast<ast::Aggregate>>(&o)) {
      on_aggregate(aggregate->get());
    } else if (auto const* unary = boost::get<x3::forward_ast<ast::Unary>>(&o)) {
      operand(unary->get().operand);
    } else if (auto const* nested = boost::get<x3::forward_ast<ast::Expression>>(&o)) {
      expression(nested->get());
    }
  }
  void atom(const ast::Atom& a) const {
    on_atom(a);
    for (const auto& e : a.args) expression(e);
  }
  void literal(const ast::Literal& lit) const {
    if (auto const* a = boost::get<ast::Atom>(&lit)) {
      atom(*a);
    } else if (auto const* n = boost::get<ast::Negation>(&lit)) {
      atom(n->atom);
    } else if (auto const* c = boost::get<ast::Comparison>(&lit)) {
      expression(c->lhs);
      expression(c->rhs);
    } else if (auto const* d = boost::get<x3::forward_ast<ast::Disjunction>>(&lit)) {
      disjunction(d->get());
    }
  }
  void disjunction(const ast::Disjunction& d) const {
    for (const auto& conj : d.alternatives)
      for (const auto& lit : conj) literal(lit);
  }
};

using Level = std::function<void(const LevelVisitor&)>;

class WarningFinder {
 public:
  explicit WarningFinder(const Program& program) : program_(program) {
    for (const auto& p : program.params) params_.insert(p.name);
  }

  void read(const ParsedFile& file) {
    file_ = file.file;
    for (const auto& item : file.ast) {
      if (auto const* clause = boost::get<ast::Clause>(&item)) read_clause(*clause);
      else if (auto const* claim = boost::get<ast::Claim>(&item)) read_claim(*claim);
    }
  }

  std::vector<Warning> finish() {
    for (const auto& [relation, first_use] : first_use_)
      if (is_undefined(relation)) warn_undefined(relation, first_use);
    std::stable_sort(warnings_.begin(), warnings_.end(), [](const Placed& a, const Placed& b) {
      return std::make_pair(a.where.file, a.where.offset) < std::make_pair(b.where.file, b.where.offset);
    });
    std::vector<Warning> out;
    for (auto& w : warnings_) out.push_back(std::move(w.warning));
    return out;
  }

 private:
  struct Scope {
    std::optional<std::size_t> parent;
    std::unordered_set<std::string> level_names;
    Role role = Role::checked;
    // An aggregate over several atoms (or aggregates): it ranges over the distinct
    // bindings of its named variables, so naming a variable counts it and `_` does not.
    bool ranges_over_bindings = false;
  };
  struct Variable {
    std::string name;
    Role role = Role::checked;
    Loc first;
    std::size_t count = 0;
    bool in_bindings_aggregate = false;
  };
  struct Placed {
    Loc where;
    Warning warning;
  };

  const Program& program_;
  std::unordered_set<std::string> params_;  // a parameter's name is a constant, not a variable
  std::uint32_t file_ = 0;
  // The clause or claim being read: its scopes, and its variables keyed by (scope, name).
  const char* unit_ = "rule";
  std::vector<Scope> scopes_;
  std::map<std::pair<std::size_t, std::string>, std::size_t> variable_ids_;
  std::vector<Variable> variables_;
  // Every relation some clause defines, and where each used relation is first used.
  std::unordered_set<std::uint32_t> defined_;
  std::map<std::uint32_t, Loc> first_use_;
  std::vector<Placed> warnings_;

  Loc loc(const ast::Located& n) const {
    return Loc{file_, n.offset, std::max<std::uint32_t>(1, n.end > n.offset ? n.end - n.offset : 1)};
  }

  void read_clause(const ast::Clause& c) {
    for (const auto& head : c.heads)
      if (auto relation = program_.find_relation(head.name.name)) defined_.insert(*relation);
    if (!c.body) return;  // a fact: ground, or lowering would have refused it
    unit_ = "rule";
    enter(std::nullopt, Role::checked, [&](const LevelVisitor& v) {
      for (const auto& head : c.heads)
        for (const auto& arg : head.args) v.expression(arg);
      if (c.body) v.disjunction(*c.body);
    });
    finish_unit();
  }

  void read_claim(const ast::Claim& c) {
    unit_ = "claim";
    auto body = [](const ast::Disjunction& d) { return [&d](const LevelVisitor& v) { v.disjunction(d); }; };
    if (auto const* form = boost::get<ast::BodyForm>(&c.form)) {
      enter(std::nullopt, Role::reported, body(form->body));
    } else if (auto const* implication = boost::get<ast::ImplicationForm>(&c.form)) {
      const std::size_t premise = enter(std::nullopt, Role::reported, body(implication->body));
      enter(premise, Role::conclusion, body(implication->conclusion));
    } else if (auto const* share = boost::get<ast::ShareForm>(&c.form)) {
      const std::size_t premise = enter(std::nullopt, Role::reported, body(share->body));
      enter(premise, Role::conclusion, body(share->conclusion));
    } else if (auto const* holds = boost::get<ast::HoldsForm>(&c.form)) {
      enter(std::nullopt, Role::checked, [&](const LevelVisitor& v) {
        v.expression(holds->lhs);
        v.expression(holds->rhs);
      });
    }
    finish_unit();
  }

  // Opens a scope below `parent`: first the names its level uses (so an aggregate inside
  // knows its grouping keys), then each occurrence, atom and aggregate at the level.
  std::size_t enter(std::optional<std::size_t> parent, Role role, const Level& level, bool is_aggregate = false) {
    Scope scope{parent, {}, role};
    std::size_t parts = 0;
    level(LevelVisitor{[&](const ast::Identifier& id) { scope.level_names.insert(id.name); },
                       [&](const ast::Atom&) { ++parts; }, [&](const ast::Aggregate&) { ++parts; }});
    scope.ranges_over_bindings = is_aggregate && parts > 1;
    const std::size_t index = scopes_.size();
    scopes_.push_back(std::move(scope));
    level(LevelVisitor{[&](const ast::Identifier& id) { occurs(id, index); },
                       [&](const ast::Atom& atom) { used(atom); },
                       [&](const ast::Aggregate& aggregate) { enter_aggregate(aggregate, index); }});
    return index;
  }

  void enter_aggregate(const ast::Aggregate& aggregate, std::size_t parent) {
    enter(
        parent, Role::checked,
        [&](const LevelVisitor& v) {
          v.disjunction(aggregate.body);
          if (aggregate.target) v.expression(*aggregate.target);
        },
        true);
  }

  // The scope a name used in `scope` belongs to: the outermost one whose level uses it.
  std::size_t owner(const std::string& name, std::size_t scope) const {
    std::size_t found = scope;
    for (auto s = scopes_[scope].parent; s; s = scopes_[*s].parent)
      if (scopes_[*s].level_names.count(name)) found = *s;
    return found;
  }

  void occurs(const ast::Identifier& id, std::size_t scope) {
    if (params_.count(id.name)) return;
    const std::size_t home = owner(id.name, scope);
    auto [it, inserted] = variable_ids_.try_emplace({home, id.name}, variables_.size());
    if (inserted)
      variables_.push_back(Variable{id.name, scopes_[home].role, loc(id), 0, scopes_[home].ranges_over_bindings});
    ++variables_[it->second].count;
  }

  void used(const ast::Atom& atom) {
    // contains/match are built in unless a relation takes the name (as lowering reads them).
    if (auto relation = program_.find_relation(atom.name.name)) first_use_.try_emplace(*relation, loc(atom.name));
  }

  void finish_unit() {
    for (const auto& v : variables_) {
      if (v.count != 1 || v.name.front() == '_' || v.role == Role::reported) continue;
      if (v.role == Role::checked && v.in_bindings_aggregate)
        warn(v.first, ErrorCode::singleton_variable,
             fmt::format("variable '{}' occurs only once in this {}: write '_{}' if any value will do, not '_': "
                         "an aggregate over several atoms counts each binding of its named variables once, so "
                         "'_' would merge the bindings that differ only here",
                         v.name, unit_, v.name));
      else if (v.role == Role::checked)
        warn(v.first, ErrorCode::singleton_variable,
             fmt::format("variable '{}' occurs only once in this {}: write '_' (or '_{}') if any value will do",
                         v.name, unit_, v.name));
      else
        warn(v.first, ErrorCode::free_conclusion_variable,
             fmt::format("variable '{}' occurs only once in the conclusion and the premise does not bind it, so the "
                         "conclusion reads \"for some {}\": use a premise variable, or write '_' if any value will do",
                         v.name, v.name));
    }
    scopes_.clear();
    variable_ids_.clear();
    variables_.clear();
  }

  bool is_undefined(std::uint32_t relation) const {
    return !defined_.count(relation) && !program_.relations[relation].input && !program_.is_unobserved(relation);
  }

  void warn_undefined(std::uint32_t relation, Loc first_use) {
    const Relation& r = program_.relations[relation];
    Diagnostic d = warning(r.loc, ErrorCode::undefined_relation,
                           fmt::format("relation '{}' is used but has no facts, no rules and no .input: every atom "
                                       "over it fails (say .unobserved {} if nobody collected it)",
                                       r.name, r.name));
    Diagnostic note = make_error(program_.sources.locate(first_use), "first used here");
    note.severity = Severity::note;
    d.notes.push_back(std::move(note));
    warnings_.push_back(Placed{r.loc, Warning{std::move(d), relation}});
  }

  void warn(Loc where, ErrorCode code, std::string message) {
    warnings_.push_back(Placed{where, Warning{warning(where, code, std::move(message)), std::nullopt}});
  }

  Diagnostic warning(Loc where, ErrorCode code, std::string message) const {
    Diagnostic d = make_error(program_.sources.locate(where), code, std::move(message));
    d.severity = Severity::warning;
    return d;
  }
};

}  // namespace

std::vector<Warning> find_warnings(const Program& program, const std::vector<ParsedFile>& files) {
  WarningFinder finder(program);
  for (const auto& file : files) finder.read(file);
  return finder.finish();
}

}  // namespace kz::sem
