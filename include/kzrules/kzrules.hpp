// kzrules/kzrules.hpp — everything a host program needs, in one include.
//
//   auto parsed = kz::parse_string(text);          // diagnostics as values
//   kz::Database db(*parsed.program);
//   db.add_fact("edge", {std::int64_t{1}, std::int64_t{2}});
//   db.evaluate();
//   for (const kz::Tuple& row : db.rows("path")) ...
//   for (kz::Row row : kz::relation_view(db, "path")) ...  // no copy up front
#pragma once

#include "kzrules/analysis.hpp"
#include "kzrules/backend.hpp"
#include "kzrules/check.hpp"
#include "kzrules/database.hpp"
#include "kzrules/diagnostic.hpp"
#include "kzrules/diff.hpp"
#include "kzrules/errors.hpp"
#include "kzrules/explain.hpp"
#include "kzrules/files.hpp"
#include "kzrules/postgresql.hpp"
#include "kzrules/program.hpp"
#include "kzrules/relation_view.hpp"
#include "kzrules/robustness.hpp"
#include "kzrules/value.hpp"
