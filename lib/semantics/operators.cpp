// Operator chains to expression trees (semantics/operators.hpp).
#include "semantics/operators.hpp"

#include <utility>

namespace kz::sem {

namespace {

Expr node(ExprOp op, Expr lhs, Expr rhs, Loc whole) {
  Expr n;
  n.op = op;
  n.loc = whole;
  n.args.push_back(std::move(lhs));
  n.args.push_back(std::move(rhs));
  return n;
}

Expr functor_node(Functor functor, std::vector<Expr> args, Loc whole) {
  Expr n;
  n.op = ExprOp::functor;
  n.functor = functor;
  n.loc = whole;
  n.args = std::move(args);
  return n;
}

bool is_word(char op) { return op != '+' && op != '-' && op != '*' && op != '/' && op != '%' && op != '^'; }

int precedence(char word) {
  switch (word) {
    case 'O': return 1;  // lor
    case 'X': return 2;  // lxor
    case 'A': return 3;  // land
    case '|': return 4;  // bor
    case 'x': return 5;  // bxor
    case '&': return 6;  // band
    default: return 7;   // bshl, bshr, bshru
  }
}

Functor word_functor(char word) {
  switch (word) {
    case 'O': return Functor::lor;
    case 'X': return Functor::lxor;
    case 'A': return Functor::land;
    case '|': return Functor::bor;
    case 'x': return Functor::bxor;
    case '&': return Functor::band;
    case 'l': return Functor::bshl;
    case 'r': return Functor::bshr;
    default: return Functor::bshru;
  }
}

ExprOp arithmetic_op(char op) {
  switch (op) {
    case '+': return ExprOp::add;
    case '-': return ExprOp::sub;
    case '*': return ExprOp::mul;
    case '/': return ExprOp::div;
    case '%': return ExprOp::mod;
    default: return ExprOp::pow;
  }
}

// Precedence climbing from operands[at]: the operators of at least `lowest` precedence
// bind first, the same precedence to the left.
Expr climb(std::vector<Expr>& operands, const std::vector<char>& words, std::size_t& at, int lowest, Loc whole) {
  Expr lhs = std::move(operands[at]);
  while (at < words.size() && precedence(words[at]) >= lowest) {
    const char word = words[at++];
    Expr rhs = climb(operands, words, at, precedence(word) + 1, whole);
    std::vector<Expr> args;
    args.push_back(std::move(lhs));
    args.push_back(std::move(rhs));
    lhs = functor_node(word_functor(word), std::move(args), whole);
  }
  return lhs;
}

}  // namespace

Expr combine_operators(std::vector<Expr> operands, const std::vector<char>& operators, Loc whole) {
  if (operators.empty()) return std::move(operands.front());
  if (is_word(operators.front())) {
    std::size_t at = 0;
    return climb(operands, operators, at, 0, whole);
  }
  if (operators.front() == '^') {  // right associative
    Expr acc = std::move(operands.back());
    for (std::size_t i = operands.size() - 1; i-- > 0;) acc = node(ExprOp::pow, std::move(operands[i]), std::move(acc), whole);
    return acc;
  }
  Expr acc = std::move(operands[0]);
  for (std::size_t i = 0; i < operators.size(); ++i)
    acc = node(arithmetic_op(operators[i]), std::move(acc), std::move(operands[i + 1]), whole);
  return acc;
}

Expr prefix_word(char op, Expr operand, Loc where) {
  std::vector<Expr> args;
  args.push_back(std::move(operand));
  return functor_node(op == '~' ? Functor::bnot : Functor::lnot, std::move(args), where);
}

}  // namespace kz::sem
