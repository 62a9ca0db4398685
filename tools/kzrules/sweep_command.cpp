// kzrules sweep: check a fact set at each value of one .param and mark where verdicts flip.
#include "cli.hpp"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace kzcli {

namespace {

int sweep_command(const std::string& rules, const std::string& factset, const CommonOptions& common) {
  if (common.params.size() != 1) {
    print_diagnostics(
        {kz::coded_diagnostic(kz::ErrorCode::bad_option, "sweep takes exactly one --param: NAME=FROM:TO:STEP, or NAME for the range its .param declares")});
    return exit_bad_input;
  }
  try {
    kz::CheckOptions options;
    options.eval = eval_options(common);
    options.parse.strict = common.strict;
    const auto range = kz::parse_sweep_range(common.params.front());
    std::optional<std::filesystem::path> set;
    if (!factset.empty()) set = factset;
    std::vector<std::filesystem::path> sets;
    if (set) sets.push_back(*set);
    if (!report_warnings(kz::factset_warnings(rules, sets, options.parse), common)) return exit_bad_input;
    std::cout << kz::render_sweep(kz::sweep(rules, set, range, options));
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

}  // namespace

Command register_sweep(CLI::App& app, CommonOptions& common) {
  struct Args {
    std::string rules, factset;
  };
  auto args = std::make_shared<Args>();
  auto* sweep = app.add_subcommand("sweep", "Check a fact set at each value of a .param and mark where verdicts flip");
  sweep->add_option("RULES", args->rules, "Rules file or folder")->required();
  sweep->add_option("FACTSET", args->factset, "Fact set folder or file");
  add_common(sweep, common);
  return {sweep, [args, &common] { return sweep_command(args->rules, args->factset, common); }};
}

}  // namespace kzcli
