// kzrules graph: the argument map (hypotheses, claims, links) as DOT, Argdown, or an
// image through Graphviz, coloured by a fact set's outcomes when one is given.
#include "cli.hpp"
#include "output.hpp"

#include <filesystem>

namespace kzcli {

namespace {

int graph_command(const std::string& rules, const std::string& factset, const std::string& format,
                  const std::string& output, const CommonOptions& common) {
  auto parse = parse_options(common);
  if (!parse) return exit_bad_input;
  try {
    std::optional<kz::FactSetReport> report;
    std::optional<kz::Program> program;
    if (!factset.empty()) {
      if (!report_warnings(kz::factset_warnings(rules, {factset}, *parse), common)) return exit_bad_input;
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
    write_result(text, output);
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

}  // namespace

Command register_graph(CLI::App& app, CommonOptions& common) {
  struct Args {
    std::string rules, factset, format = "dot", output;
  };
  auto args = std::make_shared<Args>();
  auto* graph = app.add_subcommand("graph", "Draw the argument map: hypotheses, claims and links");
  graph->add_option("RULES", args->rules, "Rules file or folder")->required();
  graph->add_option("FACTSET", args->factset, "Colour the map by this fact set's outcomes");
  graph->add_option("--format", args->format, "dot, argdown, or svg/png/pdf through Graphviz")
      ->check(CLI::IsMember({"dot", "argdown", "svg", "png", "pdf"}));
  graph->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  add_common(graph, common);
  return {graph, [args, &common] { return graph_command(args->rules, args->factset, args->format, args->output, common); }};
}

}  // namespace kzcli
