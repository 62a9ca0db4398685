// The PostgreSQL backend: one evaluation is one connection and one schema of its own.
// The facts loaded into the Database go in by COPY, the strata run as the SQL layer
// wrote them, and the relations the caller needs come back by COPY into the engine.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <random>
#include <regex>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "core/bad_input.hpp"
#include "core/floats.hpp"
#include "core/words.hpp"
#include "eval/engine.hpp"
#include "kzrules/postgresql.hpp"
#include "postgres/connection.hpp"
#include "postgres/copy_text.hpp"
#include "sql/claims.hpp"
#include "sql/script.hpp"

namespace kz {

namespace {

using postgres::Connection;
using postgres::ServerError;

std::string random_schema_name() {
  std::random_device device;
  std::mt19937_64 generator((static_cast<std::uint64_t>(device()) << 32) ^ device());
  return fmt::format("kz_run_{:016x}", generator());
}

class Evaluation {
 public:
  Evaluation(Database& database, const EvalOptions& options, const PostgresOptions& settings)
      : database_(database), engine_(api::engine_of(database)), model_(engine_.program()),
        options_(options), settings_(settings) {
    if (options.deadline) {
      deadline_ = *options.deadline;
    } else if (options.timeout_seconds > 0 && options.timeout_seconds < 1e9) {
      deadline_ = std::chrono::steady_clock::now() +
                  std::chrono::microseconds(static_cast<std::int64_t>(options.timeout_seconds * 1e6));
    }
  }

  void run() {
    sql::ScriptOptions script_options;
    schema_ = settings_.keep_schema ? *settings_.keep_schema : random_schema_name();
    script_options.schema = schema_;
    script_options.max_tuples = options_.max_tuples ? options_.max_tuples : default_max_tuples;
    script_options.unlogged = !settings_.keep_schema;  // tables that die with the run need no log
    script_options.plain_statements = settings_.plain_statements;
    script_options.preloaded.resize(model_.relations.size());
    for (std::uint32_t r = 0; r < model_.relations.size(); ++r)
      script_options.preloaded[r] = engine_.relation(r).size() > 0;
    // Translated before connecting: a construct with no SQL costs no connection.
    const sql::Script script = sql::compile(model_, api::plan_of(database_.program()), script_options);
    std::vector<sql::ClaimQuery> claim_queries;
    for (std::size_t c = 0; c < model_.claims.size(); ++c)
      claim_queries.push_back(sql::claim_query(model_, api::plan_of(database_.program()), c));
    Connection connection(settings_.url);
    connection_ = &connection;
    prepare_session();
    // One transaction: a failure rolls it back, and a run that keeps nothing rolls back
    // at the end too, so no schema, table or function is ever left half-made.
    check(connection_->run("BEGIN"), nullptr);
    in_transaction_ = true;
    try {
      check(connection_->run("CREATE SCHEMA " + sql::quote_identifier(schema_)), nullptr);
      for (const auto& s : script.setup) execute(s);
      load_facts();
      for (const auto& s : script.indexes) execute(s);
      for (const auto& s : script.strata) execute(s);
      // Claims run there too: what they find comes back, not the relations they read.
      auto claims = std::make_shared<api::RemoteClaims>();
      for (std::size_t c = 0; c < claim_queries.size(); ++c) claims->claims.push_back(run_claim(c, claim_queries[c]));
      std::vector<std::optional<std::size_t>> remote = bring_back();
      in_transaction_ = false;
      check(connection_->run(settings_.keep_schema ? "COMMIT" : "ROLLBACK"), nullptr);
      api::finish_backend_evaluation(database_, std::move(remote), std::move(claims));
    } catch (...) {
      abandon();
      throw;
    }
  }

 private:
  void prepare_session() {
    std::string exists;
    check(connection_->query_value(
              fmt::format("SELECT count(*) FROM pg_namespace WHERE nspname = {}", sql::quote_literal(schema_)), exists),
          nullptr);
    if (exists != "0")
      throw_bad_input(ErrorCode::backend_rejected,
                      fmt::format("{}: the schema '{}' exists already; --keep names a new schema, which it makes",
                                  connection_->address(), schema_));
    check(connection_->run("SET client_encoding = 'UTF8'; SET client_min_messages = warning; "
                           "SET extra_float_digits = 1; SET synchronous_commit = off"),
          nullptr);
    // A recursive query keeps every row in one hash table, and DISTINCT spills to disk
    // past work_mem: more room, unless the server gives more already.
    check(connection_->run("SELECT set_config('work_mem', '256MB', false) WHERE "
                           "pg_size_bytes(current_setting('work_mem')) < pg_size_bytes('256MB')"),
          nullptr);
  }

  void abandon() noexcept {
    if (!in_transaction_ || !connection_) return;
    in_transaction_ = false;
    (void)connection_->run("ROLLBACK");
  }

  // Time left under --timeout, as the server's statement_timeout.
  void set_time_left() {
    if (!deadline_) return;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline_ - std::chrono::steady_clock::now());
    if (left.count() <= 0) time_limit();
    check(connection_->run(fmt::format("SET statement_timeout = {}", left.count())), nullptr);
  }

  [[noreturn]] void time_limit() const {
    throw Error(ErrorKind::resource_limit,
                coded_error(ErrorCode::time_limit,
                            fmt::format("time limit: the evaluation on {} took longer than --timeout {} s",
                                        connection_->address(), options_.timeout_seconds)));
  }

  void execute(const sql::Statement& statement) {
    set_time_left();
    if (statement.fallback.empty()) {
      check(connection_->run(statement.text), &statement);
      return;
    }
    // A statement that cannot say which rule failed runs in a savepoint; if it fails,
    // its fallback (the same work, rule by rule) runs instead, and names the rule.
    check(connection_->run("SAVEPOINT kz_statement"), nullptr);
    auto error = connection_->run(statement.text);
    if (!error) {
      check(connection_->run("RELEASE SAVEPOINT kz_statement"), nullptr);
      return;
    }
    // Limits are no rule's fault: say so at once, without running the stratum again.
    if (error->sqlstate == "57014" || error->sqlstate == sql::tuple_limit_state) check(std::move(error), &statement);
    check(connection_->run("ROLLBACK TO SAVEPOINT kz_statement"), nullptr);
    for (const auto& step : statement.fallback) execute(step);
    check(std::move(error), &statement);  // the fallback went through: the first error stands
  }

  // Where a failed statement's error points: its rule, or in a PL/pgSQL block the rule
  // of the line the server names.
  std::optional<Loc> origin_of(const ServerError& error, const sql::Statement* statement) const {
    if (!statement) return std::nullopt;
    if (!statement->block_lines.empty()) {
      static const std::regex line_number(R"(line (\d+) at)");
      std::smatch m;
      if (std::regex_search(error.context, m, line_number)) {
        const int line = std::stoi(m[1].str());
        std::optional<Loc> found;
        for (const auto& [first_line, loc] : statement->block_lines)
          if (first_line <= line) found = loc;
        return found;
      }
      return std::nullopt;
    }
    return statement->origin;
  }

  void check(std::optional<ServerError> error, const sql::Statement* statement) const {
    if (!error) return;
    const std::optional<Loc> origin = origin_of(*error, statement);
    SourceLocation where = origin ? model_.sources.locate(*origin) : SourceLocation{};
    const std::string said = error->message + (error->detail.empty() ? "" : " (" + error->detail + ")");
    const std::string& state = error->sqlstate;
    if (state == "57014") time_limit();
    if (state == sql::tuple_limit_state)
      throw Error(ErrorKind::resource_limit,
                  make_error(std::move(where), ErrorCode::tuple_limit,
                             fmt::format("{} on {} (raise --max-tuples, or bound the recursion)", said,
                                         connection_->address())));
    ErrorCode code = ErrorCode::backend_rejected;
    if (state == "22003") code = ErrorCode::integer_overflow;
    if (state == "22012") code = ErrorCode::division_by_zero;
    if (state == "2201B") code = ErrorCode::bad_regex;
    if (state == sql::bad_value_state || state == "22021" || state == "22P02") code = ErrorCode::bad_runtime_value;
    throw Error(ErrorKind::bad_input,
                make_error(std::move(where), code,
                           fmt::format("{} rejected {}: {} [SQLSTATE {}]", connection_->address(),
                                       statement && origin ? "this rule" : "a statement", said, state)));
  }

  // Every relation with rows here before evaluation (input files, facts added from
  // code) goes to its table; the facts written in the program are in the script.
  void load_facts() {
    for (std::uint32_t r = 0; r < model_.relations.size(); ++r) {
      const eval::Relation& rows = engine_.relation(r);
      if (rows.size() == 0) continue;
      const auto& relation = model_.relations[r];
      const std::size_t arity = relation.arity();
      std::size_t next = 0;
      std::string refused;  // a value the server cannot hold: the copy ends, then the error
      set_time_left();
      auto status = connection_->copy_in(
          fmt::format("COPY {} FROM STDIN", sql::table_name(model_, r)), [&](std::string& chunk) {
            while (next < rows.size() && chunk.size() < (1u << 20)) {
              const eval::RowRef row = rows.row(static_cast<std::uint32_t>(next++));
              if (arity == 0) chunk += "t";
              for (std::size_t c = 0; c < arity; ++c) {
                if (c) chunk += '\t';
                const Kind kind = relation.attributes[c].kind;
                if (kind == Kind::unsigned_number && row[c] > static_cast<std::uint64_t>(INT64_MAX)) {
                  refused = fmt::format("'{}' holds the unsigned number {}u, past the server's bigint range",
                                        relation.name, row[c]);
                  return false;
                }
                postgres::append_escaped(chunk, engine_.format(kind, row[c]));
              }
              chunk += '\n';
            }
            return next < rows.size();
          });
      if (!refused.empty()) throw_bad_input(ErrorCode::backend_unsupported, refused);
      check(std::move(status), nullptr);
    }
  }

  // One claim's solutions (and whether its conclusion extends each), or its two sides.
  api::RemoteClaim run_claim(std::size_t index, const sql::ClaimQuery& query) {
    const sem::Claim& claim = model_.claims[index];
    api::RemoteClaim out;
    sql::Statement statement;
    statement.origin = claim.loc;
    std::vector<std::string> fields;
    set_time_left();
    if (!query.sides.empty()) {
      auto status = connection_->copy_out("COPY (" + query.sides + ") TO STDOUT", [&](std::string_view line) {
        if (!postgres::split_row(line, fields) || fields.size() != 2) return false;
        auto lhs = to_word(claim.lhs.kind, fields[0]), rhs = to_word(claim.rhs.kind, fields[1]);
        if (!lhs || !rhs) return false;
        out.sides = std::make_pair(*lhs, *rhs);
        return true;
      });
      check(std::move(status), &statement);
      return out;
    }
    const std::size_t columns = std::max<std::size_t>(claim.reported.size(), 1) + (query.with_extends ? 1 : 0);
    auto status = connection_->copy_out("COPY (" + query.solutions + ") TO STDOUT", [&](std::string_view line) {
      if (!postgres::split_row(line, fields) || fields.size() != columns) return false;
      std::vector<std::uint64_t> words;
      for (std::size_t k = 0; k < claim.reported.size(); ++k) {
        auto word = to_word(claim.slots.kinds[static_cast<std::size_t>(claim.reported[k])], fields[k]);
        if (!word) return false;
        words.push_back(*word);
      }
      out.solutions.push_back(std::move(words));
      if (query.with_extends) out.extends.push_back(fields.back() == "t");
      return true;
    });
    check(std::move(status), &statement);
    return out;
  }

  // The relations the caller needs, into the engine; the sizes of those left behind.
  std::vector<std::optional<std::size_t>> bring_back() {
    std::vector<bool> derived(model_.relations.size(), false);
    for (const auto& rule : model_.rules) derived[rule.head] = true;
    std::vector<std::optional<std::size_t>> remote(model_.relations.size());
    for (std::uint32_t r = 0; r < model_.relations.size(); ++r) {
      if (!derived[r]) continue;  // its rows are here already
      const auto& relation = model_.relations[r];
      const bool wanted = settings_.fetch_all || !relation.outputs.empty();
      set_time_left();
      if (!wanted) {
        std::string count;
        check(connection_->query_value("SELECT count(*) FROM " + sql::table_name(model_, r), count), nullptr);
        remote[r] = static_cast<std::size_t>(std::stoull(count));
        continue;
      }
      fetch(r);
    }
    return remote;
  }

  void fetch(std::uint32_t r) {
    const auto& relation = model_.relations[r];
    eval::Relation& rows = engine_.relation(r);
    const std::size_t arity = relation.arity();
    std::vector<std::string> fields;
    std::vector<std::uint64_t> words(std::max<std::size_t>(arity, 1));
    auto status = connection_->copy_out(
        fmt::format("COPY {} TO STDOUT", sql::table_name(model_, r)), [&](std::string_view line) {
          if (!postgres::split_row(line, fields) || fields.size() != std::max<std::size_t>(arity, 1)) return false;
          for (std::size_t c = 0; c < arity; ++c) {
            auto word = to_word(relation.attributes[c].kind, fields[c]);
            if (!word) return false;
            words[c] = *word;
          }
          rows.insert(words.data());
          return true;
        });
    check(std::move(status), nullptr);
  }

  std::optional<std::uint64_t> to_word(Kind kind, const std::string& text) {
    switch (kind) {
      case Kind::symbol: return engine_.symbols().intern(text);
      case Kind::number: {
        std::int64_t v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
        return static_cast<std::uint64_t>(v);
      }
      case Kind::unsigned_number: {
        std::uint64_t v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
        return v;
      }
      case Kind::float_number: {
        if (text == "Infinity") return float_to_word(1.0 / 0.0);
        if (text == "-Infinity") return float_to_word(-1.0 / 0.0);
        if (text == "NaN") return float_to_word(0.0 / 0.0);
        auto d = parse_float(text);
        if (!d) return std::nullopt;
        return float_to_word(*d);
      }
    }
    return std::nullopt;
  }

  Database& database_;
  eval::Engine& engine_;
  const sem::Program& model_;
  const EvalOptions& options_;
  const PostgresOptions& settings_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  Connection* connection_ = nullptr;
  std::string schema_;
  bool in_transaction_ = false;
};

class PostgresBackend final : public Backend {
 public:
  explicit PostgresBackend(PostgresOptions options)
      : options_(std::move(options)), address_(postgres::display_address(options_.url)) {}

  std::string describe() const override { return address_; }

  void evaluate(Database& database, const EvalOptions& options) const override {
    Evaluation(database, options, options_).run();
  }

 private:
  PostgresOptions options_;
  std::string address_;
};

}  // namespace

std::shared_ptr<const Backend> postgresql_backend(PostgresOptions options) {
  return std::make_shared<PostgresBackend>(std::move(options));
}

bool postgresql_available() noexcept { return true; }

}  // namespace kz
