// kzrules flip: the smallest set of facts whose removal changes a hypothesis's verdict.
#include "cli.hpp"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace kzcli {

namespace {

int flip_command(const std::string& rules, const std::string& factset, const std::string& hypothesis,
                 const kz::FlipOptions& flip_options, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  try {
    kz::CheckOptions options;
    options.eval = eval_options(common);
    options.parse = *parse;
    if (!report_warnings(kz::factset_warnings(rules, {factset}, *parse), common)) return exit_bad_input;
    std::cout << kz::render_flip(kz::flip(rules, factset, hypothesis, options, flip_options));
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

}  // namespace

Command register_flip(CLI::App& app, CommonOptions& common) {
  struct Args {
    std::string rules, factset, hypothesis;
    kz::FlipOptions options;
  };
  auto args = std::make_shared<Args>();
  auto* flip = app.add_subcommand("flip", "Find the smallest set of facts whose removal changes a hypothesis's verdict");
  flip->add_option("RULES", args->rules, "Rules file or folder")->required();
  flip->add_option("FACTSET", args->factset, "Fact set folder")->required();
  flip->add_option("HYPOTHESIS", args->hypothesis, "Hypothesis name")->required();
  flip->add_option("--budget", args->options.max_evaluations, "Most evaluations to try (default 20000)");
  flip->add_option("--max-size", args->options.max_size, "Largest removal set to try (default 4)");
  add_common(flip, common);
  return {flip, [args, &common] { return flip_command(args->rules, args->factset, args->hypothesis, args->options, common); }};
}

}  // namespace kzcli
