// kzrules sql: the SQL a PostgreSQL server runs to evaluate a program (what --backend
// sends), as one script for `psql -f`.
#include "cli.hpp"

#include <iostream>

namespace kzcli {

namespace {

int sql_command(const std::string& program_path, const std::string& fact_dir, const std::string& schema,
                const CommonOptions& common) {
  auto options = parse_options(common);
  if (!options) return exit_bad_input;
  auto program = load_program(program_path, *options);
  if (!program) return exit_bad_input;
  try {
    kz::SqlScriptOptions script;
    if (!fact_dir.empty()) script.fact_dir = fact_dir;
    if (!schema.empty()) script.schema = schema;
    script.plain_statements = common.plain_statements;
    const std::string text = kz::sql_script(*program, script);  // whole, before anything is printed
    std::cout << text;
    std::cout.flush();
    if (!std::cout) {
      print_diagnostics({kz::coded_diagnostic(kz::ErrorCode::cannot_write, "cannot write the script to standard output")});
      return exit_bad_input;
    }
  } catch (const kz::Error& error) {
    return exit_for(error);
  }
  return exit_ok;
}

}  // namespace

Command register_sql(CLI::App& app, CommonOptions& common) {
  struct Args {
    std::string program_path, fact_dir, schema;
  };
  auto args = std::make_shared<Args>();
  auto* sql = app.add_subcommand("sql", "Print the SQL that evaluates a program on PostgreSQL (psql -f runs it)");
  sql->add_option("PROGRAM", args->program_path, "Program file (.dl or .kz), or a folder of them")->required();
  sql->add_option("-F,--fact-dir", args->fact_dir,
                  "Load each .input relation with \\copy from this folder (as written; relative to where psql runs)");
  sql->add_option("--schema", args->schema, "Make the tables in this schema (created if missing)");
  sql->add_option("--param", common.params, "Override a .param: NAME=VALUE (repeatable)");
  sql->add_flag("--strict", common.strict, "Treat warnings as errors: exit 2 and print nothing");
  sql->add_option("-I,--include-dir", common.include_dirs,
                  "Look for what .include and #include name in DIR too, after the including file's folder (repeatable)");
  sql->add_option("-M,--macro", common.macros,
                  "Define a macro for the program's # lines: NAME=VALUE, or NAME for 1 (repeatable)");
  sql->add_flag("--plain-statements", common.plain_statements,
                "Only INSERTs into the tables made first, never WITH RECURSIVE or a table remade (for Citus)");
  return {sql, [args, &common] { return sql_command(args->program_path, args->fact_dir, args->schema, common); }};
}

}  // namespace kzcli
