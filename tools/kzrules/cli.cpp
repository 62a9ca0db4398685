// The pieces every command shares (cli.hpp).
#include "cli.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

namespace kzcli {

bool diagnostics_as_json = false;

namespace {
bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr; }

}  // namespace

void print_diagnostics(const std::vector<kz::Diagnostic>& diagnostics) {
  if (diagnostics_as_json) {
    std::cerr << kz::diagnostics_json(diagnostics);
    return;
  }
  std::cerr << kz::render(diagnostics, stderr_is_terminal());
  std::size_t errors = 0;
  for (const auto& d : diagnostics) errors += d.severity == kz::Severity::error;
  if (errors > 1) std::cerr << errors << " errors\n";
}

int exit_for(const kz::Error& error) {
  print_diagnostics(error.diagnostics());
  return error.kind() == kz::ErrorKind::resource_limit ? exit_limit : exit_bad_input;
}

// Renders DOT through Graphviz `dot -T<format>` (svg, png, pdf). Throws kz::Error when
// dot is not installed or fails.
std::string render_with_dot(const std::string& dot, const std::string& format) {
  auto fail = [](std::string message) {
    throw kz::Error(kz::ErrorKind::bad_input, kz::coded_diagnostic(kz::ErrorCode::graphviz_failed, std::move(message)));
  };
  if (format != "svg" && format != "png" && format != "pdf") fail(fmt::format("dot cannot render '{}'", format));
  // A folder of our own (mode 0700): no one can plant a link at the names dot writes.
  char folder[] = "/tmp/kzrules-graph-XXXXXX";
  if (::mkdtemp(folder) == nullptr) fail("cannot create a temporary folder for dot");
  const std::string in_path = std::string(folder) + "/map.dot";
  const std::string out_path = std::string(folder) + "/map." + format;
  auto remove_folder = [&] {
    ::unlink(in_path.c_str());
    ::unlink(out_path.c_str());
    ::rmdir(folder);
  };
  std::ofstream in(in_path, std::ios::binary);
  in << dot;
  in.close();
  if (!in) {
    remove_folder();
    throw kz::Error(kz::ErrorKind::bad_input,
                    kz::coded_diagnostic(kz::ErrorCode::cannot_write, "cannot write the map for dot in " + std::string(folder)));
  }
  const std::string command = fmt::format("dot -T{} '{}' -o '{}' 2>/dev/null", format, in_path, out_path);
  const int status = std::system(command.c_str());
  if (status != 0) {
    remove_folder();
    fail(WIFEXITED(status) && WEXITSTATUS(status) == 127
             ? "Graphviz dot is not installed (apt-get install graphviz), or use --format dot"
             : "Graphviz dot failed to render the map");
  }
  std::ifstream result(out_path, std::ios::binary);
  std::ostringstream bytes;
  bytes << result.rdbuf();
  const bool read = !result.bad() && result.is_open();
  remove_folder();
  if (!read) fail("Graphviz dot wrote no map");
  return bytes.str();
}

// The handout's maps as SVG through Graphviz; without it the page keeps the DOT text.
kz::HtmlOptions html_with_graphviz() {
  kz::HtmlOptions html;
  html.render_svg = [](const std::string& dot) -> std::optional<std::string> {
    try {
      return render_with_dot(dot, "svg");
    } catch (const kz::Error&) {
      return std::nullopt;
    }
  };
  return html;
}

bool stdout_in_color() { return ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr; }

void add_common(CLI::App* cmd, CommonOptions& common) {
  cmd->add_option("--param", common.params, "Override a .param: NAME=VALUE (repeatable)");
  cmd->add_option("--max-tuples", common.max_tuples, "Stop with exit 3 after deriving N tuples");
  // -1 and nan meant "no limit" silently; a limit is a number of seconds, 0 for none.
  cmd->add_option("--timeout", common.timeout, "Stop with exit 3 after S seconds of evaluation in all, however many evaluations the command makes (0: no limit)")
      ->check(CLI::Validator(
          [](std::string& text) {
            const double seconds = std::strtod(text.c_str(), nullptr);
            return seconds >= 0 && std::isfinite(seconds) ? std::string() : "a timeout is 0 or a positive number of seconds";
          },
          "SECONDS"));
  cmd->add_option("-j,--jobs", common.jobs, "Threads: for large recursive rules, or for several fact sets, values or removal sets")->check(CLI::Range(1u, 256u));
  cmd->add_flag("--strict", common.strict, "Treat warnings as errors: exit 2 and write nothing");
  cmd->add_option("-I,--include-dir", common.include_dirs,
                  "Look for what .include and #include name in DIR too, after the including file's folder (repeatable)");
  cmd->add_option("-M,--macro", common.macros,
                  "Define a macro for the program's # lines: NAME=VALUE, or NAME for 1 (repeatable)");
  cmd->add_flag("--wrap-integers", common.wrap_integers,
                "Let number and unsigned arithmetic wrap around at 64 bits, as Soufflé's does, instead of stopping with E0402");
}

std::optional<kz::ParseOptions> parse_options(const CommonOptions& common) {
  kz::ParseOptions options;
  options.strict = common.strict;
  options.wrap_integers = common.wrap_integers;
  for (const auto& p : common.params) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option, fmt::format("--param {}: write NAME=VALUE", p))});
      return std::nullopt;
    }
    options.param_overrides.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  options.include_dirs = common.include_dirs;
  for (const auto& m : common.macros) {
    const auto eq = m.find('=');
    std::string name = m.substr(0, eq);
    const bool named = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                       std::all_of(name.begin(), name.end(),
                                   [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    if (!named) {
      print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option,
                                              fmt::format("--macro {}: write NAME=VALUE or NAME, NAME a C identifier", m))});
      return std::nullopt;
    }
    options.macros.emplace_back(std::move(name), eq == std::string::npos ? "1" : m.substr(eq + 1));
  }
  return options;
}

void add_backend(CLI::App* cmd, CommonOptions& common) {
  cmd->add_option("--backend", common.backend,
                  "Evaluate on this PostgreSQL server instead of in process (postgresql://USER@HOST:PORT/DB, or "
                  "postgresql:///DB?host=SOCKET_DIR)");
  cmd->add_option("--keep", common.keep, "With --backend: keep the run's tables in this new schema on the server");
  cmd->add_flag("--plain-statements", common.plain_statements,
                "With --backend: only INSERTs into the tables made first, never WITH RECURSIVE or a table remade "
                "(for Citus)");
}

kz::EvalOptions eval_options(const CommonOptions& common) {
  kz::EvalOptions options;
  options.threads = common.jobs;
  options.max_tuples = common.max_tuples;
  options.timeout_seconds = common.timeout;
  options.record_provenance = common.provenance;
  if (!common.backend.empty()) {
    kz::PostgresOptions postgres;
    postgres.url = common.backend;
    if (!common.keep.empty()) postgres.keep_schema = common.keep;
    postgres.fetch_all = common.fetch_all;
    postgres.plain_statements = common.plain_statements;
    options.backend = kz::postgresql_backend(std::move(postgres));
  }
  return options;
}

std::optional<kz::Program> load_program(const std::string& path, const kz::ParseOptions& options) {
  auto parsed = kz::parse_path(path, options);
  print_diagnostics(parsed.diagnostics);  // warnings too
  if (!parsed.ok()) return std::nullopt;
  return std::move(*parsed.program);
}

bool report_warnings(const std::vector<kz::Diagnostic>& warnings, const CommonOptions& common) {
  if (!common.strict) {
    print_diagnostics(warnings);
    return true;
  }
  print_diagnostics(kz::warnings_as_errors(warnings));
  return warnings.empty();
}

}  // namespace kzcli
