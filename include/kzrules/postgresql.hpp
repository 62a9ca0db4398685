// kzrules/postgresql.hpp — a program evaluated on a PostgreSQL server, and its SQL.
//
// postgresql_backend() gives a Backend (kzrules/backend.hpp) for a server address such as
// `postgresql:///research?host=/run/postgresql` or `postgresql://user@host:5432/db`
// (libpq's connection strings). Each evaluation connects and, in one transaction, makes
// a schema of its own, creates one table per relation, copies the loaded facts in, runs
// every stratum's fixpoint on the server (kzrules drives the semi-naive loop; no
// recursive CTE), runs the claims' queries, and brings the model back; then it rolls
// the transaction back, so
// nothing stays on the server — unless PostgresOptions::keep_schema names the schema,
// which is then committed with every table in it. Rows and verdicts are the same as in
// process; floats may differ in the last bits where the server sums in another order.
//
// Failures are kz::Error with these codes: E0801 the server cannot be reached, E0802 it
// refused the credentials, E0803 it rejected a statement (with the rule's place where
// one is to blame), E0804 a construct has no SQL translation, E0805 this kzrules was
// built without libpq. A failure rolls everything back, a kept schema too.
//
// sql_script() prints what such an evaluation runs, as one script for `psql -f`.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kzrules/backend.hpp"
#include "kzrules/program.hpp"

namespace kz {

struct PostgresOptions {
  std::string url;  // a libpq connection string or URI
  // Keep the run's tables in a schema of this name (which must not exist yet).
  std::optional<std::string> keep_schema;
  // Bring every derived relation back (rows(), contains() and every analysis work as
  // in process). Off: only the `.output` relations come back; the others stay on the
  // server, known here by their size — what `kzrules run` and `check` need, and much
  // less to move for a large model. The claims run on the server either way: their
  // solutions come back, and check judges them from those.
  bool fetch_all = true;
  // Only INSERTs into the tables made first: every recursion as the PL/pgSQL loop over
  // tables, never WITH RECURSIVE (in memory) and no table remade by CREATE TABLE AS (in
  // bulk). Slower on one server; what Citus needs, whose tables must keep their
  // distribution and which has no recursive queries over distributed tables.
  bool plain_statements = false;
};

// Throws kz::Error (E0805) when this kzrules was built without libpq. Nothing connects
// until the first evaluation.
std::shared_ptr<const Backend> postgresql_backend(PostgresOptions options);

// Whether this kzrules was built with the PostgreSQL backend.
bool postgresql_available() noexcept;

struct SqlScriptOptions {
  std::optional<std::string> schema;    // CREATE SCHEMA IF NOT EXISTS, then search_path
  std::optional<std::string> fact_dir;  // `\copy` each `.input` file from here (as written)
  bool plain_statements = false;        // as PostgresOptions::plain_statements
};

// The SQL that evaluates `program` on a PostgreSQL server: helper functions, one table
// per relation, the loading of inputs (with SqlScriptOptions::fact_dir), indexes, and
// every stratum. It runs as it is with `psql -f` and leaves every relation in its table.
// Throws kz::Error (E0804) at a construct with no SQL translation.
std::string sql_script(const Program& program, const SqlScriptOptions& options = {});

}  // namespace kz
