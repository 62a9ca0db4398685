// The kzrules command line: a thin client of the public API in include/kzrules/. It
// also runs Graphviz for maps and handouts: the library itself never runs a process.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <iostream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "kzrules/kzrules.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_bad_input = 2;
constexpr int exit_limit = 3;

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr; }

bool diagnostics_as_json = false;  // --diagnostics json

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
  char in_path[] = "/tmp/kzrules-graph-XXXXXX";
  const int fd = ::mkstemp(in_path);
  if (fd < 0) fail("cannot create a temporary file for dot");
  {
    std::ofstream in(in_path, std::ios::binary);
    in << dot;
  }
  ::close(fd);
  const std::string out_path = std::string(in_path) + "." + format;
  const std::string command = fmt::format("dot -T{} '{}' -o '{}' 2>/dev/null", format, in_path, out_path);
  const int status = std::system(command.c_str());
  ::unlink(in_path);
  if (status != 0) {
    ::unlink(out_path.c_str());
    fail(WIFEXITED(status) && WEXITSTATUS(status) == 127
             ? "Graphviz dot is not installed (apt-get install graphviz), or use --format dot"
             : "Graphviz dot failed to render the map");
  }
  std::ifstream result(out_path, std::ios::binary);
  std::ostringstream bytes;
  bytes << result.rdbuf();
  ::unlink(out_path.c_str());
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

struct CommonOptions {
  bool provenance = false;
  std::vector<std::string> params;
  std::uint64_t max_tuples = 0;
  double timeout = 0;
  unsigned jobs = 1;
};

std::optional<kz::ParseOptions> parse_options(const CommonOptions& common) {
  kz::ParseOptions options;
  for (const auto& p : common.params) {
    auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option, fmt::format("--param {}: write NAME=VALUE", p))});
      return std::nullopt;
    }
    options.param_overrides.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  return options;
}

kz::EvalOptions eval_options(const CommonOptions& common) {
  kz::EvalOptions options;
  options.threads = common.jobs;
  options.max_tuples = common.max_tuples;
  options.timeout_seconds = common.timeout;
  options.record_provenance = common.provenance;
  return options;
}

std::optional<kz::Program> load_program(const std::string& path, const kz::ParseOptions& options) {
  auto parsed = kz::parse_path(path, options);
  print_diagnostics(parsed.diagnostics);  // warnings too
  if (!parsed.ok()) return std::nullopt;
  return std::move(*parsed.program);
}

// --show=STAGE: the stage's text instead of an evaluation.
kz::Stage stage_named(const std::string& name) {
  if (name == "ast") return kz::Stage::ast;
  if (name == "ir") return kz::Stage::ir;
  return kz::Stage::plan;
}

int run_command(const std::string& program_path, const std::string& fact_dir, const std::string& out_dir,
                const std::string& show, const CommonOptions& common) {
  auto options = parse_options(common);
  if (!options) return exit_bad_input;
  auto program = load_program(program_path, *options);
  if (!program) return exit_bad_input;
  if (!show.empty()) {
    std::cout << kz::show(*program, stage_named(show));
    return exit_ok;
  }
  try {
    kz::Database db(*program);
    db.load_inputs(fact_dir);
    db.evaluate(eval_options(common));
    if (out_dir == "-") {
      db.write_outputs(std::cout);
    } else {
      db.write_outputs(out_dir, &std::cout);
    }
    for (const auto& [name, size] : db.print_sizes()) std::cout << name << '\t' << size << '\n';
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

struct CheckArgs {
  std::vector<std::string> with, without;
  std::string rules;
  std::vector<std::string> factsets;
  std::string format = "text";
  bool bayes = false;
  bool explain = false;
  bool all = false;
  bool fail_on_violation = false;
};

// check --with/--without: the changed report, then what moved against the baseline.
int what_if(const CheckArgs& args, kz::CheckOptions options, const std::vector<std::filesystem::path>& factsets) {
  const kz::CheckReport baseline = kz::check(args.rules, factsets, options);
  // Atoms are read against the rules' declarations.
  auto parsed = kz::parse_path(args.rules, options.parse);
  if (!parsed.ok()) {
    print_diagnostics(parsed.diagnostics);
    return exit_bad_input;
  }
  for (const auto& a : args.without) options.without.push_back(kz::parse_pattern(*parsed.program, a));
  for (const auto& a : args.with) options.with.push_back(kz::parse_atom(*parsed.program, a));
  const kz::CheckReport changed = kz::check(args.rules, factsets, options);
  kz::RenderOptions render;
  render.all = args.all;
  render.color = ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
  if (args.format == "json") {
    std::cout << kz::render_json(changed);
  } else {
    std::cout << (args.format == "md" ? kz::render_markdown(changed, render) : kz::render_text(changed, render));
    std::vector<std::string> changes;
    for (const auto& a : args.without) changes.push_back("--without " + a);
    for (const auto& a : args.with) changes.push_back("--with " + a);
    std::cout << kz::render_moves(kz::compare_checks(baseline, changed), changes);
  }
  if (args.fail_on_violation && changed.any_claim_failed()) return 1;
  return exit_ok;
}

int explain_command(const std::string& rules, const std::string& factset, const std::string& target,
                    const std::string& format, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  try {
    kz::Database db = kz::open_factset(rules, std::filesystem::path(factset), *parse);
    auto options = eval_options(common);
    options.record_provenance = true;
    db.evaluate(options);
    if (target.rfind("claim:", 0) == 0) {
      auto e = kz::explain_claim(db, target.substr(6), 5);
      std::cout << (format == "json" ? kz::claim_explanation_json(e) : kz::render_claim_explanation(e));
    } else {
      auto e = kz::explain_atom(db, target);
      std::cout << (format == "json" ? kz::explanation_json(e) : kz::render_explanation(e));
    }
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

int graph_command(const std::string& rules, const std::string& factset, const std::string& format,
                  const std::string& output, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  try {
    std::optional<kz::FactSetReport> report;
    std::optional<kz::Program> program;
    if (!factset.empty()) {
      kz::Database db = kz::open_factset(rules, std::filesystem::path(factset), *parse);
      db.evaluate(eval_options(common));
      report = kz::check_database(db, kz::factset_name(rules, std::filesystem::path(factset)));
      program = db.program();
    } else {
      program = load_program(rules, *parse);
      if (!program) return exit_bad_input;
    }
    const kz::FactSetReport* r = report ? &*report : nullptr;
    std::string text;
    if (format == "argdown") text = kz::argument_argdown(*program, r);
    else if (format == "dot") text = kz::argument_dot(*program, r);
    else text = render_with_dot(kz::argument_dot(*program, r), format);
    if (output.empty() || output == "-") {
      std::cout << text;
    } else {
      std::ofstream out(output, std::ios::binary);
      out << text;
      if (!out) {
        print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::cannot_write, "cannot write " + output)});
        return exit_bad_input;
      }
    }
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

int sweep_command(const std::string& rules, const std::string& factset, const CommonOptions& common) {
  if (common.params.size() != 1) {
    print_diagnostics(
        {kz::coded_diagnostic(kz::ErrorCode::bad_option, "sweep takes exactly one --param NAME=FROM:TO:STEP")});
    return exit_bad_input;
  }
  try {
    kz::CheckOptions options;
    options.eval = eval_options(common);
    const auto range = kz::parse_sweep_range(common.params.front());
    std::optional<std::filesystem::path> set;
    if (!factset.empty()) set = factset;
    std::cout << kz::render_sweep(kz::sweep(rules, set, range, options));
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

int flip_command(const std::string& rules, const std::string& factset, const std::string& hypothesis,
                 const kz::FlipOptions& flip_options, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  try {
    kz::CheckOptions options;
    options.eval = eval_options(common);
    options.parse = *parse;
    std::cout << kz::render_flip(kz::flip(rules, factset, hypothesis, options, flip_options));
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

int check_command(const CheckArgs& args, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  kz::CheckOptions options;
  options.bayes = args.bayes;
  options.eval = eval_options(common);
  options.parse = *parse;
  std::vector<std::filesystem::path> factsets(args.factsets.begin(), args.factsets.end());
  try {
    if (!args.with.empty() || !args.without.empty()) return what_if(args, options, factsets);
    const kz::CheckReport report = kz::check(args.rules, factsets, options);
    kz::RenderOptions render;
    render.all = args.all;
    render.color = ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
    if (args.format == "json") {
      std::cout << kz::render_json(report);
    } else if (args.format == "html") {
      std::cout << kz::render_html(args.rules, factsets, options, html_with_graphviz());
    } else if (args.format == "md") {
      std::cout << kz::render_markdown(report, render);
    } else {
      std::cout << kz::render_text(report, render);
    }
    if (args.fail_on_violation && report.any_claim_failed()) return 1;
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kzrules: a Datalog rules engine for stating and checking arguments"};
  app.set_version_flag("--version", std::string("kzrules ") + KZ_VERSION);
  app.require_subcommand(1);
  std::string diagnostics_format = "text";
  app.add_option("--diagnostics", diagnostics_format, "How errors are printed: text, or json for editors")
      ->check(CLI::IsMember({"text", "json"}));

  CommonOptions common;
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--param", common.params, "Override a .param: NAME=VALUE (repeatable)");
    cmd->add_option("--max-tuples", common.max_tuples, "Stop with exit 3 after deriving N tuples");
    cmd->add_option("--timeout", common.timeout, "Stop with exit 3 after S seconds of evaluation");
    cmd->add_option("-j,--jobs", common.jobs, "Threads: for large recursive rules, or for several fact sets, values or removal sets")->check(CLI::Range(1u, 256u));
  };

  std::string program_path, fact_dir = ".", out_dir = ".", show_stage;
  auto* run = app.add_subcommand("run", "Evaluate a Datalog program, as Soufflé does");
  run->add_option("PROGRAM", program_path, "Program file (.dl or .kz), or a folder of them")->required();
  run->add_option("-F,--fact-dir", fact_dir, "Folder the .input relations are read from");
  run->add_option("-D,--output-dir", out_dir, "Folder the .output relations are written to; - for stdout");
  run->add_flag("--provenance", common.provenance, "Record provenance while evaluating (to measure its cost)");
  run->add_option("--show", show_stage, "Print a stage of the program instead of evaluating it: ast, ir or plan")
      ->check(CLI::IsMember({"ast", "ir", "plan"}));
  add_common(run);

  CheckArgs check_args;
  auto* check = app.add_subcommand("check", "Evaluate an argument's claims and judge its hypotheses on each fact set");
  check->add_option("RULES", check_args.rules, "Rules file, or a folder of .kz/.dl files")->required();
  check->add_option("FACTSET", check_args.factsets, "Folders of .facts/.csv files, or files of facts");
  check->add_option("--format", check_args.format, "Report format")->check(CLI::IsMember({"text", "json", "md", "html"}));
  check->add_flag("--bayes", check_args.bayes, "Add posteriors and weights of evidence (Bayesian process tracing)");
  check->add_flag("--explain", check_args.explain, "Show a proof for each witness and counterexample");
  check->add_flag("--all", check_args.all, "List every witness and counterexample (text and Markdown)");
  check->add_flag("--fail-on-violation", check_args.fail_on_violation, "Exit 1 when a claim fails");
  check->add_option("--with", check_args.with, "What if this fact were added: 'atom' (repeatable)");
  check->add_option("--without", check_args.without, "What if these input facts were removed: 'atom', _ for any value (repeatable)");
  add_common(check);

  std::string explain_rules, explain_factset, explain_target, explain_format = "text";
  auto* explain = app.add_subcommand("explain", "Show the proof of a derived tuple, why a tuple is not derived, or a claim's instances");
  explain->add_option("RULES", explain_rules, "Rules file or folder")->required();
  explain->add_option("FACTSET", explain_factset, "Fact set folder or file")->required();
  explain->add_option("TARGET", explain_target, "An atom such as 'path(1, 3)', or claim:NAME")->required();
  explain->add_option("--format", explain_format, "Output format")->check(CLI::IsMember({"text", "json"}));
  add_common(explain);

  std::string graph_rules, graph_factset, graph_format = "dot", graph_output;
  auto* graph = app.add_subcommand("graph", "Draw the argument map: hypotheses, claims and links");
  graph->add_option("RULES", graph_rules, "Rules file or folder")->required();
  graph->add_option("FACTSET", graph_factset, "Colour the map by this fact set's outcomes");
  graph->add_option("--format", graph_format, "dot, argdown, or svg/png/pdf through Graphviz")
      ->check(CLI::IsMember({"dot", "argdown", "svg", "png", "pdf"}));
  graph->add_option("-o,--output", graph_output, "Write to this file instead of standard output");
  add_common(graph);

  std::string sweep_rules, sweep_factset;
  auto* sweep = app.add_subcommand("sweep", "Check a fact set at each value of a .param and mark where verdicts flip");
  sweep->add_option("RULES", sweep_rules, "Rules file or folder")->required();
  sweep->add_option("FACTSET", sweep_factset, "Fact set folder or file");
  add_common(sweep);

  std::string flip_rules, flip_factset, flip_hypothesis;
  kz::FlipOptions flip_options;
  auto* flip = app.add_subcommand("flip", "Find the smallest set of facts whose removal changes a hypothesis's verdict");
  flip->add_option("RULES", flip_rules, "Rules file or folder")->required();
  flip->add_option("FACTSET", flip_factset, "Fact set folder")->required();
  flip->add_option("HYPOTHESIS", flip_hypothesis, "Hypothesis name")->required();
  flip->add_option("--budget", flip_options.max_evaluations, "Most evaluations to try (default 20000)");
  flip->add_option("--max-size", flip_options.max_size, "Largest removal set to try (default 4)");
  add_common(flip);

  std::string error_code;
  auto* explain_error = app.add_subcommand("explain-error", "Explain an error code (E0101); with none, print the catalogue");
  explain_error->add_option("CODE", error_code, "An error code such as E0101");

  try {
    app.parse(argc, argv);
    diagnostics_as_json = diagnostics_format == "json";
  } catch (const CLI::Success& e) {  // --help, --help-all and --version too: they derive from it
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option, e.what())});
    std::cerr << "Run with --help for usage.\n";
    return exit_bad_input;
  }

  try {
    if (explain_error->parsed()) {
      if (error_code.empty()) {
        std::cout << kz::catalogue_markdown();
        return exit_ok;
      }
      auto entry = kz::find_error(error_code);
      if (!entry) {
        print_diagnostics({kz::coded_diagnostic(
            kz::ErrorCode::bad_option,
            fmt::format("no error {} (codes run {} to {}; `kzrules explain-error` lists them)", error_code,
                        kz::error_catalogue().front().code, kz::error_catalogue().back().code))});
        return exit_bad_input;
      }
      std::cout << kz::render_entry(*entry);
      return exit_ok;
    }
    if (run->parsed()) return run_command(program_path, fact_dir, out_dir, show_stage, common);
    if (check->parsed()) return check_command(check_args, common);
    if (graph->parsed()) return graph_command(graph_rules, graph_factset, graph_format, graph_output, common);
    if (sweep->parsed()) return sweep_command(sweep_rules, sweep_factset, common);
    if (flip->parsed()) return flip_command(flip_rules, flip_factset, flip_hypothesis, flip_options, common);
    if (explain->parsed()) return explain_command(explain_rules, explain_factset, explain_target, explain_format, common);
  } catch (const kz::Error& error) {
    return exit_for(error);
  } catch (const std::bad_alloc&) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::out_of_memory,
                                            "out of memory: the machine could not give what this run needed")});
    return exit_limit;
  } catch (const std::filesystem::filesystem_error& e) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::missing_file, e.what())});
    return exit_bad_input;
  } catch (const std::exception& e) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::internal_error, e.what())});
    return exit_bad_input;
  }
  return exit_ok;
}
