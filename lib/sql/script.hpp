// A checked, planned program as SQL for PostgreSQL: one table per relation, the loading
// of inputs, and each stratum's fixpoint as statements the server runs.
//
// A non-recursive stratum is one `INSERT ... SELECT DISTINCT ... ON CONFLICT DO NOTHING`
// per rule. A recursive stratum is one PL/pgSQL block that drives the semi-naive loop
// itself: the rules once over whole tables, then, round after round, each delta version
// of each recursive rule (plan::StratumPlan::delta) into its head's table, where the
// unique index keeps out what is there already and `RETURNING` gives what is new, the
// next round's delta, until a round adds nothing. Mutual recursion, negation and
// aggregates need nothing more, because the strata already order them; and no
// recursive CTE is used, so none of its restrictions (one reference to the recursive
// table, no aggregate or negation over it, no mutual recursion) apply.
//
// Bodies are translated from the plan's operations, in the plan's order: each scan a
// table in FROM, each assignment, aggregate and range a LATERAL item after the items it
// reads, each check a condition. Symbols are `text COLLATE "C"`, so they compare and
// sort by their bytes as kzrules does; numbers and unsigned numbers are `bigint`, floats
// `double precision`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/source.hpp"
#include "plan/plan.hpp"
#include "semantics/ir.hpp"

namespace kz::sql {

struct ScriptOptions {
  // The schema the tables go in (CREATE SCHEMA IF NOT EXISTS, then search_path); none:
  // the session's current schema.
  std::optional<std::string> schema;
  // For `psql -f`: `\copy` lines that read each `.input` relation's file from this folder
  // (as the path is written); none: the caller loads the inputs itself.
  std::optional<std::string> fact_dir;
  // Tables a recursive stratum may derive before it stops with KZ501 (the tuple limit).
  std::uint64_t max_tuples = 200'000'000;
  // UNLOGGED tables: no write-ahead log, for tables that do not outlive the evaluation.
  bool unlogged = false;
  // Only INSERTs into the tables the setup made: every recursive stratum as the PL/pgSQL
  // loop, every rule an INSERT, no WITH RECURSIVE and no table remade by CREATE TABLE
  // AS — what a distributed server (Citus) needs, whose tables keep their distribution.
  bool plain_statements = false;
  // By relation: whether its table may hold rows before the strata run (loaded facts);
  // empty: the `.input` relations. A query that replaces a table keeps such rows.
  std::vector<bool> preloaded;
};

// One statement, with what a failure in it points at.
struct Statement {
  std::string text;  // without the final ';'
  // The rule a failure points at (a non-recursive rule's INSERT).
  std::optional<Loc> origin;
  // In a PL/pgSQL block: for each line of the block's body that starts a statement from a
  // rule, (line as the server counts it in an error's context, the rule's place).
  std::vector<std::pair<int, Loc>> block_lines;
  std::string comment;  // what it does, shown above it in the script
  // Statements that do the same work but name the rule that fails (a recursive query's
  // stratum as a PL/pgSQL loop): run, inside a savepoint, when this one fails.
  std::vector<Statement> fallback;
};

struct Script {
  std::vector<Statement> setup;    // schema, helper functions, tables (no indexes yet)
  std::vector<std::uint32_t> loaded;  // relations whose rows are loaded before `indexes`
  std::vector<Statement> load;     // psql's \copy lines (with ScriptOptions::fact_dir)
  std::vector<Statement> indexes;  // unique indexes and lookup indexes, then ANALYZE
  std::vector<Statement> strata;   // the fixpoint, stratum by stratum
};

// Throws kz::Error (backend_unsupported) at the first construct that has no translation:
// ord(), or a constant beyond bigint.
Script compile(const sem::Program& program, const plan::ProgramPlan& plan, const ScriptOptions& options);

// The script as `psql -f` runs it: ON_ERROR_STOP, each statement with its comment.
std::string render(const sem::Program& program, const Script& script);

// Names on the server: a relation's table (quoted), and an attribute's column (quoted).
std::string table_name(const sem::Program& program, std::uint32_t relation);
std::string column_name(const sem::Program& program, std::uint32_t relation, std::uint32_t attribute);
// The SQL type of a kind.
const char* column_type(Kind kind) noexcept;
// An identifier or a string literal, quoted for SQL.
std::string quote_identifier(const std::string& name);
std::string quote_literal(const std::string& text);

// The SQLSTATEs the helper functions raise: a bad value (E0404) and the tuple limit.
inline constexpr const char* bad_value_state = "KZ404";
inline constexpr const char* tuple_limit_state = "KZ501";

}  // namespace kz::sql
