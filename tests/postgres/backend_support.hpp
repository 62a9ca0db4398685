// What the backend tests share: the throwaway server's address (tools/with-postgres.sh
// sets KZ_TEST_POSTGRES_URL), and comparing two evaluations of one program row by row.
#pragma once

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "support.hpp"

namespace kz::test {

// The server to test against; without one, says so in the words ctest's
// SKIP_REGULAR_EXPRESSION looks for, so the test shows as skipped, not passed.
inline std::optional<std::string> test_server() {
  const char* url = std::getenv("KZ_TEST_POSTGRES_URL");
  if (url && *url) return std::string(url);
  std::cout << "SKIPPED: no PostgreSQL server (run the tests under tools/with-postgres.sh, as tools/dev.sh test does)\n";
  return std::nullopt;
}

inline std::shared_ptr<const Backend> backend_at(const std::string& url, bool fetch_all = true,
                                                 std::optional<std::string> keep = std::nullopt,
                                                 bool plain_statements = false) {
  PostgresOptions options;
  options.url = url;
  options.fetch_all = fetch_all;
  options.keep_schema = std::move(keep);
  options.plain_statements = plain_statements;
  return postgresql_backend(std::move(options));
}

inline bool same_value(const Value& a, const Value& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    if (std::isnan(*x) || std::isnan(y)) return std::isnan(*x) && std::isnan(y);
    if (*x == y) return true;
    return std::fabs(*x - y) <= 1e-9 * std::max(std::fabs(*x), std::fabs(y));
  }
  return a == b;
}

// Every relation of the two databases holds the same rows (floats to 1e-9 relative).
inline void require_same_model(const Database& in_process, const Database& on_server) {
  for (const auto& relation : in_process.program().relations()) {
    INFO("relation " << relation.name);
    const auto expected = in_process.rows(relation.name);
    const auto got = on_server.rows(relation.name);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      REQUIRE(got[i].size() == expected[i].size());
      for (std::size_t c = 0; c < got[i].size(); ++c) {
        INFO("row " << i << " column " << c << ": " << format_value(expected[i][c]) << " in process, "
                    << format_value(got[i][c]) << " on the server");
        CHECK(same_value(got[i][c], expected[i][c]));
      }
    }
  }
}

// Evaluates `program` (inputs from `fact_dir` when given) in process and on the server,
// there once as it runs by default and once as plain statements (--plain-statements),
// and requires the same rows in every relation each time.
inline void require_same_both_ways(const std::string& url, const Program& program,
                                   const std::optional<std::filesystem::path>& fact_dir = std::nullopt) {
  Database here(program);
  if (fact_dir) here.load_inputs(*fact_dir);
  here.evaluate();
  for (bool plain_statements : {false, true}) {
    INFO((plain_statements ? "as plain statements" : "with recursive queries and tables made in bulk"));
    Database there(program);
    if (fact_dir) there.load_inputs(*fact_dir);
    EvalOptions remote;
    remote.backend = backend_at(url, true, std::nullopt, plain_statements);
    there.evaluate(remote);
    require_same_model(here, there);
  }
}

}  // namespace kz::test
