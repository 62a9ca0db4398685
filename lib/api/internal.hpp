// lib/api/internal.hpp — the library's own way behind the facade.
//
// The public headers show a Program and a Database, never what is behind them. The
// layers above the facade (lib/argument: check, explain, sweep, flip, graphs) and tests
// that look inside reach the evaluator's engine, the checked model and its plan through
// these functions, so those accessors need not be public.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kzrules/database.hpp"
#include "kzrules/program.hpp"

namespace kz::api {

// The one friend of Program and Database: it builds a Program and opens both up.
struct Access {
  static Program make_program(std::shared_ptr<const sem::Program> model, std::shared_ptr<const plan::ProgramPlan> plan,
                              std::string name, ParseOptions options) {
    return Program(std::move(model), std::move(plan), std::move(name), std::move(options));
  }
  static const std::shared_ptr<const sem::Program>& model(const Program& program) noexcept { return program.model_; }
  static const std::shared_ptr<const plan::ProgramPlan>& plan(const Program& program) noexcept {
    return program.plan_;
  }
  static eval::Engine& engine(Database& database) noexcept { return *database.engine_; }
  static const eval::Engine& engine(const Database& database) noexcept { return *database.engine_; }
  static std::vector<std::optional<std::size_t>>& remote_sizes(Database& database) noexcept {
    return database.remote_sizes_;
  }
  static std::shared_ptr<const RemoteClaims>& remote_claims(Database& database) noexcept {
    return database.remote_claims_;
  }
  static const std::shared_ptr<const RemoteClaims>& remote_claims(const Database& database) noexcept {
    return database.remote_claims_;
  }
};

// The evaluator behind a Database: its relations, symbols and provenance.
inline eval::Engine& engine_of(Database& database) noexcept { return Access::engine(database); }
inline const eval::Engine& engine_of(const Database& database) noexcept { return Access::engine(database); }

// The checked model behind a Program (relations, rules, hypotheses, claims, sources).
inline const sem::Program& model_of(const Program& program) noexcept { return *Access::model(program); }
// How it is evaluated: each rule's and claim's join order and indexes.
inline const plan::ProgramPlan& plan_of(const Program& program) noexcept { return *Access::plan(program); }
// The same, shared: what an engine keeps alive.
inline const std::shared_ptr<const sem::Program>& shared_model_of(const Program& program) noexcept {
  return Access::model(program);
}
inline const std::shared_ptr<const plan::ProgramPlan>& shared_plan_of(const Program& program) noexcept {
  return Access::plan(program);
}

// What a backend found for one claim, as the engine's words (symbols interned in its
// table): the distinct solutions of B's reported variables, whether C extends each
// (forall, most, share), and for `holds` the two sides, if the body had a solution.
struct RemoteClaim {
  std::vector<std::vector<std::uint64_t>> solutions;
  std::vector<bool> extends;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> sides;
};
struct RemoteClaims {
  std::vector<RemoteClaim> claims;  // by claim index
};

// Ends an evaluation a Backend made: the engine holds the rows it brought back, and
// `remote_sizes` (by relation id; empty or nullopt for a relation held here) says the
// size of each relation left on the server. `claims`, when given, is what the server
// found for every claim: check judges them from it.
void finish_backend_evaluation(Database& database, std::vector<std::optional<std::size_t>> remote_sizes,
                               std::shared_ptr<const RemoteClaims> claims = nullptr);
// What the backend found for claim `index`, or null (evaluated in process).
const RemoteClaim* remote_claim(const Database& database, std::size_t index);

// parse_sources, with the name reports give the program (Program::name()).
// Database::evaluate without the facts written in the language whose rule ids are listed
// (flip's removal sets). Dates the rows first, as evaluate does.
void evaluate_without_facts(Database& database, const EvalOptions& options,
                            const std::vector<std::uint32_t>& fact_rules);

// Sources from index `facts_only_from` on are a fact set's: they may hold only facts and
// coverage lines (.unobserved, .dated, .as_of); anything else there is an error.
// It never refuses a program for its warnings, even under ParseOptions::strict: the
// functions that read a fact set with a program judge the warnings of the program they
// evaluate (the rules alone may use a relation whose facts only a fact set's file holds).
//
// `.include "file"` is read through `includes` (the including source's name, the path
// as written; the source, or nothing with `why` set), each file once; without a reader,
// an include is an error (a program in memory has no folder to read from).
using IncludeReader =
    std::function<std::optional<SourceText>(const std::string& including, const std::string& path, std::string& why)>;
ParseResult parse_named(std::vector<SourceText> sources, const ParseOptions& options, std::string name,
                        std::size_t facts_only_from = static_cast<std::size_t>(-1),
                        const IncludeReader* includes = nullptr);
// parse_path, as leniently.
ParseResult parse_path_lenient(const std::filesystem::path& path, const ParseOptions& options);
// What the public parse functions give: under its ParseOptions::strict, a program that
// warns is refused, its warnings made errors.
ParseResult refuse_warnings_if_strict(ParseResult parsed);

// The texts parse_path reads: a file, or a folder's `.kz` and `.dl` files sorted by
// name. On a missing or unreadable file, or a folder without any, `errors` gets the
// diagnostic and the result is empty.
std::vector<SourceText> read_sources(const std::filesystem::path& path, std::vector<Diagnostic>& errors);

}  // namespace kz::api
