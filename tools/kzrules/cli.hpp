// What every kzrules command shares: exit statuses, printing diagnostics, the options
// every command takes (--param, --max-tuples, --timeout, -j) and turning them into the
// library's options, and Graphviz for maps. Each command lives in its own file and
// registers itself with register_<name>(); main.cpp runs the one that was given.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "kzrules/kzrules.hpp"

namespace kzcli {

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;
constexpr int exit_limit = 3;

// --diagnostics json: errors and warnings as a JSON array, for editors.
extern bool diagnostics_as_json;

void print_diagnostics(const std::vector<kz::Diagnostic>& diagnostics);
// Prints the error's diagnostics; the exit status for it (2, or 3 for a resource limit).
int exit_for(const kz::Error& error);
// Colour on standard output: a terminal, and NO_COLOR unset.
bool stdout_in_color();

// Renders DOT through Graphviz `dot -T<format>` (svg, png, pdf). Throws kz::Error when
// dot is not installed or fails.
std::string render_with_dot(const std::string& dot, const std::string& format);
// The handout's maps as SVG through Graphviz; without it the page keeps the DOT text.
kz::HtmlOptions html_with_graphviz();

struct CommonOptions {
  bool provenance = false;
  std::vector<std::string> params;
  std::uint64_t max_tuples = 0;
  double timeout = 0;
  unsigned jobs = 1;
  bool strict = false;  // --strict: warnings are errors (exit 2, nothing written)
  // --backend postgresql://... (run and check): evaluate on that server; --keep SCHEMA
  // keeps the run's tables there. `fetch_all`: bring every derived relation back (what
  // analyses that re-derive in process need), not only outputs and what claims read.
  std::string backend;
  std::string keep;
  bool fetch_all = false;
  bool plain_statements = false;  // --plain-statements
  std::vector<std::string> include_dirs;  // -I DIR: where .include and #include also look
  bool wrap_integers = false;             // --wrap-integers
  std::vector<std::string> macros;        // -M NAME=VALUE: defined before # lines are read
};

// Adds --param, --max-tuples, --timeout, -j, --strict, -I and -M to a command.
void add_common(CLI::App* command, CommonOptions& common);
// Adds --backend and --keep (run and check).
void add_backend(CLI::App* command, CommonOptions& common);
// The parse options --param and --strict ask for; nullopt (after printing why) when malformed.
std::optional<kz::ParseOptions> parse_options(const CommonOptions& common);
// Throws kz::Error (E0805) for --backend in a build without libpq.
kz::EvalOptions eval_options(const CommonOptions& common);
// Parses PATH, printing its diagnostics (warnings too); nullopt on errors (with --strict,
// on warnings too).
std::optional<kz::Program> load_program(const std::string& path, const kz::ParseOptions& options);
// Prints the warnings of the program a command evaluates (kz::factset_warnings for the
// commands that take fact sets). Under --strict it prints them as errors instead and
// returns false: the command then exits 2 before it writes anything.
bool report_warnings(const std::vector<kz::Diagnostic>& warnings, const CommonOptions& common);

// A command: its CLI11 subcommand, and what runs when it was given (the exit status).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command register_run(CLI::App& app, CommonOptions& common);
Command register_check(CLI::App& app, CommonOptions& common);
Command register_explain(CLI::App& app, CommonOptions& common);
Command register_graph(CLI::App& app, CommonOptions& common);
Command register_sweep(CLI::App& app, CommonOptions& common);
Command register_flip(CLI::App& app, CommonOptions& common);
Command register_robustness(CLI::App& app, CommonOptions& common);
Command register_diff(CLI::App& app, CommonOptions& common);
Command register_explain_error(CLI::App& app);
Command register_sql(CLI::App& app, CommonOptions& common);

}  // namespace kzcli
