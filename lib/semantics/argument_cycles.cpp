#include "semantics/argument_cycles.hpp"

#include <algorithm>
#include <string>

namespace kz::sem {

namespace {

bool all_bound(const Expr& e, const std::vector<bool>& bound) {
  if (e.op == ExprOp::variable) return bound[static_cast<std::size_t>(e.slot)];
  return std::all_of(e.args.begin(), e.args.end(), [&](const Expr& a) { return all_bound(a, bound); });
}

bool is_plain(const Expr& e) {
  return e.op == ExprOp::variable || e.op == ExprOp::wildcard || e.op == ExprOp::constant;
}

// The bound variables with those the atom's own plain arguments bind: what its
// expression arguments may use (choose(2 * n, n, c) computes 2 * n from the row).
std::vector<bool> with_own(const Literal& atom, std::vector<bool> bound) {
  for (const auto& a : atom.args)
    if (a.op == ExprOp::variable) bound[static_cast<std::size_t>(a.slot)] = true;
  return bound;
}

// Marks what the body can bind, in any order, as the planner would find it; returns
// which literals can run.
std::vector<bool> simulate(const Rule& rule, std::vector<bool>& bound) {
  std::vector<bool> done(rule.body.size(), false);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < rule.body.size(); ++i) {
      if (done[i]) continue;
      const Literal& l = rule.body[i];
      bool ready = false;
      switch (l.type) {
        case Literal::Type::atom: {
          const std::vector<bool> usable = with_own(l, bound);
          ready = std::all_of(l.args.begin(), l.args.end(),
                              [&](const Expr& a) { return is_plain(a) || all_bound(a, usable); });
          if (ready)
            for (const auto& a : l.args)
              if (a.op == ExprOp::variable) bound[static_cast<std::size_t>(a.slot)] = true;
          break;
        }
        case Literal::Type::compare:
          if (l.cmp == Cmp::eq && l.lhs.op == ExprOp::variable && all_bound(l.rhs, bound)) {
            bound[static_cast<std::size_t>(l.lhs.slot)] = true;
            ready = true;
          } else if (l.cmp == Cmp::eq && l.rhs.op == ExprOp::variable && all_bound(l.lhs, bound)) {
            bound[static_cast<std::size_t>(l.rhs.slot)] = true;
            ready = true;
          } else {
            ready = all_bound(l.lhs, bound) && all_bound(l.rhs, bound);
          }
          break;
        case Literal::Type::aggregate:
          ready = l.aggregate && std::all_of(l.aggregate->outer_slots.begin(), l.aggregate->outer_slots.end(),
                                             [&](std::int32_t s) { return bound[static_cast<std::size_t>(s)]; });
          if (ready) bound[static_cast<std::size_t>(l.aggregate->result_slot)] = true;
          break;
        default:
          ready = true;  // filters bind nothing; whether they can run is the planner's to say
          break;
      }
      if (ready) done[i] = changed = true;
    }
  }
  return done;
}

void untie(Rule& rule) {
  std::vector<bool> bound(rule.slots.size(), false);
  const std::vector<bool> done = simulate(rule, bound);
  std::vector<Literal> checks;
  for (std::size_t i = 0; i < rule.body.size(); ++i) {
    Literal& l = rule.body[i];
    if (done[i] || l.type != Literal::Type::atom) continue;
    const std::vector<bool> usable = with_own(l, bound);
    for (std::size_t a = 0; a < l.args.size(); ++a) {
      Expr& arg = l.args[a];
      if (is_plain(arg) || all_bound(arg, usable)) continue;
      Expr own;
      own.op = ExprOp::variable;
      own.kind = arg.kind;
      own.loc = arg.loc;
      own.slot = rule.slots.add("<argument " + std::to_string(a + 1) + ">", arg.loc);
      rule.slots.kinds.back() = arg.kind;
      Literal equal;
      equal.type = Literal::Type::compare;
      equal.cmp = Cmp::eq;
      equal.loc = arg.loc;
      equal.lhs = own;
      equal.rhs = std::move(arg);
      arg = own;
      checks.push_back(std::move(equal));
    }
  }
  for (auto& c : checks) rule.body.push_back(std::move(c));
}

}  // namespace

void untie_argument_cycles(Program& program) {
  for (auto& rule : program.rules) {
    std::vector<bool> bound(rule.slots.size(), false);
    const std::vector<bool> done = simulate(rule, bound);
    const bool stuck = std::any_of(rule.body.begin(), rule.body.end(), [&](const Literal& l) {
      return l.type == Literal::Type::atom && !done[static_cast<std::size_t>(&l - rule.body.data())];
    });
    if (stuck) untie(rule);
  }
}

}  // namespace kz::sem
