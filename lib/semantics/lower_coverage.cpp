// Lowering what a fact set covers (coverage.kz, or any source of the program):
// `.unobserved R, ...`, `.dated R(attr)` and `.as_of DATE`. Each is checked here so a
// typo is a located error before anything is evaluated.
#include <type_traits>

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "semantics/lowerer.hpp"

namespace kz::sem::lowering {

namespace {

std::optional<std::uint32_t> attribute_index(const Relation& r, const std::string& name) {
  for (std::uint32_t a = 0; a < r.arity(); ++a)
    if (r.attributes[a].name == name) return a;
  return std::nullopt;
}

}  // namespace

std::optional<std::uint32_t> Lowerer::declared_relation(const ast::Identifier& name) {
  auto id = prog_.find_relation(name.name);
  if (!id)
    error(loc(name), ErrorCode::unknown_relation,
          fmt::format("unknown relation '{}'{} (declare it with .decl in the rules)", name.name,
                      relation_suggestion(name.name)));
  return id;
}

void Lowerer::declare_coverage(const ast::Unobserved& u) {
  for (const auto& name : u.relations) {
    auto id = declared_relation(name);
    if (!id || prog_.is_unobserved(*id)) continue;  // saying it twice is harmless
    prog_.unobserved.push_back(Unobserved{*id, loc(name)});
  }
}

void Lowerer::declare_coverage(const ast::Dated& d) {
  auto id = declared_relation(d.relation);
  if (!id) return;
  const Relation& r = prog_.relations[*id];
  for (const auto& other : prog_.datings)
    if (other.relation == *id) {
      auto& e = error(loc(d.relation), ErrorCode::bad_dating, fmt::format("'{}' is dated twice", r.name));
      note(e, other.loc, "first dated here");
      return;
    }
  auto attribute = attribute_index(r, d.attribute.name);
  if (!attribute) {
    auto& e = error(loc(d.attribute), ErrorCode::bad_dating,
                    fmt::format("'{}' has no attribute '{}'", r.name, d.attribute.name));
    note(e, r.loc, "declared here");
    return;
  }
  const Kind kind = r.attributes[*attribute].kind;
  if (kind != Kind::number && kind != Kind::symbol) {
    error(loc(d.attribute), ErrorCode::bad_dating,
          fmt::format("attribute '{}' of '{}' is a {}; a date is a number (the year) or a symbol \"YYYY-MM-DD\"",
                      d.attribute.name, r.name, kind_name(kind)));
    return;
  }
  prog_.datings.push_back(Dating{*id, *attribute, loc(d.relation)});
}

void Lowerer::declare_coverage(const ast::AsOf& a) {
  std::optional<CalendarDate> date;
  if (auto const* n = boost::get<ast::NumberLit>(&a.date)) {
    auto value = lower_number(*n);
    if (value.kind == Kind::number) date = calendar_year(static_cast<std::int64_t>(value.value));
  } else if (auto const* s = boost::get<ast::StringLit>(&a.date)) {
    date = parse_calendar_date(s->value);
  }
  const Loc where = boost::apply_visitor([&](const auto& node) { return loc(node); }, a.date);
  if (!date) {
    error(where, ErrorCode::bad_date, "not a date: write a year (1996) or \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"");
    return;
  }
  if (prog_.as_of) {
    auto& e = error(where, ErrorCode::bad_date,
                    fmt::format("this fact set is already seen as of {}; give one .as_of", prog_.as_of->text()));
    note(e, prog_.as_of_loc, "first given here");
    return;
  }
  prog_.as_of = date;
  prog_.as_of_loc = where;
}

template <typename T>
void Lowerer::check_fact_set_item(const T& item) {
  using Item = std::decay_t<T>;
  if constexpr (std::is_same_v<Item, ast::Unobserved> || std::is_same_v<Item, ast::Dated> ||
                std::is_same_v<Item, ast::AsOf>) {
    return;
  } else {
    if constexpr (std::is_same_v<Item, ast::Clause>)
      if (!item.body) return;  // a fact
    const char* what = std::is_same_v<Item, ast::Clause>          ? "a rule"
                       : std::is_same_v<Item, ast::Claim>         ? "a claim"
                       : std::is_same_v<Item, ast::Hypothesis>    ? "a hypothesis"
                       : std::is_same_v<Item, ast::ParamDecl>     ? "a parameter"
                       : std::is_same_v<Item, ast::IoDirective>   ? "an IO directive"
                                                                  : "a declaration";
    error(loc(item), ErrorCode::not_a_fact,
          fmt::format("a fact set holds facts (and .unobserved, .dated, .as_of) only; this is {}: write it in the "
                      "rules, so every fact set is judged by the same argument",
                      what));
  }
}

void Lowerer::check_fact_set_files(const std::vector<ParsedFile>& files) {
  for (const auto& f : files)
    if (f.file >= facts_only_from_) for_items(f, [&](const auto& item) { check_fact_set_item(item); });
}

void Lowerer::apply_as_of_override() {
  if (!as_of_override_) return;
  auto date = parse_calendar_date(*as_of_override_);
  if (!date) {
    ++errors_;
    diags_.push_back(coded_error(ErrorCode::bad_date,
                                 fmt::format("--as-of {}: not a date (write 1996, 2001-03 or 2001-03-15)", *as_of_override_)));
    return;
  }
  prog_.as_of = date;
  prog_.as_of_loc = Loc{};
}

// Facts written in the language are dated here, where their source position is known,
// so a bad date points at the fact; rows read from fact files are dated as they load.
bool Lowerer::fact_is_seen(const Rule& fact) {
  for (const auto& d : prog_.datings) {
    if (d.relation != fact.head || d.attribute >= fact.head_args.size()) continue;
    const Expr& e = fact.head_args[d.attribute];
    if (e.op != ExprOp::constant) return true;  // computed when evaluated; not dated here
    std::optional<CalendarDate> date;
    if (e.kind == Kind::symbol) date = parse_calendar_date(prog_.symbols[e.value]);
    else if (e.kind == Kind::number) date = calendar_year(static_cast<std::int64_t>(e.value));
    if (!date) {
      auto& err = error(e.loc, ErrorCode::bad_date,
                        fmt::format("'{}' is dated by '{}', and this is not a date: write a year or \"YYYY\", "
                                    "\"YYYY-MM\", \"YYYY-MM-DD\"",
                                    prog_.relations[d.relation].name,
                                    prog_.relations[d.relation].attributes[d.attribute].name));
      note(err, d.loc, "dated here");
      return false;
    }
    return !prog_.as_of || date->first_day_key() <= prog_.as_of->as_of_key();
  }
  return true;
}

// ---- parameter ranges ------------------------------------------------------------------
namespace {

// The text of a number literal, possibly negated: `3.0`, `-1`. Anything else is not a
// range bound (an exact decimal is read from the digits as written).
std::optional<std::string> signed_literal(const ast::Operand& o);

std::optional<std::string> signed_literal(const ast::Expression& e) {
  if (!e.rest.empty()) return std::nullopt;
  return signed_literal(e.first);
}

std::optional<std::string> signed_literal(const ast::Operand& o) {
  if (auto const* n = boost::get<ast::NumberLit>(&o)) return n->text;
  if (auto const* u = boost::get<boost::spirit::x3::forward_ast<ast::Unary>>(&o)) {
    if (u->get().op != '-') return std::nullopt;
    auto inner = signed_literal(u->get().operand);
    if (!inner || inner->front() == '-') return std::nullopt;
    return "-" + *inner;
  }
  if (auto const* e = boost::get<boost::spirit::x3::forward_ast<ast::Expression>>(&o)) return signed_literal(e->get());
  return std::nullopt;
}

}  // namespace

std::optional<ParamRange> Lowerer::lower_param_range(const ast::ParamRange& r, Kind kind) {
  if (kind != Kind::number && kind != Kind::float_number) {
    error(loc(r), ErrorCode::bad_param_range,
          fmt::format("only a number or float parameter can have a range, not a {}", kind_name(kind)));
    return std::nullopt;
  }
  const ast::Expression* parts[3] = {&r.low, &r.high, &r.step};
  const char* names[3] = {"low bound", "high bound", "step"};
  Decimal values[3];
  for (int i = 0; i < 3; ++i) {
    auto text = signed_literal(*parts[i]);
    auto value = text ? Decimal::parse(*text) : std::nullopt;
    if (!value) {
      error(loc(*parts[i]), ErrorCode::bad_param_range,
            fmt::format("the range's {} must be a decimal number literal such as 1.5 or -2", names[i]));
      return std::nullopt;
    }
    if (kind == Kind::number && value->scale != 0) {
      error(loc(*parts[i]), ErrorCode::bad_param_range,
            fmt::format("the parameter is an integer, so the range's {} must be one", names[i]));
      return std::nullopt;
    }
    values[i] = *value;
  }
  if (compare(values[0], values[1]) > 0) {
    error(loc(r.low), ErrorCode::bad_param_range,
          fmt::format("the low bound {} is above the high bound {}", values[0].text(), values[1].text()));
    return std::nullopt;
  }
  if (values[2].units <= 0) {
    error(loc(r.step), ErrorCode::bad_param_range, fmt::format("the step {} is not positive", values[2].text()));
    return std::nullopt;
  }
  if (!decimal_steps(values[0], values[1], values[2])) {
    error(loc(r), ErrorCode::bad_param_range, "this range has too many values (at most 100000): use a larger step");
    return std::nullopt;
  }
  return ParamRange{values[0], values[1], values[2], loc(r)};
}

}  // namespace kz::sem::lowering
