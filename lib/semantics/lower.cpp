// Lowering: parse tree -> checked IR. Resolves types, relations, variables (with
// aggregate scoping as in Soufflé), functors and constants; infers and checks kinds;
// puts rule and claim bodies in disjunctive normal form.
#include "semantics/lower.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/words.hpp"
#include "core/source.hpp"

namespace kz::sem {

namespace ast = syntax::ast;

const char* cmp_text(Cmp cmp) noexcept {
  switch (cmp) {
    case Cmp::eq: return "=";
    case Cmp::ne: return "!=";
    case Cmp::lt: return "<";
    case Cmp::le: return "<=";
    case Cmp::gt: return ">";
    case Cmp::ge: return ">=";
  }
  return "?";
}

const char* aggregate_name(AggregateFn fn) noexcept {
  static const char* names[] = {"count", "sum", "min", "max", "mean", "median", "mode", "stddev"};
  return names[static_cast<int>(fn)];
}

const char* test_name(TestType test) noexcept {
  static const char* names[] = {"straw", "hoop", "smoking_gun", "doubly_decisive"};
  return names[static_cast<int>(test)];
}

const char* claim_form_name(ClaimForm form) noexcept {
  static const char* names[] = {"exists", "none", "forall", "most", "share", "holds"};
  return names[static_cast<int>(form)];
}

std::string describe_kind(Kind kind) { return kind_name(kind); }

namespace {

constexpr std::size_t max_errors = 50;
constexpr std::size_t max_disjuncts = 4096;

std::optional<Cmp> parse_cmp(const std::string& op) {
  if (op == "=") return Cmp::eq;
  if (op == "!=") return Cmp::ne;
  if (op == "<") return Cmp::lt;
  if (op == "<=") return Cmp::le;
  if (op == ">") return Cmp::gt;
  if (op == ">=") return Cmp::ge;
  return std::nullopt;
}

std::uint64_t float_bits(double d) { return float_to_word(d); }

double bits_float(std::uint64_t w) { return word_to_float(w); }

bool is_aggregate_word(const std::string& s) {
  static const std::unordered_set<std::string> words = {"count", "sum", "min", "max",
                                                        "mean", "median", "mode", "stddev"};
  return words.count(s) > 0;
}

struct FunctorSig {
  ExprOp op;
  int arity;
  // Kinds of arguments; nullopt = "numeric, same as the result"; result nullopt = same as want.
  std::vector<std::optional<Kind>> args;
  std::optional<Kind> result;
};

const std::unordered_map<std::string, FunctorSig>& functors() {
  static const std::unordered_map<std::string, FunctorSig> table = {
      {"cat", {ExprOp::cat, -1, {Kind::symbol}, Kind::symbol}},
      {"strlen", {ExprOp::strlen, 1, {Kind::symbol}, Kind::number}},
      {"substr", {ExprOp::substr, 3, {Kind::symbol, Kind::number, Kind::number}, Kind::symbol}},
      {"to_number", {ExprOp::to_number, 1, {std::nullopt}, Kind::number}},
      {"to_string", {ExprOp::to_string, 1, {std::nullopt}, Kind::symbol}},
      {"to_float", {ExprOp::to_float, 1, {std::nullopt}, Kind::float_number}},
      {"to_unsigned", {ExprOp::to_unsigned, 1, {std::nullopt}, Kind::unsigned_number}},
      {"ord", {ExprOp::ord, 1, {Kind::symbol}, Kind::number}},
      {"lower", {ExprOp::lower, 1, {Kind::symbol}, Kind::symbol}},
      {"upper", {ExprOp::upper, 1, {Kind::symbol}, Kind::symbol}},
      {"min", {ExprOp::min, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"max", {ExprOp::max, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"abs", {ExprOp::abs, 1, {std::nullopt}, std::nullopt}},
      {"band", {ExprOp::band, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bor", {ExprOp::bor, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bxor", {ExprOp::bxor, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bshl", {ExprOp::bshl, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bshr", {ExprOp::bshr, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"bnot", {ExprOp::bnot, 1, {std::nullopt}, std::nullopt}},
      {"land", {ExprOp::land, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"lor", {ExprOp::lor, 2, {std::nullopt, std::nullopt}, std::nullopt}},
      {"lnot", {ExprOp::lnot, 1, {std::nullopt}, std::nullopt}},
      {"year", {ExprOp::year, 1, {Kind::symbol}, Kind::number}},
      {"date_months", {ExprOp::date_months, 1, {Kind::symbol}, Kind::number}},
      {"date_days", {ExprOp::date_days, 1, {Kind::symbol}, Kind::number}},
      {"years_between", {ExprOp::years_between, 2, {Kind::symbol, Kind::symbol}, Kind::float_number}},
      {"days_between", {ExprOp::days_between, 2, {Kind::symbol, Kind::symbol}, Kind::number}},
  };
  return table;
}

bool is_numeric(Kind k) { return k != Kind::symbol; }

// Variables of one scope. Aggregate bodies open a child scope: a name also used at the
// enclosing level is the enclosing variable (a grouping key); any other is local.
struct Scope {
  Slots* slots = nullptr;
  Scope* parent = nullptr;
  std::unordered_map<std::string, std::int32_t> names;
  std::unordered_set<std::string> level_names;
  std::vector<std::int32_t> own;  // slots created here, in order

  bool visible_above(const std::string& name) const {
    for (const Scope* s = parent; s; s = s->parent)
      if (s->level_names.count(name) || s->names.count(name)) return true;
    return false;
  }
  std::int32_t resolve(const std::string& name, Loc loc) {
    if (auto it = names.find(name); it != names.end()) return it->second;
    if (parent && visible_above(name)) {
      std::int32_t s = parent->resolve(name, loc);
      names[name] = s;
      return s;
    }
    std::int32_t s = slots->add(name, loc);
    names[name] = s;
    own.push_back(s);
    return s;
  }
};

using Conj = std::vector<const ast::Literal*>;

class Lowerer {
 public:
  Lowerer(Program& program, const ParamOverrides& overrides, std::vector<Diagnostic>& diagnostics)
      : prog_(program), overrides_(overrides), diags_(diagnostics) {}

  bool run(const std::vector<ParsedFile>& files) {
    // Declarations first, across all files: a rule may use a relation declared later.
    for (const auto& f : files) for_items(f, [&](const auto& item) { declare_type(item); });
    resolve_types();
    for (const auto& f : files) for_items(f, [&](const auto& item) { declare_relation(item); });
    for (const auto& f : files) for_items(f, [&](const auto& item) { declare_param(item); });
    apply_overrides();
    for (const auto& f : files) for_items(f, [&](const auto& item) { declare_io(item); });
    for (const auto& f : files) for_items(f, [&](const auto& item) { declare_hypothesis(item); });
    for (const auto& f : files) for_items(f, [&](const auto& item) { lower_clause(item); });
    for (const auto& f : files) for_items(f, [&](const auto& item) { lower_claim(item); });
    return errors_ == 0;
  }

 private:
  Program& prog_;
  const ParamOverrides& overrides_;
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

  template <typename F>
  void for_items(const ParsedFile& f, F&& fn) {
    file_ = f.file;
    for (const auto& item : f.ast) {
      if (errors_ >= max_errors) return;
      boost::apply_visitor([&](const auto& node) { fn(node); }, item);
    }
  }

  Loc loc(const ast::Located& n) const {
    return Loc{file_, n.offset, std::max<std::uint32_t>(1, n.end > n.offset ? n.end - n.offset : 1)};
  }

  Diagnostic& error(Loc where, std::string message) {
    ++errors_;
    diags_.push_back(make_error(prog_.sources.locate(where), std::move(message)));
    return diags_.back();
  }
  void note(Diagnostic& d, Loc where, std::string message) {
    Diagnostic n = make_error(prog_.sources.locate(where), std::move(message));
    n.severity = Severity::note;
    d.notes.push_back(std::move(n));
  }
  void warning(Loc where, std::string message) {
    Diagnostic d = make_error(prog_.sources.locate(where), std::move(message));
    d.severity = Severity::warning;
    diags_.push_back(std::move(d));
  }

  std::uint64_t intern(const std::string& s) {
    auto [it, inserted] = symbol_ids_.try_emplace(s, static_cast<std::uint32_t>(prog_.symbols.size()));
    if (inserted) prog_.symbols.push_back(s);
    return it->second;
  }

  // ---- types ---------------------------------------------------------------------------
  template <typename T>
  void declare_type(const T&) {}
  void declare_type(const ast::TypeDecl& t) {
    const std::string& name = t.name.name;
    if (types_.count(name) || type_decls_.count(name)) {
      auto& d = error(loc(t.name), fmt::format("type '{}' is declared twice", name));
      if (auto it = type_decls_.find(name); it != type_decls_.end())
        note(d, it->second.loc, "first declared here");
      return;
    }
    type_decls_[name] = TypeEntry{t.relation, t.bases, loc(t.name)};
  }

  std::optional<Kind> resolve_type(const std::string& name, std::vector<std::string>& stack) {
    if (auto it = types_.find(name); it != types_.end()) return it->second;
    auto it = type_decls_.find(name);
    if (it == type_decls_.end()) return std::nullopt;
    if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
      error(it->second.loc, fmt::format("type '{}' is defined in terms of itself", name));
      types_[name] = Kind::symbol;
      return Kind::symbol;
    }
    stack.push_back(name);
    std::optional<Kind> kind;
    for (const auto& base : it->second.bases) {
      auto k = resolve_type(base.name, stack);
      if (!k) {
        error(loc(base), fmt::format("unknown type '{}'", base.name));
        k = Kind::symbol;
      }
      if (kind && *kind != *k) {
        error(loc(base), fmt::format("union type '{}' mixes {} and {}", name,
                                     kind_name(*kind), kind_name(*k)));
      }
      kind = k;
    }
    stack.pop_back();
    types_[name] = kind.value_or(Kind::symbol);
    return types_[name];
  }

  void resolve_types() {
    for (const auto& [name, entry] : type_decls_) {
      std::vector<std::string> stack;
      resolve_type(name, stack);
    }
  }

  // ---- relations -----------------------------------------------------------------------
  template <typename T>
  void declare_relation(const T&) {}
  void declare_relation(const ast::RelationDecl& d) {
    const std::string& name = d.name.name;
    if (auto existing = prog_.find_relation(name)) {
      auto& e = error(loc(d.name), fmt::format("relation '{}' is declared twice", name));
      note(e, prog_.relations[*existing].loc, "first declared here");
      return;
    }
    Relation r;
    r.name = name;
    r.loc = loc(d.name);
    std::unordered_set<std::string> seen;
    for (const auto& a : d.attributes) {
      if (is_aggregate_word(a.name.name))
        error(loc(a.name), fmt::format("attribute '{}' is named like an aggregate", a.name.name));
      if (!seen.insert(a.name.name).second)
        error(loc(a.name), fmt::format("attribute '{}' appears twice in '{}'", a.name.name, name));
      auto it = types_.find(a.type.name);
      if (it == types_.end()) {
        error(loc(a.type), fmt::format("unknown type '{}' (expected number, unsigned, float, "
                                       "symbol or a .type name)", a.type.name));
        continue;
      }
      r.attributes.push_back(Attribute{a.name.name, it->second, a.type.name});
    }
    for (const auto& q : d.qualifiers) {
      if (q.name == "input") r.input = IoSpec{{}, loc(q)};
      if (q.name == "output") r.outputs.push_back(IoSpec{{}, loc(q)});
      if (q.name == "printsize") r.printsize = true;
      if (q.name == "eqrel")
        error(loc(q), "'eqrel' relations are not supported; write the equivalence rules out");
    }
    prog_.relation_ids[name] = static_cast<std::uint32_t>(prog_.relations.size());
    prog_.relations.push_back(std::move(r));
  }

  // ---- params --------------------------------------------------------------------------
  template <typename T>
  void declare_param(const T&) {}
  void declare_param(const ast::ParamDecl& p) {
    const std::string& name = p.name.name;
    if (param_ids_.count(name)) {
      auto& e = error(loc(p.name), fmt::format("parameter '{}' is declared twice", name));
      note(e, prog_.params[param_ids_[name]].loc, "first declared here");
      return;
    }
    Scope scope;
    Slots slots;
    scope.slots = &slots;
    std::vector<Literal> hoisted;
    Expr e = lower_expr(p.value, scope, hoisted, false);
    auto value = fold_constant(e);
    if (!value || !hoisted.empty() || slots.size() > 0) {
      error(loc(p.value), "a parameter's value must be a constant: a number, a float or a string");
      return;
    }
    Param param{name, value->kind, value->value, loc(p.name)};
    param_ids_[name] = static_cast<std::uint32_t>(prog_.params.size());
    prog_.params.push_back(param);
  }

  // Constant folding for params and probabilities: literals with an optional minus.
  std::optional<Expr> fold_constant(const Expr& e) {
    if (e.op == ExprOp::constant) return e;
    if (e.op == ExprOp::neg && e.args.size() == 1 && e.args[0].op == ExprOp::constant) {
      Expr c = e.args[0];
      if (c.kind == Kind::float_number) c.value = float_bits(-bits_float(c.value));
      else if (c.kind == Kind::number) c.value = static_cast<std::uint64_t>(-static_cast<std::int64_t>(c.value));
      else return std::nullopt;
      return c;
    }
    return std::nullopt;
  }

  void apply_overrides() {
    for (const auto& [name, text] : overrides_) {
      auto it = param_ids_.find(name);
      if (it == param_ids_.end()) {
        Diagnostic d;
        d.message = fmt::format("--param {}: no parameter '{}' is declared with .param", name, name);
        diags_.push_back(d);
        ++errors_;
        continue;
      }
      Param& p = prog_.params[it->second];
      bool ok = true;
      switch (p.kind) {
        case Kind::symbol: p.value = intern(text); break;
        case Kind::float_number: {
          char* end = nullptr;
          double d = std::strtod(text.c_str(), &end);
          ok = !text.empty() && end && *end == '\0';
          p.value = float_bits(d);
          break;
        }
        case Kind::number: {
          std::int64_t v = 0;
          auto r = std::from_chars(text.data(), text.data() + text.size(), v);
          ok = r.ec == std::errc() && r.ptr == text.data() + text.size();
          if (!ok) {  // allow 2.5 for an integer parameter only when it is whole
            char* end = nullptr;
            double d = std::strtod(text.c_str(), &end);
            if (!text.empty() && end && *end == '\0' && d == std::floor(d)) {
              v = static_cast<std::int64_t>(d);
              ok = true;
            }
          }
          p.value = static_cast<std::uint64_t>(v);
          break;
        }
        case Kind::unsigned_number: {
          std::uint64_t v = 0;
          auto r = std::from_chars(text.data(), text.data() + text.size(), v);
          ok = r.ec == std::errc() && r.ptr == text.data() + text.size();
          p.value = v;
          break;
        }
      }
      if (!ok) {
        Diagnostic d;
        d.message = fmt::format("--param {}={}: not a {} (the parameter's kind)", name, text,
                                kind_name(p.kind));
        diags_.push_back(d);
        ++errors_;
      }
    }
  }

  // ---- IO --------------------------------------------------------------------------------
  template <typename T>
  void declare_io(const T&) {}
  void declare_io(const ast::IoDirective& io) {
    IoSpec spec;
    spec.loc = loc(io);
    static const std::unordered_set<std::string> known = {
        "IO", "filename", "delimiter", "headers", "rfc4180", "attributeNames", "compress"};
    for (const auto& p : io.params) {
      if (!known.count(p.key.name))
        warning(loc(p.key), fmt::format("unknown IO parameter '{}' is ignored", p.key.name));
      spec.params[p.key.name] = p.value;
    }
    const std::string kind = spec.get("IO", "file");
    if (kind != "file" && kind != "stdout") {
      error(loc(io), fmt::format("IO={} is not supported (use IO=file or IO=stdout)", kind));
      return;
    }
    if (io.directive == "input" && kind == "stdout") {
      error(loc(io), "IO=stdout cannot be used with .input");
      return;
    }
    const std::string delimiter = spec.get("delimiter", "\t");
    if (delimiter.size() != 1 && !(delimiter == "\\t")) {
      error(loc(io), fmt::format("delimiter must be a single character, not \"{}\"", delimiter));
      return;
    }
    for (const auto& name : io.relations) {
      auto id = prog_.find_relation(name.name);
      if (!id) {
        error(loc(name), fmt::format("unknown relation '{}' (declare it with .decl)", name.name));
        continue;
      }
      Relation& r = prog_.relations[*id];
      if (io.directive == "input") r.input = spec;
      else if (io.directive == "output") r.outputs.push_back(spec);
      else r.printsize = true;
    }
  }

  // ---- hypotheses ------------------------------------------------------------------------
  template <typename T>
  void declare_hypothesis(const T&) {}
  void declare_hypothesis(const ast::Hypothesis& h) {
    if (auto it = hypothesis_ids_.find(h.name.name); it != hypothesis_ids_.end()) {
      auto& e = error(loc(h.name), fmt::format("hypothesis '{}' is declared twice", h.name.name));
      note(e, prog_.hypotheses[it->second].loc, "first declared here");
      return;
    }
    hypothesis_ids_[h.name.name] = static_cast<std::uint32_t>(prog_.hypotheses.size());
    prog_.hypotheses.push_back(
        Hypothesis{h.name.name, h.text.value, h.source ? h.source->value : std::string(), loc(h.name)});
  }

  // ---- DNF -------------------------------------------------------------------------------
  std::vector<Conj> to_dnf(const ast::Disjunction& d, Loc where) {
    std::vector<Conj> out;
    for (const auto& conj : d.alternatives) {
      std::vector<Conj> acc{Conj{}};
      for (const auto& lit : conj) {
        if (auto const* nested = boost::get<x3_forward_disjunction>(&lit)) {
          std::vector<Conj> inner = to_dnf(nested->get(), where);
          std::vector<Conj> next;
          for (const auto& a : acc)
            for (const auto& b : inner) {
              Conj c = a;
              c.insert(c.end(), b.begin(), b.end());
              next.push_back(std::move(c));
            }
          acc = std::move(next);
        } else {
          for (auto& a : acc) a.push_back(&lit);
        }
        if (acc.size() > max_disjuncts) {
          error(where, fmt::format("the body has more than {} alternatives once its ';' are "
                                   "multiplied out; define helper relations",
                                   max_disjuncts));
          return {};
        }
      }
      out.insert(out.end(), acc.begin(), acc.end());
    }
    return out;
  }
  using x3_forward_disjunction = boost::spirit::x3::forward_ast<ast::Disjunction>;

  // ---- names used at one level (not inside aggregates) -------------------------------------
  void collect_names(const ast::Expression& e, std::unordered_set<std::string>& out) {
    collect_names(e.first, out);
    for (const auto& op : e.rest) collect_names(op.operand, out);
  }
  void collect_names(const ast::Operand& o, std::unordered_set<std::string>& out) {
    struct V {
      Lowerer& self;
      std::unordered_set<std::string>& out;
      void operator()(const ast::NumberLit&) const {}
      void operator()(const ast::StringLit&) const {}
      void operator()(const ast::Wildcard&) const {}
      void operator()(const ast::Identifier& id) const { out.insert(id.name); }
      void operator()(const boost::spirit::x3::forward_ast<ast::FunctorCall>& f) const {
        for (const auto& a : f.get().args) self.collect_names(a, out);
      }
      void operator()(const boost::spirit::x3::forward_ast<ast::Aggregate>&) const {}
      void operator()(const boost::spirit::x3::forward_ast<ast::Unary>& u) const {
        self.collect_names(u.get().operand, out);
      }
      void operator()(const boost::spirit::x3::forward_ast<ast::Expression>& e) const {
        self.collect_names(e.get(), out);
      }
    };
    boost::apply_visitor(V{*this, out}, o);
  }
  void collect_names(const ast::Literal& lit, std::unordered_set<std::string>& out) {
    if (auto const* a = boost::get<ast::Atom>(&lit)) {
      for (const auto& e : a->args) collect_names(e, out);
    } else if (auto const* n = boost::get<ast::Negation>(&lit)) {
      for (const auto& e : n->atom.args) collect_names(e, out);
    } else if (auto const* c = boost::get<ast::Comparison>(&lit)) {
      collect_names(c->lhs, out);
      collect_names(c->rhs, out);
    } else if (auto const* d = boost::get<x3_forward_disjunction>(&lit)) {
      for (const auto& conj : d->get().alternatives)
        for (const auto& l : conj) collect_names(l, out);
    }
  }

  // ---- expressions -----------------------------------------------------------------------
  Expr make_var(std::int32_t slot, Loc l) {
    Expr e;
    e.op = ExprOp::variable;
    e.slot = slot;
    e.loc = l;
    return e;
  }

  Expr lower_expr(const ast::Expression& e, Scope& scope, std::vector<Literal>& hoisted,
                  bool allow_wildcard) {
    std::vector<Expr> operands;
    operands.push_back(lower_operand(e.first, scope, hoisted, allow_wildcard && e.rest.empty()));
    for (const auto& op : e.rest) operands.push_back(lower_operand(op.operand, scope, hoisted, false));
    if (e.rest.empty()) return std::move(operands[0]);
    auto op_of = [](char c) {
      switch (c) {
        case '+': return ExprOp::add;
        case '-': return ExprOp::sub;
        case '*': return ExprOp::mul;
        case '/': return ExprOp::div;
        case '%': return ExprOp::mod;
        default: return ExprOp::pow;
      }
    };
    Loc whole = loc(e);
    if (e.rest.front().op == '^') {  // right associative
      Expr acc = std::move(operands.back());
      for (std::size_t i = operands.size() - 1; i-- > 0;) {
        Expr node;
        node.op = ExprOp::pow;
        node.loc = whole;
        node.args.push_back(std::move(operands[i]));
        node.args.push_back(std::move(acc));
        acc = std::move(node);
      }
      return acc;
    }
    Expr acc = std::move(operands[0]);
    for (std::size_t i = 0; i < e.rest.size(); ++i) {
      Expr node;
      node.op = op_of(e.rest[i].op);
      node.loc = whole;
      node.args.push_back(std::move(acc));
      node.args.push_back(std::move(operands[i + 1]));
      acc = std::move(node);
    }
    return acc;
  }

  Expr lower_number(const ast::NumberLit& n) {
    Expr e;
    e.op = ExprOp::constant;
    e.loc = loc(n);
    std::string text = n.text;
    bool is_unsigned = !text.empty() && text.back() == 'u';
    if (is_unsigned) text.pop_back();
    bool is_float = text.find_first_of(".eE") != std::string::npos &&
                    !(text.size() > 1 && text[0] == '0' && (text[1] == 'x' || text[1] == 'b'));
    if (is_float) {
      e.kind = Kind::float_number;
      e.value = float_bits(std::strtod(text.c_str(), nullptr));
      return e;
    }
    std::uint64_t v = 0;
    int base = 10;
    std::size_t skip = 0;
    if (text.size() > 2 && text[0] == '0' && text[1] == 'x') base = 16, skip = 2;
    if (text.size() > 2 && text[0] == '0' && text[1] == 'b') base = 2, skip = 2;
    auto r = std::from_chars(text.data() + skip, text.data() + text.size(), v, base);
    if (r.ec != std::errc() || (base == 10 && !is_unsigned && v > static_cast<std::uint64_t>(INT64_MAX))) {
      error(e.loc, fmt::format("integer literal {} does not fit in 64 bits", n.text));
      v = 0;
    }
    e.value = v;
    e.kind = is_unsigned ? Kind::unsigned_number : Kind::number;
    e.int_literal = !is_unsigned;
    return e;
  }

  Expr lower_operand(const ast::Operand& o, Scope& scope, std::vector<Literal>& hoisted,
                     bool allow_wildcard) {
    namespace x3 = boost::spirit::x3;
    if (auto const* n = boost::get<ast::NumberLit>(&o)) return lower_number(*n);
    if (auto const* s = boost::get<ast::StringLit>(&o)) {
      Expr e;
      e.op = ExprOp::constant;
      e.kind = Kind::symbol;
      e.value = intern(s->value);
      e.loc = loc(*s);
      return e;
    }
    if (auto const* w = boost::get<ast::Wildcard>(&o)) {
      Expr e;
      e.op = ExprOp::wildcard;
      e.loc = loc(*w);
      if (!allow_wildcard) error(e.loc, "'_' can only stand for a whole argument of an atom");
      return e;
    }
    if (auto const* id = boost::get<ast::Identifier>(&o)) {
      if (auto it = param_ids_.find(id->name); it != param_ids_.end()) {
        const Param& p = prog_.params[it->second];
        Expr e;
        e.op = ExprOp::constant;
        e.kind = p.kind;
        e.value = p.value;
        e.loc = loc(*id);
        return e;
      }
      return make_var(scope.resolve(id->name, loc(*id)), loc(*id));
    }
    if (auto const* f = boost::get<x3::forward_ast<ast::FunctorCall>>(&o)) {
      const ast::FunctorCall& call = f->get();
      Expr e;
      e.loc = loc(call);
      auto it = functors().find(call.name.name);
      if (it == functors().end()) {
        error(loc(call.name), fmt::format("unknown functor '{}'", call.name.name));
        return e;
      }
      const FunctorSig& sig = it->second;
      if (sig.arity >= 0 && static_cast<std::size_t>(sig.arity) != call.args.size()) {
        error(loc(call.name), fmt::format("'{}' takes {} argument{}, not {}", call.name.name,
                                          sig.arity, sig.arity == 1 ? "" : "s", call.args.size()));
        return e;
      }
      if (sig.arity < 0 && call.args.empty()) {
        error(loc(call.name), fmt::format("'{}' needs at least one argument", call.name.name));
        return e;
      }
      e.op = sig.op;
      for (const auto& a : call.args) e.args.push_back(lower_expr(a, scope, hoisted, false));
      return e;
    }
    if (auto const* a = boost::get<x3::forward_ast<ast::Aggregate>>(&o)) {
      return lower_aggregate(a->get(), scope, hoisted);
    }
    if (auto const* u = boost::get<x3::forward_ast<ast::Unary>>(&o)) {
      Expr inner = lower_operand(u->get().operand, scope, hoisted, false);
      if (inner.op == ExprOp::constant && inner.kind != Kind::symbol) {
        if (auto folded = fold_constant([&] {
              Expr n;
              n.op = ExprOp::neg;
              n.args.push_back(inner);
              return n;
            }())) {
          folded->loc = loc(u->get());
          folded->int_literal = inner.int_literal;
          return *folded;
        }
      }
      Expr e;
      e.op = ExprOp::neg;
      e.loc = loc(u->get());
      e.args.push_back(std::move(inner));
      return e;
    }
    auto const& nested = boost::get<x3::forward_ast<ast::Expression>>(o);
    return lower_expr(nested.get(), scope, hoisted, allow_wildcard);
  }

  Expr lower_aggregate(const ast::Aggregate& a, Scope& scope, std::vector<Literal>& hoisted) {
    static const std::unordered_map<std::string, AggregateFn> fns = {
        {"count", AggregateFn::count}, {"sum", AggregateFn::sum},       {"min", AggregateFn::min},
        {"max", AggregateFn::max},     {"mean", AggregateFn::mean},     {"median", AggregateFn::median},
        {"mode", AggregateFn::mode},   {"stddev", AggregateFn::stddev}};
    auto spec = std::make_shared<AggregateSpec>();
    spec->fn = fns.at(a.function.name);
    spec->loc = loc(a);
    std::vector<Conj> dnf = to_dnf(a.body, loc(a));
    if (dnf.size() > 1)
      error(loc(a), "an aggregate body cannot contain ';' (define a relation for the alternatives)");
    if (spec->fn == AggregateFn::count && a.target)
      error(loc(*a.target), "count takes no target expression: 'count : { ... }'");
    if (spec->fn != AggregateFn::count && !a.target)
      error(loc(a.function), fmt::format("{} needs a target: '{} x : {{ ... }}'", a.function.name,
                                         a.function.name));
    Scope inner;
    inner.slots = scope.slots;
    inner.parent = &scope;
    if (!dnf.empty())
      for (const auto* lit : dnf.front()) collect_names(*lit, inner.level_names);
    if (a.target) collect_names(*a.target, inner.level_names);
    std::vector<Literal> inner_hoisted;
    if (!dnf.empty())
      for (const auto* lit : dnf.front()) lower_literal(*lit, inner, spec->body);
    if (a.target) spec->target = lower_expr(*a.target, inner, inner_hoisted, false);
    for (auto& h : inner_hoisted) spec->body.push_back(std::move(h));
    // Grouping keys: variables the body shares with the enclosing scope.
    for (const auto& [name, slot] : inner.names)
      if (std::find(inner.own.begin(), inner.own.end(), slot) == inner.own.end())
        spec->outer_slots.push_back(slot);
    std::sort(spec->outer_slots.begin(), spec->outer_slots.end());
    spec->result_slot =
        scope.slots->add(fmt::format("<{}#{}>", a.function.name, ++aggregate_counter_), loc(a));
    Literal lit;
    lit.type = Literal::Type::aggregate;
    lit.aggregate = spec;
    lit.loc = loc(a);
    hoisted.push_back(std::move(lit));
    return make_var(spec->result_slot, loc(a));
  }

  // ---- literals --------------------------------------------------------------------------
  std::optional<std::uint32_t> relation_for(const ast::Atom& atom) {
    auto id = prog_.find_relation(atom.name.name);
    if (!id) {
      error(loc(atom.name), fmt::format("unknown relation '{}' (declare it with .decl)", atom.name.name));
      return std::nullopt;
    }
    const Relation& r = prog_.relations[*id];
    if (r.arity() != atom.args.size()) {
      auto& e = error(loc(atom), fmt::format("'{}' has {} attribute{} but is used with {} argument{}",
                                             r.name, r.arity(), r.arity() == 1 ? "" : "s",
                                             atom.args.size(), atom.args.size() == 1 ? "" : "s"));
      note(e, r.loc, "declared here");
      return std::nullopt;
    }
    return id;
  }

  bool is_builtin_predicate(const ast::Atom& atom) const {
    return (atom.name.name == "contains" || atom.name.name == "match") &&
           !prog_.find_relation(atom.name.name);
  }

  void lower_literal(const ast::Literal& lit, Scope& scope, std::vector<Literal>& out) {
    std::vector<Literal> hoisted;
    Literal l;
    if (auto const* a = boost::get<ast::Atom>(&lit)) {
      if (is_builtin_predicate(*a)) {
        l = lower_builtin(*a, scope, hoisted, false);
      } else {
        auto id = relation_for(*a);
        if (!id) return;
        l.type = Literal::Type::atom;
        l.relation = *id;
        l.loc = loc(*a);
        for (const auto& arg : a->args) l.args.push_back(lower_expr(arg, scope, hoisted, true));
      }
    } else if (auto const* n = boost::get<ast::Negation>(&lit)) {
      if (is_builtin_predicate(n->atom)) {
        l = lower_builtin(n->atom, scope, hoisted, true);
      } else {
        auto id = relation_for(n->atom);
        if (!id) return;
        l.type = Literal::Type::negation;
        l.relation = *id;
        l.loc = loc(*n);
        for (const auto& arg : n->atom.args) l.args.push_back(lower_expr(arg, scope, hoisted, true));
      }
    } else if (auto const* c = boost::get<ast::Comparison>(&lit)) {
      l.type = Literal::Type::compare;
      l.cmp = *parse_cmp(c->op);
      l.loc = loc(*c);
      l.lhs = lower_expr(c->lhs, scope, hoisted, false);
      l.rhs = lower_expr(c->rhs, scope, hoisted, false);
    } else {
      return;  // nested disjunctions were multiplied out by to_dnf
    }
    for (auto& h : hoisted) out.push_back(std::move(h));
    out.push_back(std::move(l));
  }

  Literal lower_builtin(const ast::Atom& a, Scope& scope, std::vector<Literal>& hoisted, bool negated) {
    Literal l;
    l.type = a.name.name == "contains" ? Literal::Type::contains : Literal::Type::match;
    l.negated = negated;
    l.loc = loc(a);
    if (a.args.size() != 2) {
      error(loc(a.name), fmt::format("'{}' takes 2 arguments, not {}", a.name.name, a.args.size()));
      return l;
    }
    l.lhs = lower_expr(a.args[0], scope, hoisted, false);
    l.rhs = lower_expr(a.args[1], scope, hoisted, false);
    return l;
  }

  // ---- kinds -------------------------------------------------------------------------------
  struct Typing {
    Slots& slots;
    std::vector<bool> known;
  };

  std::optional<Kind> definite(const Expr& e, const Typing& t) {
    switch (e.op) {
      case ExprOp::variable:
        return t.known[static_cast<std::size_t>(e.slot)] ? std::optional<Kind>(t.slots.kinds[static_cast<std::size_t>(e.slot)])
                                                         : std::nullopt;
      case ExprOp::constant:
        return e.int_literal ? std::nullopt : std::optional<Kind>(e.kind);
      case ExprOp::wildcard: return std::nullopt;
      default: break;
    }
    for (const auto& [name, sig] : functors())
      if (sig.op == e.op) {
        if (sig.result) return sig.result;
        break;
      }
    for (const auto& a : e.args)
      if (auto k = definite(a, t)) return k;
    return std::nullopt;
  }

  bool learn(std::int32_t slot, Kind kind, Typing& t) {
    auto s = static_cast<std::size_t>(slot);
    if (t.known[s]) return false;
    t.known[s] = true;
    t.slots.kinds[s] = kind;
    return true;
  }

  bool infer_pass(std::vector<Literal>& lits, Typing& t) {
    bool changed = false;
    for (auto& l : lits) {
      switch (l.type) {
        case Literal::Type::atom:
        case Literal::Type::negation: {
          const Relation& r = prog_.relations[l.relation];
          for (std::size_t i = 0; i < l.args.size() && i < r.arity(); ++i)
            if (l.args[i].op == ExprOp::variable) changed |= learn(l.args[i].slot, r.attributes[i].kind, t);
          break;
        }
        case Literal::Type::aggregate: {
          auto& spec = *l.aggregate;
          changed |= infer_pass(spec.body, t);
          std::optional<Kind> in = spec.target ? definite(*spec.target, t) : std::optional<Kind>(Kind::number);
          if (spec.target && !in && spec.target->int_literal) in = Kind::number;
          if (!in) break;
          spec.input_kind = *in;
          switch (spec.fn) {
            case AggregateFn::count: spec.result_kind = Kind::number; break;
            case AggregateFn::mean:
            case AggregateFn::median:
            case AggregateFn::stddev: spec.result_kind = Kind::float_number; break;
            default: spec.result_kind = *in; break;
          }
          changed |= learn(spec.result_slot, spec.result_kind, t);
          break;
        }
        case Literal::Type::compare:
          if (l.cmp == Cmp::eq) {
            if (l.lhs.op == ExprOp::variable)
              if (auto k = definite(l.rhs, t)) changed |= learn(l.lhs.slot, *k, t);
            if (l.rhs.op == ExprOp::variable)
              if (auto k = definite(l.lhs, t)) changed |= learn(l.rhs.slot, *k, t);
            if (l.lhs.op == ExprOp::variable && l.rhs.int_literal) changed |= learn(l.lhs.slot, Kind::number, t);
            if (l.rhs.op == ExprOp::variable && l.lhs.int_literal) changed |= learn(l.rhs.slot, Kind::number, t);
          }
          break;
        case Literal::Type::contains:
        case Literal::Type::match:
          if (l.lhs.op == ExprOp::variable) changed |= learn(l.lhs.slot, Kind::symbol, t);
          if (l.rhs.op == ExprOp::variable) changed |= learn(l.rhs.slot, Kind::symbol, t);
          break;
      }
    }
    return changed;
  }

  void clash(const Expr& e, Kind have, Kind want, const std::string& context) {
    error(e.loc, fmt::format("type clash: {} is a {}, but {} needs a {}",
                             describe(e), kind_name(have), context, kind_name(want)));
  }

  const Slots* current_slots_ = nullptr;
  std::string describe(const Expr& e) const {
    if (e.op == ExprOp::variable && current_slots_) {
      const std::string& n = current_slots_->names[static_cast<std::size_t>(e.slot)];
      if (!n.empty() && n[0] == '<') return "the aggregate";
      return "'" + n + "'";
    }
    if (e.op == ExprOp::constant) {
      if (e.kind == Kind::symbol) return "\"" + prog_.symbols[e.value] + "\"";
      return "this constant";
    }
    return "this expression";
  }

  // Checks `e` against the kind `want`, fixing the kind of integer literals.
  void resolve(Expr& e, Kind want, Typing& t, const std::string& context) {
    switch (e.op) {
      case ExprOp::wildcard: return;
      case ExprOp::variable: {
        auto s = static_cast<std::size_t>(e.slot);
        if (!t.known[s]) {
          learn(e.slot, want, t);
        } else if (t.slots.kinds[s] != want) {
          clash(e, t.slots.kinds[s], want, context);
        }
        e.kind = t.slots.kinds[s];
        return;
      }
      case ExprOp::constant:
        if (e.int_literal) {
          auto v = static_cast<std::int64_t>(e.value);
          if (want == Kind::symbol) {
            clash(e, Kind::number, want, context);
          } else if (want == Kind::float_number) {
            e.value = float_bits(static_cast<double>(v));
          } else if (want == Kind::unsigned_number && v < 0) {
            error(e.loc, "a negative number cannot be unsigned");
          }
          e.kind = want;
          e.int_literal = false;
        } else if (e.kind != want) {
          clash(e, e.kind, want, context);
        }
        return;
      default: break;
    }
    const FunctorSig* sig = nullptr;
    for (const auto& [name, s] : functors())
      if (s.op == e.op) sig = &s;
    if (sig) {
      Kind result = sig->result.value_or(want);
      if (result != want) clash(e, result, want, context);
      e.kind = result;
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        std::optional<Kind> ak = sig->args.empty() ? std::nullopt : sig->args[std::min(i, sig->args.size() - 1)];
        Kind arg_kind;
        if (ak) {
          arg_kind = *ak;
        } else if (sig->result) {  // to_number, to_string, ...: takes any kind
          arg_kind = definite(e.args[i], t).value_or(Kind::number);
        } else {
          arg_kind = want;
        }
        resolve(e.args[i], arg_kind, t, fmt::format("an argument of this functor"));
      }
      if (!sig->result && want == Kind::symbol) clash(e, Kind::number, want, context);
      if ((e.op == ExprOp::band || e.op == ExprOp::bor || e.op == ExprOp::bxor ||
           e.op == ExprOp::bshl || e.op == ExprOp::bshr || e.op == ExprOp::bnot) &&
          want == Kind::float_number)
        error(e.loc, "bitwise functors take integers, not floats");
      return;
    }
    // Arithmetic: all operands share the result kind.
    if (want == Kind::symbol) {
      error(e.loc, fmt::format("type clash: arithmetic gives a number, but {} needs a symbol "
                               "(use cat() to join symbols)", context));
      return;
    }
    e.kind = want;
    for (auto& a : e.args) resolve(a, want, t, "the other operand");
  }

  void check_literals(std::vector<Literal>& lits, Typing& t) {
    for (auto& l : lits) {
      switch (l.type) {
        case Literal::Type::atom:
        case Literal::Type::negation: {
          const Relation& r = prog_.relations[l.relation];
          for (std::size_t i = 0; i < l.args.size(); ++i)
            resolve(l.args[i], r.attributes[i].kind, t,
                    fmt::format("attribute '{}' of '{}'", r.attributes[i].name, r.name));
          break;
        }
        case Literal::Type::compare: {
          Kind k = definite(l.lhs, t).value_or(definite(l.rhs, t).value_or(Kind::number));
          resolve(l.lhs, k, t, "the comparison");
          resolve(l.rhs, k, t, "the comparison");
          break;
        }
        case Literal::Type::contains:
        case Literal::Type::match:
          resolve(l.lhs, Kind::symbol, t, l.type == Literal::Type::match ? "match" : "contains");
          resolve(l.rhs, Kind::symbol, t, l.type == Literal::Type::match ? "match" : "contains");
          break;
        case Literal::Type::aggregate: {
          auto& spec = *l.aggregate;
          check_literals(spec.body, t);
          if (spec.target) {
            Kind k = definite(*spec.target, t).value_or(Kind::number);
            resolve(*spec.target, k, t, "the aggregate's target");
            spec.input_kind = k;
            if (k == Kind::symbol && spec.fn != AggregateFn::count && spec.fn != AggregateFn::min &&
                spec.fn != AggregateFn::max && spec.fn != AggregateFn::mode)
              error(spec.target->loc, fmt::format("{} cannot range over symbols", aggregate_name(spec.fn)));
          }
          break;
        }
      }
    }
  }

  void type_unit(std::vector<Literal>& lits, Slots& slots, std::vector<Expr>* head,
                 const Relation* head_rel) {
    Typing t{slots, std::vector<bool>(slots.size(), false)};
    current_slots_ = &slots;
    while (infer_pass(lits, t)) {
    }
    // What the body leaves open (x = 10 % 4), the head's attribute kinds decide.
    if (head && head_rel) {
      for (std::size_t i = 0; i < head->size() && i < head_rel->arity(); ++i)
        if ((*head)[i].op == ExprOp::variable) learn((*head)[i].slot, head_rel->attributes[i].kind, t);
      while (infer_pass(lits, t)) {
      }
    }
    check_literals(lits, t);
    if (head && head_rel) {
      for (std::size_t i = 0; i < head->size(); ++i) {
        Expr& e = (*head)[i];
        if (e.op == ExprOp::wildcard) {
          error(e.loc, "'_' cannot stand in a rule's head");
          continue;
        }
        resolve(e, head_rel->attributes[i].kind, t,
                fmt::format("attribute '{}' of '{}'", head_rel->attributes[i].name, head_rel->name));
      }
    }
  }

  // ---- clauses -----------------------------------------------------------------------------
  template <typename T>
  void lower_clause(const T&) {}
  void lower_clause(const ast::Unsupported& u) {
    error(loc(u), fmt::format("'{}' is not supported by kzrules", u.directive));
  }
  void lower_clause(const ast::Clause& c) {
    std::vector<Conj> dnf = c.body ? to_dnf(*c.body, loc(c)) : std::vector<Conj>{Conj{}};
    for (const auto& head : c.heads) {
      if (is_builtin_predicate(head)) {
        error(loc(head.name), fmt::format("'{}' is a built-in predicate and cannot be a head", head.name.name));
        continue;
      }
      auto rel = relation_for(head);
      if (!rel) continue;
      for (const auto& conj : dnf) lower_rule(head, *rel, conj, loc(c));
    }
  }

  void lower_rule(const ast::Atom& head, std::uint32_t rel, const Conj& conj, Loc clause_loc) {
    Rule r;
    r.id = static_cast<std::uint32_t>(prog_.rules.size());
    r.head = rel;
    r.loc = clause_loc;
    Scope scope;
    scope.slots = &r.slots;
    for (const auto& a : head.args) collect_names(a, scope.level_names);
    for (const auto* lit : conj) collect_names(*lit, scope.level_names);
    std::vector<Literal> hoisted;
    for (const auto& a : head.args) r.head_args.push_back(lower_expr(a, scope, hoisted, true));
    for (const auto* lit : conj) lower_literal(*lit, scope, r.body);
    for (auto& h : hoisted) r.body.push_back(std::move(h));
    std::size_t before = errors_;
    type_unit(r.body, r.slots, &r.head_args, &prog_.relations[rel]);
    if (errors_ == before) prog_.rules.push_back(std::move(r));
  }

  // ---- claims --------------------------------------------------------------------------------
  template <typename T>
  void lower_claim(const T&) {}
  void lower_claim(const ast::Claim& c) {
    namespace x3 = boost::spirit::x3;
    if (auto it = claim_locs_.find(c.name.name); it != claim_locs_.end()) {
      auto& e = error(loc(c.name), fmt::format("claim '{}' is declared twice", c.name.name));
      note(e, it->second, "first declared here");
      return;
    }
    claim_locs_[c.name.name] = loc(c.name);
    std::size_t before = errors_;
    Claim claim;
    claim.name = c.name.name;
    claim.text = c.text.value;
    claim.loc = loc(c.name);
    Scope body_scope;
    body_scope.slots = &claim.slots;

    auto lower_body = [&](const ast::Disjunction& d, Scope& scope) {
      std::vector<std::vector<Literal>> out;
      auto dnf = to_dnf(d, loc(d));
      for (const auto& conj : dnf)
        for (const auto* lit : conj) collect_names(*lit, scope.level_names);
      for (const auto& conj : dnf) {
        std::vector<Literal> lits;
        for (const auto* lit : conj) lower_literal(*lit, scope, lits);
        out.push_back(std::move(lits));
      }
      return out;
    };

    if (auto const* f = boost::get<ast::BodyForm>(&c.form)) {
      claim.form = f->keyword == "exists" ? ClaimForm::exists : ClaimForm::none;
      claim.body = lower_body(f->body, body_scope);
    } else if (auto const* f = boost::get<ast::ImplicationForm>(&c.form)) {
      claim.form = f->keyword == "forall" ? ClaimForm::forall : ClaimForm::most;
      claim.body = lower_body(f->body, body_scope);
      Scope conclusion_scope;
      conclusion_scope.slots = &claim.slots;
      conclusion_scope.parent = &body_scope;
      claim.conclusion = lower_body(f->conclusion, conclusion_scope);
    } else if (auto const* f = boost::get<ast::ShareForm>(&c.form)) {
      claim.form = ClaimForm::share;
      claim.body = lower_body(f->body, body_scope);
      Scope conclusion_scope;
      conclusion_scope.slots = &claim.slots;
      conclusion_scope.parent = &body_scope;
      claim.conclusion = lower_body(f->conclusion, conclusion_scope);
      claim.cmp = *parse_cmp(f->op);
      Scope none;
      Slots no_slots;
      none.slots = &no_slots;
      std::vector<Literal> hoisted;
      Expr bound = lower_expr(f->bound, none, hoisted, false);
      auto folded = fold_constant(bound);
      if (!folded || folded->kind == Kind::symbol || !hoisted.empty()) {
        error(loc(f->bound), "a share's bound must be a number, such as 0.75");
      } else {
        claim.bound = *folded;
        if (claim.bound.kind != Kind::float_number) {
          double d = claim.bound.kind == Kind::unsigned_number ? static_cast<double>(claim.bound.value)
                                                               : static_cast<double>(static_cast<std::int64_t>(claim.bound.value));
          claim.bound.value = float_bits(d);
          claim.bound.kind = Kind::float_number;
          claim.bound.int_literal = false;
        }
      }
    } else if (auto const* f = boost::get<ast::HoldsForm>(&c.form)) {
      claim.form = ClaimForm::holds;
      claim.cmp = *parse_cmp(f->op);
      claim.lhs = lower_expr(f->lhs, body_scope, claim.holds_aggregates, false);
      claim.rhs = lower_expr(f->rhs, body_scope, claim.holds_aggregates, false);
    }

    // The reported variables: B's own named variables, in order of first appearance.
    for (std::int32_t s : body_scope.own) {
      const std::string& n = claim.slots.names[static_cast<std::size_t>(s)];
      if (!n.empty() && n[0] != '<') claim.reported.push_back(s);
    }
    std::sort(claim.reported.begin(), claim.reported.end());

    // Kinds: type all bodies together (they share slots).
    std::vector<Literal> all;
    auto gather = [&](std::vector<std::vector<Literal>>& dnf) {
      for (auto& conj : dnf)
        for (auto& l : conj) all.push_back(l);
    };
    gather(claim.body);
    gather(claim.conclusion);
    for (auto& l : claim.holds_aggregates) all.push_back(l);
    {
      Typing t{claim.slots, std::vector<bool>(claim.slots.size(), false)};
      current_slots_ = &claim.slots;
      while (infer_pass(all, t)) {
      }
      auto retype = [&](std::vector<std::vector<Literal>>& dnf) {
        for (auto& conj : dnf) {
          while (infer_pass(conj, t)) {
          }
          check_literals(conj, t);
        }
      };
      retype(claim.body);
      retype(claim.conclusion);
      while (infer_pass(claim.holds_aggregates, t)) {
      }
      check_literals(claim.holds_aggregates, t);
      if (claim.form == ClaimForm::holds) {
        // Each side keeps its own kind; the comparison is numeric across kinds.
        for (Expr* side : {&claim.lhs, &claim.rhs}) {
          Kind k = definite(*side, t).value_or(Kind::number);
          resolve(*side, k, t, "this side of the comparison");
        }
        bool lsym = claim.lhs.kind == Kind::symbol, rsym = claim.rhs.kind == Kind::symbol;
        if (lsym != rsym) error(claim.loc, "holds compares a symbol with a number");
      }
    }

    for (const auto& link : c.links) lower_link(link, claim);
    if (errors_ == before) prog_.claims.push_back(std::move(claim));
  }

  void lower_link(const ast::Link& l, Claim& claim) {
    Link link;
    link.loc = loc(l);
    if (l.direction.name == "supports") {
      link.supports = true;
    } else if (l.direction.name == "opposes") {
      link.supports = false;
    } else {
      error(loc(l.direction), fmt::format("expected 'supports' or 'opposes', not '{}'", l.direction.name));
      return;
    }
    auto h = hypothesis_ids_.find(l.hypothesis.name);
    if (h == hypothesis_ids_.end()) {
      error(loc(l.hypothesis), fmt::format("unknown hypothesis '{}' (declare it with .hypothesis)",
                                           l.hypothesis.name));
      return;
    }
    link.hypothesis = h->second;
    for (const auto& other : claim.links)
      if (other.hypothesis == link.hypothesis) {
        auto& e = error(loc(l.hypothesis), fmt::format("claim '{}' links hypothesis '{}' twice",
                                                       claim.name, l.hypothesis.name));
        note(e, other.loc, "first linked here");
        return;
      }
    static const std::unordered_map<std::string, TestType> tests = {
        {"straw", TestType::straw}, {"straw_in_the_wind", TestType::straw}, {"hoop", TestType::hoop},
        {"smoking_gun", TestType::smoking_gun}, {"doubly_decisive", TestType::doubly_decisive}};
    auto t = tests.find(l.test.name);
    if (t == tests.end()) {
      error(loc(l.test), fmt::format("unknown test type '{}' (expected straw, hoop, smoking_gun or "
                                     "doubly_decisive)", l.test.name));
      return;
    }
    link.test = t->second;
    static const double defaults[4][2] = {{0.6, 0.4}, {0.95, 0.6}, {0.4, 0.05}, {0.95, 0.05}};
    link.p_h = defaults[static_cast<int>(link.test)][0];
    link.p_not_h = defaults[static_cast<int>(link.test)][1];
    if (l.probability) {
      Scope none;
      Slots no_slots;
      none.slots = &no_slots;
      std::vector<Literal> hoisted;
      double values[2] = {0, 0};
      const ast::Expression* exprs[2] = {&l.probability->p_h, &l.probability->p_not_h};
      for (int i = 0; i < 2; ++i) {
        Expr e = lower_expr(*exprs[i], none, hoisted, false);
        auto folded = fold_constant(e);
        double v = -1;
        if (folded && folded->kind == Kind::float_number) v = bits_float(folded->value);
        else if (folded && folded->kind != Kind::symbol) v = static_cast<double>(static_cast<std::int64_t>(folded->value));
        if (!(v > 0.0 && v < 1.0)) {
          error(loc(*exprs[i]), "a probability must lie strictly between 0 and 1");
          return;
        }
        values[i] = v;
      }
      link.p_h = values[0];
      link.p_not_h = values[1];
      link.explicit_probability = true;
      const bool bad_hoop = (link.test == TestType::hoop || link.test == TestType::doubly_decisive) && link.p_h < 0.9;
      const bool bad_gun = (link.test == TestType::smoking_gun || link.test == TestType::doubly_decisive) && link.p_not_h > 0.1;
      if (bad_hoop || bad_gun)
        warning(loc(*l.probability),
                fmt::format("({}, {}) contradicts the label {}: {}", link.p_h, link.p_not_h,
                            test_name(link.test),
                            bad_hoop ? "a hoop test needs p_H >= 0.9" : "a smoking gun needs p_notH <= 0.1"));
    }
    claim.links.push_back(link);
  }
};

}  // namespace

bool lower(Program& program, const std::vector<ParsedFile>& files, const ParamOverrides& overrides,
           std::vector<Diagnostic>& diagnostics) {
  Lowerer lowerer(program, overrides, diagnostics);
  return lowerer.run(files);
}

}  // namespace kz::sem
