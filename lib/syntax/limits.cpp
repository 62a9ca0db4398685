#include "syntax/limits.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace kz::syntax {

namespace {

namespace x3 = boost::spirit::x3;

constexpr std::uint64_t saturated = std::numeric_limits<std::uint64_t>::max();

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r;
  return __builtin_add_overflow(a, b, &r) ? saturated : r;
}

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  std::uint64_t r;
  return __builtin_mul_overflow(a, b, &r) ? saturated : r;
}

// A body once its `;` are multiplied out (saturating at 2^64 - 1).
struct Size {
  std::uint64_t alternatives = 1;
  std::uint64_t total = 0;    // literals in all alternatives together
  std::uint64_t longest = 0;  // literals in the longest alternative
};

class Walker {
 public:
  std::optional<SyntaxError> error;

  void item(const ast::Item& item) {
    if (auto const* c = boost::get<ast::Clause>(&item)) {
      for (const auto& h : c->heads) atom(h);  // each head is a rule of its own
      if (c->body) check(*c, body(*c->body));
    } else if (auto const* p = boost::get<ast::ParamDecl>(&item)) {
      depth_aggregates(p->value);
      if (p->range) {
        depth_aggregates(p->range->low);
        depth_aggregates(p->range->high);
        depth_aggregates(p->range->step);
      }
    } else if (auto const* claim = boost::get<ast::Claim>(&item)) {
      claim_form(*claim);
      for (const auto& link : claim->links)
        if (link.probability) {
          depth_aggregates(link.probability->p_h);
          depth_aggregates(link.probability->p_not_h);
        }
    }
  }

 private:
  // Literals of aggregates met while walking expressions, for the literal that holds them.
  std::uint64_t aggregate_literals_ = 0;

  void fail(const ast::Located& where, ErrorCode code, std::string message) {
    if (!error) error = SyntaxError{where.offset, std::move(message), code};
  }

  void check(const ast::Located& where, const Size& size) {
    if (size.longest > max_body_literals)
      fail(where, ErrorCode::body_too_large, "this body has " + std::to_string(size.longest) + " literals (at most " +
                      std::to_string(max_body_literals) + "); split it into helper relations");
    else if (size.total > max_expanded_literals)
      fail(where, ErrorCode::body_too_large, "the body has more than " + std::to_string(max_expanded_literals) +
                      " literals in all its alternatives once its ';' are multiplied out; define helper "
                      "relations for the alternatives");
  }

  // One literal, plus the literals of the aggregates in its expressions.
  static Size literal_size(std::uint64_t aggregate_literals) {
    Size s;
    s.total = s.longest = add(1, aggregate_literals);
    return s;
  }

  // acc, next: every alternative of acc with every alternative of next.
  static void conjoin(Size& acc, const Size& next) {
    Size out;
    out.alternatives = mul(acc.alternatives, next.alternatives);
    out.total = add(mul(acc.total, next.alternatives), mul(next.total, acc.alternatives));
    out.longest = add(acc.longest, next.longest);
    acc = out;
  }

  Size body(const ast::Disjunction& d) {
    Size out;
    out.alternatives = 0;
    for (const auto& conjunction : d.alternatives) {
      Size c;
      for (const auto& literal : conjunction) conjoin(c, literal_of(literal));
      out.alternatives = add(out.alternatives, c.alternatives);
      out.total = add(out.total, c.total);
      out.longest = std::max(out.longest, c.longest);
    }
    if (out.alternatives == 0) out.alternatives = 1;
    return out;
  }

  Size literal_of(const ast::Literal& literal) {
    if (auto const* a = boost::get<ast::Atom>(&literal)) return literal_size(atom(*a));
    if (auto const* n = boost::get<ast::Negation>(&literal)) return literal_size(atom(n->atom));
    if (auto const* c = boost::get<ast::Comparison>(&literal)) {
      const std::uint64_t before = aggregate_literals_;
      aggregate_literals_ = 0;
      depth(c->lhs);
      depth(c->rhs);
      const Size s = literal_size(aggregate_literals_);
      aggregate_literals_ = before;
      return s;
    }
    return body(boost::get<x3::forward_ast<ast::Disjunction>>(literal).get());
  }

  // Walks an atom's arguments; returns the literals of the aggregates in them.
  std::uint64_t atom(const ast::Atom& a) {
    const std::uint64_t before = aggregate_literals_;
    aggregate_literals_ = 0;
    for (const auto& e : a.args) depth(e);
    const std::uint64_t inside = aggregate_literals_;
    aggregate_literals_ = before;
    return inside;
  }

  void claim_form(const ast::Claim& claim) {
    const ast::ClaimForm& form = claim.form;
    if (auto const* b = boost::get<ast::BodyForm>(&form)) {
      check(claim, body(b->body));
    } else if (auto const* i = boost::get<ast::ImplicationForm>(&form)) {
      check(claim, body(i->body));
      check(claim, body(i->conclusion));
    } else if (auto const* s = boost::get<ast::ShareForm>(&form)) {
      check(claim, body(s->body));
      check(claim, body(s->conclusion));
      check(claim, literal_size(depth_aggregates(s->bound)));
    } else if (auto const* h = boost::get<ast::HoldsForm>(&form)) {
      check(claim, literal_size(add(depth_aggregates(h->lhs), depth_aggregates(h->rhs))));
    }
  }

  // Walks an expression that stands alone; returns the literals of its aggregates.
  std::uint64_t depth_aggregates(const ast::Expression& e) {
    const std::uint64_t before = aggregate_literals_;
    aggregate_literals_ = 0;
    depth(e);
    const std::uint64_t inside = aggregate_literals_;
    aggregate_literals_ = before;
    return inside;
  }

 public:
  // The depth of the expression tree lowering builds: a chain `a + b + c` nests one level
  // per operator, a call, a unary minus or an aggregate one level over what it holds.
  std::uint64_t depth(const ast::Expression& e) {
    std::uint64_t d = depth(e.first);
    for (const auto& op : e.rest) d = std::max(d, depth(op.operand));
    d = add(d, e.rest.size());
    if (d > max_expression_depth)
      fail(e, ErrorCode::too_large, "this expression is nested " + std::to_string(d) + " levels deep (at most " +
                  std::to_string(max_expression_depth) + "); split it with helper variables or relations");
    return d;
  }

  std::uint64_t depth(const ast::Operand& o) {
    struct V : boost::static_visitor<std::uint64_t> {
      Walker& self;
      explicit V(Walker& w) : self(w) {}
      std::uint64_t operator()(const ast::NumberLit&) const { return 1; }
      std::uint64_t operator()(const ast::StringLit&) const { return 1; }
      std::uint64_t operator()(const ast::Wildcard&) const { return 1; }
      std::uint64_t operator()(const ast::Identifier&) const { return 1; }
      std::uint64_t operator()(const x3::forward_ast<ast::FunctorCall>& f) const {
        std::uint64_t d = 0;
        for (const auto& a : f.get().args) d = std::max(d, self.depth(a));
        return d + 1;
      }
      std::uint64_t operator()(const x3::forward_ast<ast::Aggregate>& a) const {
        const std::uint64_t d = a.get().target ? self.depth(*a.get().target) : 0;
        const std::uint64_t outer = self.aggregate_literals_;
        self.aggregate_literals_ = 0;
        const Size inner = self.body(a.get().body);
        self.aggregate_literals_ = add(outer, inner.total);
        return d + 1;
      }
      std::uint64_t operator()(const x3::forward_ast<ast::Unary>& u) const { return self.depth(u.get().operand) + 1; }
      std::uint64_t operator()(const x3::forward_ast<ast::Expression>& e) const { return self.depth(e.get()); }
    };
    return boost::apply_visitor(V(*this), o);
  }
};

}  // namespace

std::optional<SyntaxError> check_limits(const ast::Program& program) {
  Walker walker;
  for (const auto& item : program) {
    walker.item(item);
    if (walker.error) break;
  }
  return walker.error;
}

}  // namespace kz::syntax
