// kzrules check: evaluate an argument's claims on each fact set and judge its
// hypotheses; with --with/--without, what moves against the report as it is.
#include "cli.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>

#include <fmt/format.h>

namespace kzcli {

namespace {

struct CheckArgs {
  std::vector<std::string> with, without;
  std::string rules;
  std::vector<std::string> factsets;
  std::string format = "text";
  std::string title;  // --title: the HTML handout's title
  bool bayes = false;
  bool explain = false;
  bool all = false;
  bool fail_on_violation = false;
  bool robustness = false;
  std::vector<std::string> as_of;
};

kz::RenderOptions render_options(const CheckArgs& args) {
  kz::RenderOptions render;
  render.all = args.all;
  render.color = stdout_in_color();
  return render;
}

kz::HtmlOptions html_options(const CheckArgs& args) {
  kz::HtmlOptions html = html_with_graphviz();
  html.all = args.all;
  html.title = args.title;
  return html;
}

// check --with/--without: the changed report, then what moved against the baseline.
int what_if(const CheckArgs& args, kz::CheckOptions options, const std::vector<std::filesystem::path>& factsets) {
  // Atoms are read against the rules' declarations; their warnings were judged already.
  kz::ParseOptions declarations = options.parse;
  declarations.strict = false;
  auto parsed = kz::parse_path(args.rules, declarations);
  if (!parsed.ok()) {
    print_diagnostics(parsed.diagnostics);
    return exit_bad_input;
  }
  for (const auto& a : args.without) options.without.push_back(kz::parse_pattern(*parsed.program, a));
  for (const auto& a : args.with) options.with.push_back(kz::parse_atom(*parsed.program, a));
  if (args.format == "html") {
    // The handout checks both ways itself, and shows what moved in a section of its own.
    std::cout << kz::render_html(args.rules, factsets, options, html_options(args));
    if (args.fail_on_violation && kz::check(args.rules, factsets, options).any_claim_failed()) return 1;
    return exit_ok;
  }
  const kz::WhatIfReport report = kz::what_if(args.rules, factsets, options);
  const auto render = render_options(args);
  if (args.format == "json") std::cout << kz::render_json(report);
  else if (args.format == "md") std::cout << kz::render_markdown(report, render);
  else std::cout << kz::render_text(report, render);
  if (args.fail_on_violation && report.changed.any_claim_failed()) return 1;
  return exit_ok;
}

int check_command(const CheckArgs& args, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  kz::CheckOptions options;
  options.bayes = args.bayes;
  options.explain = args.explain;
  if (args.all) options.explain_instances = std::numeric_limits<std::size_t>::max();
  options.parse = *parse;
  options.as_of = args.as_of;
  options.robustness = args.robustness;
  std::vector<std::filesystem::path> factsets(args.factsets.begin(), args.factsets.end());
  if (!common.backend.empty() && (args.explain || args.format == "html")) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option,
                                            "--backend: proofs (--explain, and the HTML handout's) need the evaluation "
                                            "in process; check without --backend for them")});
    return exit_bad_input;
  }
  if (!common.keep.empty() && common.backend.empty()) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option, "--keep names a schema on the --backend server: give --backend too")});
    return exit_bad_input;
  }
  if (!common.keep.empty() && (args.factsets.size() > 1 || args.as_of.size() > 1 || args.robustness ||
                               !args.with.empty() || !args.without.empty())) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option,
                                            "--keep keeps the tables of one evaluation: give one fact set and at most "
                                            "one --as-of date, without --robustness, --with or --without")});
    return exit_bad_input;
  }
  try {
    CommonOptions evaluation = common;
    // Robustness re-derives in process from the model: it needs every relation back.
    evaluation.fetch_all = args.robustness;
    options.eval = eval_options(evaluation);
    if (!report_warnings(kz::factset_warnings(args.rules, factsets, options.parse), common)) return exit_bad_input;
    if (!args.with.empty() || !args.without.empty()) return what_if(args, options, factsets);
    if (args.format == "html") {
      // The handout checks the fact sets itself, with the proofs it shows.
      std::cout << kz::render_html(args.rules, factsets, options, html_options(args));
      if (args.fail_on_violation && kz::check(args.rules, factsets, options).any_claim_failed()) return 1;
      return exit_ok;
    }
    const kz::CheckReport report = kz::check(args.rules, factsets, options);
    std::vector<kz::Diagnostic> evaluation_warnings;
    for (const auto& f : report.factsets)
      for (const auto& w : f.warnings)
        if (std::none_of(evaluation_warnings.begin(), evaluation_warnings.end(),
                         [&](const kz::Diagnostic& seen) { return seen.message == w.message; }))
          evaluation_warnings.push_back(w);
    print_diagnostics(evaluation_warnings);
    const auto render = render_options(args);
    if (args.format == "json") std::cout << kz::render_json(report);
    else if (args.format == "md") std::cout << kz::render_markdown(report, render);
    else std::cout << kz::render_text(report, render);
    if (args.fail_on_violation && report.any_claim_failed()) return 1;
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

}  // namespace

Command register_check(CLI::App& app, CommonOptions& common) {
  auto args = std::make_shared<CheckArgs>();
  auto* check = app.add_subcommand("check", "Evaluate an argument's claims and judge its hypotheses on each fact set");
  check->add_option("RULES", args->rules, "Rules file, or a folder of .kz/.dl files")->required();
  check->add_option("FACTSET", args->factsets, "Folders of .facts/.csv files, or files of facts");
  check->add_option("--format", args->format, "Report format")->check(CLI::IsMember({"text", "json", "md", "html"}));
  check->add_flag("--bayes", args->bayes, "Add posteriors and weights of evidence (Bayesian process tracing)");
  check->add_flag("--explain", args->explain, "Add proofs of the witnesses and counterexamples shown (every one with --all)");
  check->add_option("--title", args->title, "The HTML handout's title (--format html); default: Checking RULES");
  check->add_flag("--all", args->all, "List every witness and counterexample (text, Markdown and HTML)");
  check->add_flag("--robustness", args->robustness,
                  "Add which single changes (a weaker link, one fact less, a moved .param) move each verdict");
  check->add_flag("--fail-on-violation", args->fail_on_violation, "Exit 1 when a claim fails");
  check->add_option("--with", args->with, "What if this fact were added: 'atom' (repeatable)");
  check->add_option("--without", args->without, "What if these input facts were removed: 'atom', _ for any value (repeatable)");
  check->add_option("--as-of", args->as_of, "Check each fact set as of each date: 1996,2001-03,2001-03-15")->delimiter(',');
  add_common(check, common);
  add_backend(check, common);
  return {check, [args, &common] { return check_command(*args, common); }};
}

}  // namespace kzcli
