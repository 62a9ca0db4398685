// The kzrules command line: a thin client of the public API in include/kzrules/. Each
// command is in its own file (cli.hpp lists them); this one parses the command line,
// runs the command given, and turns what escapes it into a diagnostic and an exit status.
// It also runs Graphviz for maps and handouts: the library itself never runs a process.
#include <filesystem>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli.hpp"
#include "output.hpp"

namespace kzcli {

Command register_explain_error(CLI::App& app) {
  auto code = std::make_shared<std::string>();
  auto* command = app.add_subcommand("explain-error", "Explain an error code (E0101); with none, print the catalogue");
  command->add_option("CODE", *code, "An error code such as E0101");
  return {command, [code] {
            if (code->empty()) {
              std::cout << kz::catalogue_markdown();
              return exit_ok;
            }
            auto entry = kz::find_error(*code);
            if (!entry) {
              print_diagnostics({kz::coded_diagnostic(
                  kz::ErrorCode::bad_option,
                  fmt::format("no error {} (codes run {} to {}; `kzrules explain-error` lists them)", *code,
                              kz::error_catalogue().front().code, kz::error_catalogue().back().code))});
              return exit_bad_input;
            }
            std::cout << kz::render_entry(*entry);
            return exit_ok;
          }};
}

}  // namespace kzcli

int main(int argc, char** argv) {
  using namespace kzcli;
  capture_standard_output();
  kz::remove_temporary_files_on_signals();  // an interrupted run leaves no temporary file
  CLI::App app{"kzrules: a Datalog rules engine for stating and checking arguments"};
  app.set_version_flag("--version", std::string("kzrules ") + KZ_VERSION);
  app.require_subcommand(1);
  std::string diagnostics_format = "text";
  app.add_option("--diagnostics", diagnostics_format, "How errors are printed: text, or json for editors")
      ->check(CLI::IsMember({"text", "json"}));

  CommonOptions common;
  const std::vector<Command> commands = {
      register_run(app, common),   register_check(app, common), register_explain(app, common),
      register_graph(app, common), register_sweep(app, common), register_flip(app, common),
      register_diff(app, common),  register_robustness(app, common), register_explain_error(app),
      register_sql(app, common),
  };

  try {
    app.parse(argc, argv);
    diagnostics_as_json = diagnostics_format == "json";
  } catch (const CLI::Success& e) {  // --help, --help-all and --version too: they derive from it
    return finish_standard_output(app.exit(e));
  } catch (const CLI::ParseError& e) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::bad_option, e.what())});
    std::cerr << "Run with --help for usage.\n";
    return exit_bad_input;
  }

  try {
    for (const auto& command : commands)
      if (command.app->parsed()) return finish_standard_output(command.run());
  } catch (const kz::Error& error) {
    return exit_for(error);
  } catch (const std::bad_alloc&) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::out_of_memory,
                                            "out of memory: the machine could not give what this run needed")});
    return exit_limit;
  } catch (const std::filesystem::filesystem_error& e) {
    // The library reports its own file errors; this is a last resort, still with a code.
    print_diagnostics({kz::coded_diagnostic(
        kz::ErrorCode::missing_file, fmt::format("cannot read {}: {}", e.path1().string(), e.code().message()))});
    return exit_bad_input;
  } catch (const std::exception& e) {
    print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::internal_error, e.what())});
    return exit_bad_input;
  }
  return exit_ok;
}
