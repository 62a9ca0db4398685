// kzrules explain: the proof of a derived tuple, why a tuple is not derived, or a
// claim's instances with their proofs.
#include "cli.hpp"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace kzcli {

namespace {

int explain_command(const std::string& rules, const std::string& factset, const std::string& target,
                    const std::string& format, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  try {
    if (!report_warnings(kz::factset_warnings(rules, {factset}, *parse), common)) return exit_bad_input;
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

}  // namespace

Command register_explain(CLI::App& app, CommonOptions& common) {
  struct Args {
    std::string rules, factset, target, format = "text";
  };
  auto args = std::make_shared<Args>();
  auto* explain = app.add_subcommand("explain", "Show the proof of a derived tuple, why a tuple is not derived, or a claim's instances");
  explain->add_option("RULES", args->rules, "Rules file or folder")->required();
  explain->add_option("FACTSET", args->factset, "Fact set folder or file")->required();
  explain->add_option("TARGET", args->target, "An atom such as 'path(1, 3)', or claim:NAME")->required();
  explain->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  add_common(explain, common);
  return {explain, [args, &common] { return explain_command(args->rules, args->factset, args->target, args->format, common); }};
}

}  // namespace kzcli
