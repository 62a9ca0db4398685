// Variables: which slot a name stands for in its scope, and the names a body uses at one
// level. A body's names are collected before it is lowered, so an aggregate inside it
// knows which of its own names belong to the enclosing body (its grouping keys).
#include "semantics/lowerer.hpp"

namespace kz::sem::lowering {

bool Scope::visible_above(const std::string& name) const {
  for (const Scope* s = parent; s; s = s->parent)
    if (s->level_names.count(name) || s->names.count(name)) return true;
  return false;
}

std::int32_t Scope::resolve(const std::string& name, Loc where) {
  if (auto it = names.find(name); it != names.end()) return it->second;
  if (parent && !local_names.count(name) && visible_above(name)) {
    std::int32_t s = parent->resolve(name, where);
    names[name] = s;
    return s;
  }
  std::int32_t s = slots->add(name, where);
  names[name] = s;
  own.push_back(s);
  return s;
}

void Lowerer::collect_names(const ast::Expression& e, std::unordered_set<std::string>& out) {
  collect_names(e.first, out);
  for (const auto& op : e.rest) collect_names(op.operand, out);
}

void Lowerer::collect_names(const ast::Operand& o, std::unordered_set<std::string>& out) {
  struct V {
    Lowerer& self;
    std::unordered_set<std::string>& out;
    void operator()(const ast::NumberLit&) const {}
    void operator()(const ast::StringLit&) const {}
    void operator()(const ast::Wildcard&) const {}
    void operator()(const ast::Identifier& id) const { out.insert(id.name); }
    void operator()(const boost::spirit::x3::forward_ast<ast::FunctorCall>& f) const {
      const bool cast = f.get().name.name == "as" && f.get().args.size() == 2;  // as(x, T): T is a type
      for (std::size_t i = 0; i < f.get().args.size(); ++i)
        if (!(cast && i == 1)) self.collect_names(f.get().args[i], out);
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

void Lowerer::collect_names(const ast::Literal& lit, std::unordered_set<std::string>& out) {
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

}  // namespace kz::sem::lowering
