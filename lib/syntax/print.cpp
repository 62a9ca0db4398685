// Prints the parse tree one node a line. Nodes are named by what the grammar parsed
// (`atom`, `compare`, `aggregate`), not by what lowering will make of them: an
// identifier operand is a `name` here, since only lowering knows a variable from a
// `.param`. An expression level that holds a single operand prints as that operand.
#include "syntax/print.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

namespace kz::syntax {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

namespace {

namespace x3 = boost::spirit::x3;

class TreePrinter {
 public:
  using result_type = void;  // for boost::apply_visitor

  explicit TreePrinter(int indent) : margin_(static_cast<std::size_t>(indent), ' ') {}

  std::string take() { return std::move(out_); }

  // ---- items ------------------------------------------------------------------------------
  void operator()(const ast::RelationDecl& d) {
    std::vector<std::string> names;
    for (const auto& n : d.names) names.push_back(n.name);
    line(fmt::format("decl {}", fmt::join(names, ", ")));
    Nested in(*this);
    for (const auto& a : d.attributes) line(fmt::format("attribute {}: {}", a.name.name, a.type.name));
    for (const auto& q : d.qualifiers) line("qualifier " + q.name);
  }

  void operator()(const ast::TypeDecl& d) {
    std::vector<std::string> bases;
    for (const auto& b : d.bases) bases.push_back(b.name);
    line(fmt::format("type {} {} {}", d.name.name, d.relation, fmt::join(bases, " | ")));
  }

  void operator()(const ast::IoDirective& d) {
    std::vector<std::string> names;
    for (const auto& r : d.relations) names.push_back(r.name);
    line(fmt::format("{} {}", d.directive, fmt::join(names, ", ")));
    Nested in(*this);
    for (const auto& p : d.params) line(fmt::format("param {} = {}", p.key.name, quoted(p.value)));
  }

  void operator()(const ast::ParamDecl& d) {
    line("param " + d.name.name);
    Nested in(*this);
    expression(d.value);
    if (!d.range) return;
    line("range");
    Nested in_range(*this);
    expression(d.range->low);
    expression(d.range->high);
    line("step");
    expression(d.range->step);
  }

  void operator()(const ast::Unobserved& u) {
    std::vector<std::string> names;
    for (const auto& r : u.relations) names.push_back(r.name);
    line(fmt::format("unobserved {}", fmt::join(names, ", ")));
  }

  void operator()(const ast::Dated& d) { line(fmt::format("dated {}({})", d.relation.name, d.attribute.name)); }

  void operator()(const ast::AsOf& a) {
    if (auto const* n = boost::get<ast::NumberLit>(&a.date)) line("as_of " + n->text);
    if (auto const* s = boost::get<ast::StringLit>(&a.date)) line("as_of " + quoted(s->value));
  }

  void operator()(const ast::Hypothesis& h) {
    line(fmt::format("hypothesis {} {}", h.name.name, quoted(h.text.value)));
    Nested in(*this);
    if (h.source) line("source " + quoted(h.source->value));
  }

  void operator()(const ast::Claim& c) {
    line(fmt::format("claim {} {}", c.name.name, quoted(c.text.value)));
    Nested in(*this);
    if (c.from) line("from " + c.from->year.text);
    boost::apply_visitor(*this, c.form);
    for (const auto& link : c.links) {
      line(fmt::format("link {} {} as {}", link.direction.name, link.hypothesis.name, link.test.name));
      Nested in_link(*this);
      if (link.because) line("because " + quoted(link.because->value));
      if (!link.probability) continue;
      line("probability");
      Nested in_probability(*this);
      expression(link.probability->p_h);
      expression(link.probability->p_not_h);
    }
  }

  void operator()(const ast::Unsupported& u) { line("unsupported " + u.directive); }
  void operator()(const ast::Ignored& i) { line("ignored " + i.text); }
  void operator()(const ast::Include& i) { line("include " + quoted(i.path.value)); }

  void operator()(const ast::Clause& c) {
    if (!c.body) {
      line("fact");
      Nested in(*this);
      for (const auto& head : c.heads) (*this)(head);
      return;
    }
    line("rule");
    Nested in(*this);
    line("head");
    {
      Nested in_head(*this);
      for (const auto& head : c.heads) (*this)(head);
    }
    labelled("body", *c.body);
  }

  // ---- claim forms --------------------------------------------------------------------------
  void operator()(const ast::BodyForm& f) {
    line(f.keyword);
    Nested in(*this);
    labelled("body", f.body);
  }

  void operator()(const ast::ImplicationForm& f) {
    line(f.keyword);
    Nested in(*this);
    labelled("body", f.body);
    labelled("conclusion", f.conclusion);
  }

  void operator()(const ast::ShareForm& f) {
    line("share " + f.op);
    Nested in(*this);
    labelled("body", f.body);
    labelled("conclusion", f.conclusion);
    line("bound");
    Nested in_bound(*this);
    expression(f.bound);
  }

  void operator()(const ast::HoldsForm& f) {
    line("holds " + f.op);
    Nested in(*this);
    expression(f.lhs);
    expression(f.rhs);
  }

  // ---- literals -------------------------------------------------------------------------------
  void operator()(const ast::Atom& a) {
    line("atom " + a.name.name);
    Nested in(*this);
    for (const auto& arg : a.args) expression(arg);
  }

  void operator()(const ast::Negation& n) {
    line("negation");
    Nested in(*this);
    (*this)(n.atom);
  }

  void operator()(const ast::Comparison& c) {
    line("compare " + c.op);
    Nested in(*this);
    expression(c.lhs);
    expression(c.rhs);
  }

  void operator()(const ast::Disjunction& d) {
    line("disjunction");
    Nested in(*this);
    alternatives(d);
  }

  // ---- operands -------------------------------------------------------------------------------
  void operator()(const ast::NumberLit& n) { line("number " + n.text); }
  void operator()(const ast::StringLit& s) { line("string " + quoted(s.value)); }
  void operator()(const ast::Wildcard&) { line("wildcard"); }
  void operator()(const ast::Identifier& id) { line("name " + id.name); }

  void operator()(const ast::FunctorCall& f) {
    line("call " + f.name.name);
    Nested in(*this);
    for (const auto& arg : f.args) expression(arg);
  }

  void operator()(const ast::Aggregate& a) {
    line("aggregate " + a.function.name);
    Nested in(*this);
    if (a.target) expression(*a.target);
    labelled("body", a.body);
  }

  void operator()(const ast::Unary& u) {
    line(fmt::format("unary {}", u.op));
    Nested in(*this);
    boost::apply_visitor(*this, u.operand);
  }

  void operator()(const ast::Expression& e) { expression(e); }

  template <typename T>
  void operator()(const x3::forward_ast<T>& node) {
    (*this)(node.get());
  }

 private:
  std::string out_;
  std::string margin_;  // before every line
  int depth_ = 0;

  // Children of the node printed last: one level deeper while it lives.
  class Nested {
   public:
    explicit Nested(TreePrinter& printer) : printer_(printer) { ++printer_.depth_; }
    ~Nested() { --printer_.depth_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    TreePrinter& printer_;
  };

  void line(const std::string& text) {
    out_ += margin_;
    out_.append(static_cast<std::size_t>(2 * depth_), ' ');
    out_ += text;
    out_ += '\n';
  }

  void expression(const ast::Expression& e) {
    if (e.rest.empty()) {
      boost::apply_visitor(*this, e.first);
      return;
    }
    line("expression");
    Nested in(*this);
    boost::apply_visitor(*this, e.first);
    for (const auto& operation : e.rest) {
      line(fmt::format("operation {}", operation.op));
      Nested in_operation(*this);
      boost::apply_visitor(*this, operation.operand);
    }
  }

  // A body under its label: one alternative's literals directly, several each under
  // `alternative`.
  void labelled(const char* label, const ast::Disjunction& d) {
    line(label);
    Nested in(*this);
    alternatives(d);
  }

  void alternatives(const ast::Disjunction& d) {
    if (d.alternatives.size() == 1) {
      conjunction(d.alternatives.front());
      return;
    }
    for (const auto& conj : d.alternatives) {
      line("alternative");
      Nested in(*this);
      conjunction(conj);
    }
  }

  void conjunction(const ast::Conjunction& literals) {
    for (const auto& l : literals) boost::apply_visitor(*this, l);
  }
};

}  // namespace

std::string to_string(const ast::Program& program, int indent) {
  TreePrinter printer(indent);
  for (const auto& item : program) boost::apply_visitor(printer, item);
  return printer.take();
}

}  // namespace kz::syntax
