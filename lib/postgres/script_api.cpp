// `kzrules sql`: the script, from the public Program (no server needed).
#include "api/internal.hpp"
#include "kzrules/postgresql.hpp"
#include "sql/script.hpp"

namespace kz {

std::string sql_script(const Program& program, const SqlScriptOptions& options) {
  sql::ScriptOptions script_options;
  script_options.schema = options.schema;
  script_options.fact_dir = options.fact_dir;
  script_options.plain_statements = options.plain_statements;
  const auto& model = api::model_of(program);
  return sql::render(model, sql::compile(model, api::plan_of(program), script_options));
}

}  // namespace kz
