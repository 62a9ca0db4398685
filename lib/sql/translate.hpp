// Rule bodies as SELECTs: the plan's operations of one body, in order, become a FROM list
// (tables, and LATERAL items for assignments, aggregates and ranges) and a WHERE list;
// expressions become SQL expressions over the columns that bound their variables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plan/plan.hpp"
#include "semantics/ir.hpp"

namespace kz::sql {

// The parts with `separator` between them.
std::string join(const std::vector<std::string>& parts, const char* separator);
// A relation's table name with a suffix no relation name holds ("$delta", "$rec"...).
std::string suffixed_table(const sem::Program& program, std::uint32_t relation, const char* suffix);
// `value` cast to the column type of `kind` (symbols with their "C" collation), so every
// branch of a UNION or recursive query agrees with the table.
std::string typed_value(Kind kind, const std::string& value);

// How a delta version's scans name their tables: the relation's delta table.
struct TableNames {
  const sem::Program& program;
  std::string delta_override;  // non-empty: what every delta scan reads instead
  std::string full(std::uint32_t relation) const;
  std::string delta(std::uint32_t relation) const;
  std::string fresh(std::uint32_t relation) const;  // the round's new rows
};

class BodyTranslator {
 public:
  BodyTranslator(const sem::Program& program, const TableNames& names, std::size_t slot_count);

  // Adds the operations to the FROM and WHERE lists. Throws kz::Error
  // (backend_unsupported) at an expression with no translation.
  void add(const std::vector<plan::Op>& ops);
  // An expression over the variables bound so far.
  std::string expression(const sem::Expr& e) const;
  // A variable bound so far (throws backend_unsupported at `loc` when it is not).
  std::string variable(std::int32_t slot, const sem::Loc& loc) const;
  // Binds a variable to SQL from outside (a claim's conclusion, over B's solutions).
  void bind(std::int32_t slot, std::string sql) { slots_.at(static_cast<std::size_t>(slot)) = std::move(sql); }
  // SELECT <columns> FROM ... WHERE ...; `distinct` adds DISTINCT.
  std::string select(const std::vector<std::string>& columns, bool distinct) const;

 private:
  void add_op(const plan::Op& op);
  void add_scan(const plan::Op& op);
  void add_negation(const plan::Op& op);
  void add_check(const sem::Literal& literal);
  void add_assign(const plan::Op& op);
  void add_aggregate(const plan::Op& op);
  void add_exists(const plan::Op& op);
  void add_generate(const plan::Op& op);
  std::string bind_or_check(const plan::Op& op, const std::string& value);
  static std::string aggregate_call(const sem::AggregateSpec& spec, const BodyTranslator& over);
  // An aggregate over one scan keyed by bound variables as a grouped subquery LEFT
  // JOINed on its keys: (the FROM item, its ON condition); nullopt when it is not one.
  std::optional<std::pair<std::string, std::string>> grouped_aggregate(const plan::Op& op, const std::string& alias);
  std::string fresh_alias(char prefix);
  std::string compare(sem::Cmp cmp, Kind kind, const std::string& lhs, const std::string& rhs) const;
  std::string functor_call(const sem::Expr& e) const;
  std::string arithmetic(const sem::Expr& e) const;
  std::string constant(Kind kind, std::uint64_t value, const sem::Loc& loc) const;
  [[noreturn]] void unsupported(const sem::Loc& loc, const std::string& what) const;

  const sem::Program& program_;
  const TableNames& names_;
  std::vector<std::string> slots_;  // the SQL of each bound variable; empty when unbound
  std::vector<std::string> from_;
  std::vector<std::string> from_on_;  // by FROM item: a LEFT JOIN's ON condition; empty: a plain item
  std::vector<std::string> where_;
  int* counter_;  // aliases unique across nested subqueries
  int own_counter_ = 0;
  BodyTranslator(const BodyTranslator& outer, int* counter);
};

}  // namespace kz::sql
