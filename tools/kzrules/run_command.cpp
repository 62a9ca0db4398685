// kzrules run: evaluate a Datalog program as Soufflé does, or print one of its stages.
#include "cli.hpp"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

namespace kzcli {

namespace {

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
  if (!common.keep.empty() && common.backend.empty()) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option, "--keep names a schema on the --backend server: give --backend too")});
    return exit_bad_input;
  }
  if (!show.empty()) {
    std::cout << kz::show(*program, stage_named(show));
    return exit_ok;
  }
  try {
    kz::Database db(*program);
    kz::EvalOptions evaluation = eval_options(common);
    // run reads the outputs and the .printsize counts, nothing else: every other
    // relation can go once the strata that read it are done, and an input need not be
    // read before the first stratum that reads it.
    evaluation.release_intermediate = true;
    db.evaluate_inputs(fact_dir, evaluation);
    print_diagnostics(db.warnings());  // where Soufflé warns and goes on (W0007, W0008)
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

}  // namespace

Command register_run(CLI::App& app, CommonOptions& common) {
  struct Args {
    std::string program_path, fact_dir = ".", out_dir = ".", show_stage;
  };
  auto args = std::make_shared<Args>();
  auto* run = app.add_subcommand("run", "Evaluate a Datalog program, as Soufflé does");
  run->add_option("PROGRAM", args->program_path, "Program file (.dl or .kz), or a folder of them")->required();
  run->add_option("-F,--fact-dir", args->fact_dir, "Folder the .input relations are read from");
  run->add_option("-D,--output-dir", args->out_dir, "Folder the .output relations are written to; - for stdout");
  run->add_flag("--provenance", common.provenance, "Record provenance while evaluating (to measure its cost)");
  run->add_option("--show", args->show_stage, "Print a stage of the program instead of evaluating it: ast, ir or plan")
      ->check(CLI::IsMember({"ast", "ir", "plan"}));
  add_common(run, common);
  add_backend(run, common);
  return {run, [args, &common] {
            return run_command(args->program_path, args->fact_dir, args->out_dir, args->show_stage, common);
          }};
}

}  // namespace kzcli
