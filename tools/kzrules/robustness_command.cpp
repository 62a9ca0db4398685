// kzrules robustness: which single changes — a link's test one step weaker, one fact
// removed, one ranged .param moved — move each verdict, fragile verdicts first.
#include "cli.hpp"

#include <filesystem>
#include <iostream>

namespace kzcli {

namespace {

struct RobustnessArgs {
  std::string rules;
  std::vector<std::string> factsets;
  std::string format = "text";
  std::vector<std::string> as_of;
};

int robustness_command(const RobustnessArgs& args, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  kz::CheckOptions options;
  options.eval = eval_options(common);
  options.parse = *parse;
  options.as_of = args.as_of;
  const std::vector<std::filesystem::path> factsets(args.factsets.begin(), args.factsets.end());
  try {
    if (!report_warnings(kz::factset_warnings(args.rules, factsets, options.parse), common))
      return exit_bad_input;
    const kz::RobustnessReport report = kz::robustness(args.rules, factsets, options);
    if (args.format == "json") {
      std::cout << kz::render_json(report);
    } else if (args.format == "md") {
      std::cout << kz::render_markdown(report);
    } else {
      kz::RenderOptions render;
      render.color = stdout_in_color();
      std::cout << kz::render_text(report, render);
    }
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

}  // namespace

Command register_robustness(CLI::App& app, CommonOptions& common) {
  auto args = std::make_shared<RobustnessArgs>();
  auto* command = app.add_subcommand("robustness",
                                     "For each verdict, the single changes (a weaker link, one "
                                     "fact less, a moved .param) that move it");
  command->add_option("RULES", args->rules, "Rules file, or a folder of .kz/.dl files")->required();
  command->add_option("FACTSET", args->factsets, "Folders of .facts/.csv files, or files of facts");
  command->add_option("--format", args->format, "Report format")
      ->check(CLI::IsMember({"text", "json", "md"}));
  command
      ->add_option("--as-of", args->as_of,
                   "Each fact set as of each date, as check --as-of: 1996,2001-03,2001-03-15")
      ->delimiter(',');
  add_common(command, common);
  return {command, [args, &common] { return robustness_command(*args, common); }};
}

}  // namespace kzcli
