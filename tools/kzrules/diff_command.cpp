// kzrules diff: two encodings of one argument (two students, a student and a key), what
// differs between them, their verdicts side by side, and which difference moves each
// verdict that differs.
#include "cli.hpp"

#include <filesystem>
#include <iostream>

namespace kzcli {

namespace {

struct DiffArgs {
  std::string rules_a, rules_b;
  std::vector<std::string> factsets;
  std::string format = "text";
};

// The warnings of both encodings on the fact sets both are checked on (with none, the
// folder that holds RULES_A).
std::vector<kz::Diagnostic> encodings_warnings(const DiffArgs& args, kz::ParseOptions parse,
                                               const std::vector<std::filesystem::path>& factsets) {
  std::vector<kz::FactSet> sets;
  for (const auto& f : factsets) sets.push_back(kz::FactSet::from_path(f));
  if (sets.empty()) sets.push_back(kz::FactSet::from_path(kz::factset_name(args.rules_a, std::nullopt)));
  parse.strict = false;  // judged on each fact set's program, below
  std::vector<kz::Diagnostic> out;
  for (const auto& rules : {args.rules_a, args.rules_b}) {
    auto parsed = kz::parse_path(rules, parse);
    if (!parsed.ok()) throw kz::Error(kz::ErrorKind::bad_input, parsed.diagnostics);
    for (auto& w : kz::factset_warnings(*parsed.program, sets)) out.push_back(std::move(w));
  }
  return out;
}

int diff_command(const DiffArgs& args, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  kz::CheckOptions options;
  options.eval = eval_options(common);
  options.parse = *parse;
  const std::vector<std::filesystem::path> factsets(args.factsets.begin(), args.factsets.end());
  try {
    if (!report_warnings(encodings_warnings(args, *parse, factsets), common)) return exit_bad_input;
    const kz::DiffReport report = kz::diff(args.rules_a, args.rules_b, factsets, options);
    if (args.format == "json") std::cout << kz::render_json(report);
    else if (args.format == "md") std::cout << kz::render_markdown(report);
    else std::cout << kz::render_text(report);
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

}  // namespace

Command register_diff(CLI::App& app, CommonOptions& common) {
  auto args = std::make_shared<DiffArgs>();
  auto* diff = app.add_subcommand(
      "diff", "Compare two encodings of one argument: what differs, and which difference moves each verdict");
  diff->add_option("RULES_A", args->rules_a, "The first encoding: a rules file or folder")->required();
  diff->add_option("RULES_B", args->rules_b, "The second encoding: a rules file or folder")->required();
  diff->add_option("FACTSET", args->factsets,
                   "Folders of .facts/.csv files, or files of facts (default: the folder that holds RULES_A)");
  diff->add_option("--format", args->format, "Report format")->check(CLI::IsMember({"text", "json", "md"}));
  add_common(diff, common);
  return {diff, [args, &common] { return diff_command(*args, common); }};
}

}  // namespace kzcli
