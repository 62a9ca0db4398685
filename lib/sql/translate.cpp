// Plan operations and expressions as SQL (see translate.hpp).
#include "sql/translate.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "core/functors.hpp"
#include "core/words.hpp"
#include "sql/script.hpp"

namespace kz::sql {

using plan::Op;
using sem::Expr;
using sem::ExprOp;

std::string TableNames::full(std::uint32_t relation) const { return table_name(program, relation); }

// Relation names have no '$': a suffix with one never meets another table.
std::string suffixed_table(const sem::Program& program, std::uint32_t relation, const char* suffix) {
  std::string quoted = table_name(program, relation);
  quoted.insert(quoted.size() - 1, suffix);
  return quoted;
}

std::string typed_value(Kind kind, const std::string& value) {
  switch (kind) {
    case Kind::number:
    case Kind::unsigned_number: return "(" + value + ")::bigint";
    case Kind::float_number: return "(" + value + ")::double precision";
    case Kind::symbol: return "(" + value + ")::text COLLATE \"C\"";
  }
  return value;
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += separator;
    out += parts[i];
  }
  return out;
}

std::string TableNames::delta(std::uint32_t relation) const {
  return delta_override.empty() ? suffixed_table(program, relation, "$delta") : delta_override;
}
std::string TableNames::fresh(std::uint32_t relation) const { return suffixed_table(program, relation, "$new"); }

BodyTranslator::BodyTranslator(const sem::Program& program, const TableNames& names, std::size_t slot_count)
    : program_(program), names_(names), slots_(slot_count), counter_(&own_counter_) {}

BodyTranslator::BodyTranslator(const BodyTranslator& outer, int* counter)
    : program_(outer.program_), names_(outer.names_), slots_(outer.slots_), counter_(counter) {}

std::string BodyTranslator::fresh_alias(char prefix) { return fmt::format("{}{}", prefix, (*counter_)++); }

void BodyTranslator::unsupported(const sem::Loc& loc, const std::string& what) const {
  throw_bad_input(ErrorCode::backend_unsupported,
                  fmt::format("{} has no SQL translation: run this program without --backend", what),
                  program_.sources.locate(loc));
}

void BodyTranslator::add(const std::vector<Op>& ops) {
  for (const auto& op : ops) add_op(op);
}

void BodyTranslator::add_op(const Op& op) {
  switch (op.type) {
    case Op::Type::scan: add_scan(op); return;
    case Op::Type::negation: add_negation(op); return;
    case Op::Type::filter:
    case Op::Type::builtin: add_check(*op.literal); return;
    case Op::Type::assign: add_assign(op); return;
    case Op::Type::aggregate: add_aggregate(op); return;
    case Op::Type::exists: add_exists(op); return;
    case Op::Type::generate: add_generate(op); return;
  }
}

// op.old_only is not honoured: within a round the full table already holds what earlier
// rule versions of the round inserted, so "rows before the last round" would take an
// anti-join against the delta and the new rows, dearer than the repeated join it saves
// (whose duplicates the unique index drops).
void BodyTranslator::add_scan(const Op& op) {
  const std::string alias = fresh_alias('t');
  from_.push_back(fmt::format("{} AS {}", op.delta ? names_.delta(op.relation) : names_.full(op.relation), alias));
  auto column = [&](std::uint32_t c) { return alias + "." + column_name(program_, op.relation, c); };
  for (std::size_t k = 0; k < op.key_columns.size(); ++k)
    where_.push_back(fmt::format("{} = {}", column(op.key_columns[k]), expression(op.key_values[k])));
  for (const auto& [column_index, slot] : op.binds) slots_[static_cast<std::size_t>(slot)] = column(column_index);
  for (const auto& [a, b] : op.equal_columns) where_.push_back(fmt::format("{} = {}", column(a), column(b)));
  for (const auto& [column_index, value] : op.computed_columns)
    where_.push_back(fmt::format("{} = {}", column(column_index), expression(value)));
}

void BodyTranslator::add_negation(const Op& op) {
  const std::string alias = fresh_alias('n');
  std::vector<std::string> conditions;
  for (std::size_t k = 0; k < op.key_columns.size(); ++k)
    conditions.push_back(fmt::format("{}.{} = {}", alias, column_name(program_, op.relation, op.key_columns[k]),
                                     expression(op.key_values[k])));
  where_.push_back(fmt::format("NOT EXISTS (SELECT 1 FROM {} AS {}{}{})", names_.full(op.relation), alias,
                               conditions.empty() ? "" : " WHERE ", join(conditions, " AND ")));
}

void BodyTranslator::add_check(const sem::Literal& l) {
  using Type = sem::Literal::Type;
  if (l.type == Type::compare) {
    where_.push_back(compare(l.cmp, l.lhs.kind, expression(l.lhs), expression(l.rhs)));
    return;
  }
  std::string test;
  if (l.type == Type::contains)  // contains(part, whole)
    test = fmt::format("strpos({}, {}) > 0", expression(l.rhs), expression(l.lhs));
  else  // match(pattern, text): the whole text, as std::regex_match does
    test = fmt::format("{} ~ ('^(?:' || {} || ')$')", expression(l.rhs), expression(l.lhs));
  where_.push_back(l.negated ? "NOT (" + test + ")" : test);
}

std::string BodyTranslator::bind_or_check(const Op& op, const std::string& value) {
  auto& slot = slots_[static_cast<std::size_t>(op.slot)];
  if (op.checks_slot) {
    where_.push_back(fmt::format("{} = {}", slot, value));
  } else {
    slot = value;
  }
  return slot;
}

void BodyTranslator::add_assign(const Op& op) {
  const std::string alias = fresh_alias('a');
  from_.push_back(fmt::format("LATERAL (SELECT {} AS v) AS {}", expression(op.expr), alias));
  slots_[static_cast<std::size_t>(op.slot)] = alias + ".v";
}

// The aggregate's call over the variables `over` binds: NULL over no solutions (count
// excepted), as SQL's aggregates are.
std::string BodyTranslator::aggregate_call(const sem::AggregateSpec& spec, const BodyTranslator& over) {
  using sem::AggregateFn;
  auto target = [&](bool as_float) {
    std::string t = over.expression(*spec.target);
    if (as_float && spec.input_kind != Kind::float_number) t = "(" + t + ")::double precision";
    if (spec.input_kind == Kind::symbol) t += " COLLATE \"C\"";
    return t;
  };
  switch (spec.fn) {
    case AggregateFn::count: return "count(*)";
    case AggregateFn::sum: {
      if (spec.input_kind == Kind::float_number) return fmt::format("sum({})", target(false));
      const std::string sum = fmt::format("sum({})::bigint", target(false));
      return spec.input_kind == Kind::unsigned_number ? "kz_unsigned(" + sum + ")" : sum;
    }
    case AggregateFn::min: return fmt::format("min({})", target(false));
    case AggregateFn::max: return fmt::format("max({})", target(false));
    case AggregateFn::mean: return fmt::format("avg({})", target(true));
    case AggregateFn::median: return fmt::format("percentile_cont(0.5) WITHIN GROUP (ORDER BY {})", target(true));
    case AggregateFn::mode: return fmt::format("mode() WITHIN GROUP (ORDER BY {})", target(false));
    case AggregateFn::stddev: return fmt::format("stddev_samp({})", target(true));
  }
  return "NULL";
}

void BodyTranslator::add_aggregate(const Op& op) {
  using sem::AggregateFn;
  const sem::AggregateSpec& spec = *op.aggregate;
  BodyTranslator inner(*this, counter_);
  inner.add(op.sub);
  if (!spec.target && spec.fn != sem::AggregateFn::count) unsupported(spec.loc, "an aggregate without a target");
  const bool always_has_value = spec.fn == AggregateFn::count || spec.fn == AggregateFn::sum;  // over no solutions too
  const std::string alias = fresh_alias('g');
  std::string result = alias + ".v";
  // Over the distinct bindings of the body's variables (sem::AggregateSpec::distinct_on):
  // the aggregate of a SELECT DISTINCT of them.
  std::unique_ptr<BodyTranslator> distinct_view;
  if (!spec.distinct_on.empty()) {
    const std::string bindings = fresh_alias('d');
    std::vector<std::string> columns;
    distinct_view.reset(new BodyTranslator(*this, counter_));
    BodyTranslator& over = *distinct_view;
    for (std::size_t k = 0; k < spec.distinct_on.size(); ++k) {
      const auto slot = static_cast<std::size_t>(spec.distinct_on[k]);
      // A slot bound outside the aggregate's body (its result, standing in for a body that
      // names no variable) has one value for the whole body: a constant here.
      columns.push_back(fmt::format("{} AS c{}", inner.slots_[slot].empty() ? "1" : inner.slots_[slot], k));
      over.slots_[slot] = fmt::format("{}.c{}", bindings, k);
    }
    over.from_.push_back(fmt::format("({}) AS {}", inner.select(columns, true), bindings));
  }
  const BodyTranslator& over = distinct_view ? *distinct_view : inner;
  std::string value = aggregate_call(spec, over);
  if (spec.fn == AggregateFn::sum) value = fmt::format("coalesce({}, 0)", value);
  auto grouped = distinct_view ? std::nullopt : grouped_aggregate(op, alias);
  if (grouped) {
    // Once for every group, joined to the rows that ask, instead of once for each row.
    from_.push_back(grouped->first);
    from_on_.resize(from_.size());
    from_on_.back() = grouped->second;
    if (always_has_value) result = fmt::format("coalesce({}, 0)", result);  // a group with no rows
  } else {
    from_.push_back(fmt::format("LATERAL ({}) AS {}", over.select({value + " AS v"}, false), alias));
  }
  if (!always_has_value) where_.push_back(result + " IS NOT NULL");
  bind_or_check(op, result);
}

namespace {

bool uses_only(const Expr& e, const std::vector<std::int32_t>& slots) {
  if (e.op == ExprOp::variable) return std::find(slots.begin(), slots.end(), e.slot) != slots.end();
  for (const auto& a : e.args)
    if (!uses_only(a, slots)) return false;
  return true;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> BodyTranslator::grouped_aggregate(const Op& op,
                                                                                     const std::string& alias) {
  // One scan of a whole relation, keyed by variables bound before the aggregate (and
  // constants), its target made of what the scan binds: `count : { val(_, g, _) }`.
  if (from_.empty() || op.sub.size() != 1) return std::nullopt;
  const Op& scan = op.sub.front();
  if (scan.type != Op::Type::scan || scan.delta || !scan.computed_columns.empty()) return std::nullopt;
  std::vector<std::int32_t> bound_inside;
  for (const auto& [column, slot] : scan.binds) bound_inside.push_back(slot);
  const sem::AggregateSpec& spec = *op.aggregate;
  if (spec.target && !uses_only(*spec.target, bound_inside)) return std::nullopt;
  BodyTranslator inner(program_, names_, slots_.size());
  inner.counter_ = counter_;
  const std::string table = fresh_alias('t');
  auto column = [&](std::uint32_t c) { return table + "." + column_name(program_, scan.relation, c); };
  std::vector<std::string> keys, on;
  for (std::size_t k = 0; k < scan.key_columns.size(); ++k) {
    const Expr& key = scan.key_values[k];
    if (key.op == ExprOp::constant) {
      inner.where_.push_back(fmt::format("{} = {}", column(scan.key_columns[k]), inner.expression(key)));
    } else if (key.op == ExprOp::variable && !slots_[static_cast<std::size_t>(key.slot)].empty()) {
      keys.push_back(fmt::format("{} AS k{}", column(scan.key_columns[k]), keys.size()));
      on.push_back(fmt::format("{}.k{} = {}", alias, on.size(), expression(key)));
    } else {
      return std::nullopt;
    }
  }
  if (keys.empty()) return std::nullopt;
  for (const auto& [a, b] : scan.equal_columns) inner.where_.push_back(fmt::format("{} = {}", column(a), column(b)));
  for (const auto& [column_index, slot] : scan.binds) inner.slots_[static_cast<std::size_t>(slot)] = column(column_index);
  inner.from_.push_back(fmt::format("{} AS {}", names_.full(scan.relation), table));
  const std::string grouped_value = aggregate_call(spec, inner);
  std::vector<std::string> group_by;
  for (std::size_t k = 0; k < keys.size(); ++k) group_by.push_back(fmt::format("{}", k + 1));
  keys.push_back(grouped_value + " AS v");
  return std::make_pair(fmt::format("({} GROUP BY {}) AS {}", inner.select(keys, false), join(group_by, ", "), alias),
                        join(on, " AND "));
}

void BodyTranslator::add_exists(const Op& op) {
  BodyTranslator inner(*this, counter_);
  inner.add(op.sub);
  where_.push_back(fmt::format("EXISTS ({})", inner.select({"1"}, false)));
}

void BodyTranslator::add_generate(const Op& op) {
  const Expr& call = op.expr;
  std::string from = expression(call.args[0]), to = expression(call.args[1]);
  std::string step;
  if (call.args.size() > 2) {
    step = expression(call.args[2]);
  } else {
    const char* one = call.kind == Kind::float_number ? "1::double precision" : "1::bigint";
    step = fmt::format("CASE WHEN {} >= {} THEN {} ELSE -{} END", to, from, one, one);
  }
  const std::string alias = fresh_alias('r');
  from_.push_back(fmt::format("LATERAL kz_range({}, {}, {}) AS {}(v)", from, to, step, alias));
  bind_or_check(op, alias + ".v");
}

std::string BodyTranslator::compare(sem::Cmp cmp, Kind kind, const std::string& lhs, const std::string& rhs) const {
  const bool ordered_symbols = kind == Kind::symbol && cmp != sem::Cmp::eq && cmp != sem::Cmp::ne;
  const char* op = cmp == sem::Cmp::eq   ? "="
                   : cmp == sem::Cmp::ne ? "<>"
                   : cmp == sem::Cmp::lt ? "<"
                   : cmp == sem::Cmp::le ? "<="
                   : cmp == sem::Cmp::gt ? ">"
                                         : ">=";
  return fmt::format("{} {} {}{}", lhs, op, rhs, ordered_symbols ? " COLLATE \"C\"" : "");
}

std::string BodyTranslator::select(const std::vector<std::string>& columns, bool distinct) const {
  std::string out = fmt::format("SELECT {}{}", distinct ? "DISTINCT " : "", join(columns, ", "));
  const bool outer_joins = std::any_of(from_on_.begin(), from_on_.end(), [](const std::string& on) { return !on.empty(); });
  if (!from_.empty() && !outer_joins) out += " FROM " + join(from_, ", ");
  if (outer_joins) {  // a LEFT JOIN's ON may name only what its join chain holds: no commas
    out += " FROM " + from_.front();
    for (std::size_t i = 1; i < from_.size(); ++i) {
      const bool left = i < from_on_.size() && !from_on_[i].empty();
      out += (left ? " LEFT JOIN " : " CROSS JOIN ") + from_[i] + (left ? " ON " + from_on_[i] : "");
    }
  }
  if (!where_.empty()) out += " WHERE " + join(where_, " AND ");
  return out;
}

std::string BodyTranslator::constant(Kind kind, std::uint64_t value, const sem::Loc& loc) const {
  switch (kind) {
    case Kind::number: {
      const std::int64_t v = word_to_int(value);
      if (v == INT64_MIN) return "'-9223372036854775808'::bigint";
      return v < 0 ? fmt::format("({})::bigint", v) : fmt::format("{}::bigint", v);
    }
    case Kind::unsigned_number:
      if (value > static_cast<std::uint64_t>(INT64_MAX))
        unsupported(loc, fmt::format("the unsigned number {}u, past bigint's largest value,", value));
      return fmt::format("{}::bigint", value);
    case Kind::float_number: {
      const double d = word_to_float(value);
      if (d != d) return "'NaN'::double precision";
      if (d == 1.0 / 0.0) return "'Infinity'::double precision";
      if (d == -1.0 / 0.0) return "'-Infinity'::double precision";
      return fmt::format("'{}'::double precision", d);
    }
    case Kind::symbol: return quote_literal(program_.symbols.at(static_cast<std::size_t>(value)));
  }
  return "NULL";
}

std::string BodyTranslator::variable(std::int32_t slot, const sem::Loc& loc) const {
  const std::string& bound = slots_.at(static_cast<std::size_t>(slot));
  if (bound.empty()) unsupported(loc, "a variable used before anything binds it");
  return bound;
}

std::string BodyTranslator::expression(const Expr& e) const {
  switch (e.op) {
    case ExprOp::variable: {
      const std::string& bound = slots_.at(static_cast<std::size_t>(e.slot));
      if (bound.empty()) unsupported(e.loc, "a variable used before anything binds it");
      return bound;
    }
    case ExprOp::constant: return constant(e.kind, e.value, e.loc);
    case ExprOp::wildcard: unsupported(e.loc, "a wildcard inside an expression");
    case ExprOp::neg: {
      const std::string v = fmt::format("(-{})", expression(e.args[0]));
      return e.kind == Kind::unsigned_number ? "kz_unsigned" + v : v;
    }
    case ExprOp::functor: return functor_call(e);
    default: return arithmetic(e);
  }
}

std::string BodyTranslator::arithmetic(const Expr& e) const {
  const std::string a = expression(e.args[0]), b = expression(e.args[1]);
  const bool is_float = e.kind == Kind::float_number;
  std::string v;
  switch (e.op) {
    case ExprOp::add: v = fmt::format("({} + {})", a, b); break;
    case ExprOp::sub: v = fmt::format("({} - {})", a, b); break;
    case ExprOp::mul: v = fmt::format("({} * {})", a, b); break;
    case ExprOp::div: v = fmt::format("({} / {})", a, b); break;
    case ExprOp::mod: v = is_float ? fmt::format("kz_fmod({}, {})", a, b) : fmt::format("({} % {})", a, b); break;
    default: v = is_float ? fmt::format("power({}, {})", a, b) : fmt::format("kz_ipow({}, {})", a, b); break;
  }
  return e.kind == Kind::unsigned_number ? "kz_unsigned(" + v + ")" : v;
}

std::string BodyTranslator::functor_call(const Expr& e) const {
  std::vector<std::string> args;
  for (const auto& a : e.args) args.push_back(expression(a));
  auto arg = [&](std::size_t i) -> const std::string& { return args.at(i); };
  auto truth = [](const std::string& condition) { return fmt::format("(CASE WHEN {} THEN 1 ELSE 0 END)::bigint", condition); };
  switch (e.functor) {
    case Functor::min:
    case Functor::max: {
      if (e.kind == Kind::symbol)
        for (auto& a : args) a += " COLLATE \"C\"";
      return fmt::format("{}({})", e.functor == Functor::min ? "least" : "greatest", join(args, ", "));
    }
    case Functor::abs: return fmt::format("abs({})", arg(0));
    case Functor::band: return fmt::format("({} & {})", arg(0), arg(1));
    case Functor::bor: return fmt::format("({} | {})", arg(0), arg(1));
    case Functor::bxor: return fmt::format("({} # {})", arg(0), arg(1));
    case Functor::bnot: return fmt::format("(~{})", arg(0));
    case Functor::bshl: return fmt::format("({} << kz_shift_count({}))", arg(0), arg(1));
    case Functor::bshr:
      return e.kind == Kind::number ? fmt::format("({} >> kz_shift_count({}))", arg(0), arg(1))
                                    : fmt::format("kz_shru({}, kz_shift_count({}))", arg(0), arg(1));
    case Functor::bshru: return fmt::format("kz_shru({}, kz_shift_count({}))", arg(0), arg(1));
    case Functor::land: return truth(fmt::format("{} <> 0 AND {} <> 0", arg(0), arg(1)));
    case Functor::lor: return truth(fmt::format("{} <> 0 OR {} <> 0", arg(0), arg(1)));
    case Functor::lxor: return truth(fmt::format("({} <> 0) <> ({} <> 0)", arg(0), arg(1)));
    case Functor::lnot: return truth(fmt::format("{} = 0", arg(0)));
    case Functor::cat: return "(" + join(args, " || ") + ")";
    case Functor::strlen: return fmt::format("octet_length({})::bigint", arg(0));
    case Functor::substr: return fmt::format("kz_substr({}, {}, {})", arg(0), arg(1), arg(2));
    case Functor::lower: return fmt::format("lower({} COLLATE \"C\")", arg(0));
    case Functor::upper: return fmt::format("upper({} COLLATE \"C\")", arg(0));
    case Functor::to_string:
      switch (e.args[0].kind) {
        case Kind::symbol: return arg(0);
        // Six decimals, as Soufflé's to_string writes a float.
        case Kind::float_number: return fmt::format("round(({})::numeric, 6)::text", arg(0));
        default: return fmt::format("({})::text", arg(0));
      }
    case Functor::to_number:
    case Functor::to_float:
    case Functor::to_unsigned: {
      const Kind from = e.args[0].kind;
      if (from == Kind::symbol)
        return fmt::format("{}({})",
                           e.functor == Functor::to_number ? "kz_to_number"
                           : e.functor == Functor::to_float ? "kz_to_float"
                                                            : "kz_to_unsigned",
                           arg(0));
      if (e.functor == Functor::to_float) return fmt::format("({})::double precision", arg(0));
      // Float to integer truncates toward zero, as a C++ cast does.
      const std::string whole = from == Kind::float_number ? fmt::format("trunc({})::bigint", arg(0)) : arg(0);
      return e.functor == Functor::to_unsigned ? "kz_unsigned(" + whole + ")" : whole;
    }
    case Functor::year: return fmt::format("(kz_date({}))[1]::bigint", arg(0));
    case Functor::date_months: return fmt::format("((kz_date({0}))[1]::bigint * 12 + (kz_date({0}))[2] - 1)", arg(0));
    case Functor::date_days: return fmt::format("kz_days(kz_date({}))", arg(0));
    case Functor::years_between:
      return fmt::format(
          "(((kz_date({1}))[1]::bigint * 12 + (kz_date({1}))[2]) - ((kz_date({0}))[1]::bigint * 12 + (kz_date({0}))[2]))"
          "::double precision / 12.0",
          arg(0), arg(1));
    case Functor::days_between: return fmt::format("(kz_days(kz_date({1})) - kz_days(kz_date({0})))", arg(0), arg(1));
    case Functor::ord: unsupported(e.loc, "ord(), a symbol's number inside the engine,");
    case Functor::range: unsupported(e.loc, "range() outside `x = range(...)`");
    case Functor::autoinc: unsupported(e.loc, "autoinc(), a counter in evaluation order,");
  }
  unsupported(e.loc, "this functor");
}

}  // namespace kz::sql
