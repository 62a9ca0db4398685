// De Morgan's laws on the parse tree (syntax/negate.hpp).
#include "syntax/negate.hpp"

#include <utility>

namespace kz::syntax {

namespace x3 = boost::spirit::x3;

namespace {

std::string flipped(const std::string& op) {
  if (op == "=") return "!=";
  if (op == "!=") return "=";
  if (op == "<") return ">=";
  if (op == ">=") return "<";
  if (op == ">") return "<=";
  return ">";  // "<="
}

ast::Disjunction negated_conjunction(const ast::Conjunction& conjunction, const ast::Located& where);

ast::Literal negated_literal(const ast::Literal& literal) {
  if (auto const* atom = boost::get<ast::Atom>(&literal)) {
    ast::Negation negation;
    static_cast<ast::Located&>(negation) = *atom;
    negation.atom = *atom;
    ast::Literal out;
    out = std::move(negation);
    return out;
  }
  ast::Literal out;
  if (auto const* negation = boost::get<ast::Negation>(&literal)) {
    out = negation->atom;
    return out;
  }
  if (auto const* comparison = boost::get<ast::Comparison>(&literal)) {
    ast::Comparison opposite = *comparison;
    opposite.op = flipped(comparison->op);
    out = std::move(opposite);
    return out;
  }
  const auto& nested = boost::get<x3::forward_ast<ast::Disjunction>>(literal).get();
  return ast::Literal(x3::forward_ast<ast::Disjunction>(negated(nested)));
}

ast::Disjunction negated_conjunction(const ast::Conjunction& conjunction, const ast::Located& where) {
  ast::Disjunction any;
  static_cast<ast::Located&>(any) = where;
  for (const auto& literal : conjunction) any.alternatives.push_back({negated_literal(literal)});
  return any;
}

}  // namespace

ast::Disjunction negated(const ast::Disjunction& body) {
  if (body.alternatives.size() == 1) return negated_conjunction(body.alternatives.front(), body);
  ast::Disjunction all;
  static_cast<ast::Located&>(all) = body;
  ast::Conjunction each;
  for (const auto& alternative : body.alternatives)
    each.push_back(ast::Literal(x3::forward_ast<ast::Disjunction>(negated_conjunction(alternative, body))));
  all.alternatives.push_back(std::move(each));
  return all;
}

}  // namespace kz::syntax
