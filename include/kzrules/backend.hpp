// kzrules/backend.hpp — evaluation elsewhere than in process.
//
// A Backend computes a Database's model somewhere else (a PostgreSQL server:
// kzrules/postgresql.hpp) and leaves it in the Database, so that rows(), the outputs and
// check() read it as they read an evaluation in process. Set EvalOptions::backend and
// call Database::evaluate() (or check(), which evaluates each fact set that way).
// A Backend is shared by the evaluations it serves and may be called from several
// threads at once (check with -j N): each evaluation opens its own connection.
#pragma once

#include <string>

#include "kzrules/database.hpp"
#include "kzrules/eval_options.hpp"

namespace kz {

class Backend {
 public:
  virtual ~Backend() = default;
  // How messages name it: the server's address without its password.
  virtual std::string describe() const = 0;
  // Evaluates `database` (its facts loaded, dated facts already left out) and leaves the
  // model in it. Throws kz::Error, and leaves nothing behind on the server, on failure.
  virtual void evaluate(Database& database, const EvalOptions& options) const = 0;
};

}  // namespace kz
