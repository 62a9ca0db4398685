// The workbench's requests (web/engine/requests.hpp): each command is a few calls of the
// library's public API, as the CLI's commands are, with JSON in and out.
#include "requests.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "kzrules/analysis.hpp"
#include "kzrules/check.hpp"
#include "kzrules/diff.hpp"
#include "kzrules/errors.hpp"
#include "kzrules/explain.hpp"
#include "kzrules/program.hpp"
#include "kzrules/robustness.hpp"

namespace kzweb {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// A request that cannot be served as asked: answered with one coded diagnostic.
struct BadRequest {
  std::string message;
};

json diagnostics_array(const std::vector<kz::Diagnostic>& diagnostics) {
  return json::parse(kz::diagnostics_json(diagnostics));
}

json failure(const std::vector<kz::Diagnostic>& diagnostics, bool limit = false) {
  json out{{"ok", false}, {"diagnostics", diagnostics_array(diagnostics)}};
  if (limit) out["limit"] = true;
  return out;
}

const json& field(const json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end()) throw BadRequest{std::string("the request has no \"") + name + "\""};
  return *it;
}

std::string text_field(const json& request, const char* name) {
  const json& value = field(request, name);
  if (!value.is_string()) throw BadRequest{std::string("\"") + name + "\" must be a string"};
  return value.get<std::string>();
}

std::vector<std::string> texts_field(const json& request, const char* name) {
  std::vector<std::string> texts;
  auto it = request.find(name);
  if (it == request.end()) return texts;
  if (!it->is_array()) throw BadRequest{std::string("\"") + name + "\" must be an array of strings"};
  for (const json& item : *it) {
    if (!item.is_string()) throw BadRequest{std::string("\"") + name + "\" must be an array of strings"};
    texts.push_back(item.get<std::string>());
  }
  return texts;
}

bool flag(const json& request, const char* name) {
  auto it = request.find(name);
  return it != request.end() && it->is_boolean() && it->get<bool>();
}

std::optional<std::uint64_t> count_field(const json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end()) return std::nullopt;
  if (!it->is_number_unsigned()) throw BadRequest{std::string("\"") + name + "\" must be a whole number"};
  return it->get<std::uint64_t>();
}

// A count that must fit a size_t, which has 32 bits in WebAssembly.
std::size_t size_field(const json& request, const char* name, std::size_t otherwise) {
  const std::optional<std::uint64_t> value = count_field(request, name);
  if (!value) return otherwise;
  if (*value > std::numeric_limits<std::size_t>::max())
    throw BadRequest{std::string("\"") + name + "\" is too large"};
  return static_cast<std::size_t>(*value);
}

// A path the request names, inside the workspace: relative, without "..".
fs::path relative_path(const std::string& text) {
  const fs::path path(text);
  if (text.empty() || path.is_absolute() || path.has_root_name())
    throw BadRequest{"\"" + text + "\" must be a relative path"};
  for (const auto& part : path)
    if (part == "..") throw BadRequest{"\"" + text + "\" must not leave the argument's folder (\"..\")"};
  return path.lexically_normal();
}

// The request's files, written into a fresh folder that is the current directory while
// the command runs, so that every path a report or a diagnostic prints is the page's own.
class Workspace {
 public:
  explicit Workspace(const json& files) {
    if (!files.is_object()) throw BadRequest{"\"files\" must map relative paths to texts"};
    // A new folder of our own (mkdtemp: a fresh name, mode 0700), never one that exists.
    std::string folder = (fs::temp_directory_path() / ("kzrules-web-" + std::to_string(::getpid()) + "-XXXXXX")).string();
    if (!::mkdtemp(folder.data())) throw BadRequest{"could not make a folder for the argument's files"};
    root_ = folder;
    try {
      for (const auto& [name, content] : files.items()) {
        if (!content.is_string()) throw BadRequest{"the file \"" + name + "\" must be a text"};
        const fs::path path = root_ / relative_path(name);
        fs::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary);
        const std::string& text = content.get_ref<const std::string&>();
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) throw BadRequest{"could not hold the file \"" + name + "\""};
      }
      previous_ = fs::current_path();
      fs::current_path(root_);
    } catch (...) {
      std::error_code ignored;
      fs::remove_all(root_, ignored);
      throw;
    }
  }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  ~Workspace() {
    std::error_code ignored;
    fs::current_path(previous_, ignored);
    fs::remove_all(root_, ignored);
  }

 private:
  fs::path root_, previous_;
};

kz::ParseOptions parse_options(const json& request) {
  kz::ParseOptions options;
  options.strict = flag(request, "strict");
  auto params = request.find("params");
  if (params != request.end()) {
    if (!params->is_object()) throw BadRequest{"\"params\" must map names to values"};
    for (const auto& [name, value] : params->items())
      options.param_overrides.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return options;
}

kz::EvalOptions eval_options(const json& request) {
  kz::EvalOptions options;
  auto timeout = request.find("timeout");
  if (timeout != request.end()) {
    if (!timeout->is_number() || timeout->get<double>() < 0) throw BadRequest{"\"timeout\" must be seconds, 0 or more"};
    options.timeout_seconds = timeout->get<double>();
  }
  if (auto max_tuples = count_field(request, "max_tuples")) options.max_tuples = *max_tuples;
  return options;
}

// The program RULES names, or the diagnostics that say why there is none.
kz::Program read_program(const json& request, const char* name = "rules") {
  kz::ParseResult parsed = kz::parse_path(relative_path(text_field(request, name)), parse_options(request));
  if (!parsed.ok()) throw kz::Error(kz::ErrorKind::bad_input, parsed.diagnostics);
  return *parsed.program;
}

// The fact sets named by "factsets" (or one "factset"); with none, as the CLI does, the
// folder that holds the rules (the rules themselves when they are a folder), read
// through `.input`. `diagnose` alone takes none to mean none.
std::vector<kz::FactSet> factsets_of(const json& request, bool default_to_rules = true) {
  std::vector<kz::FactSet> factsets;
  for (const std::string& path : texts_field(request, "factsets"))
    factsets.push_back(kz::FactSet::from_path(relative_path(path)));
  if (factsets.empty() && request.contains("factset"))
    factsets.push_back(kz::FactSet::from_path(relative_path(text_field(request, "factset"))));
  if (factsets.empty() && default_to_rules) {
    const fs::path rules = relative_path(text_field(request, request.contains("rules") ? "rules" : "rules_a"));
    const fs::path folder = fs::is_directory(rules) ? rules : rules.parent_path();
    factsets.push_back(kz::FactSet::from_path(folder.empty() ? fs::path(".") : folder));
  }
  return factsets;
}

// The one fact set of explain, flip and sweep; with `as_of` (one date), seen as of it, as
// check --as-of sees each fact set.
kz::FactSet single_factset(const json& request, const char* command) {
  std::vector<kz::FactSet> factsets = factsets_of(request);
  if (factsets.size() != 1) throw BadRequest{std::string(command) + " needs one \"factset\""};
  const std::vector<std::string> dates = texts_field(request, "as_of");
  if (dates.size() > 1) throw BadRequest{std::string(command) + " takes one date in \"as_of\""};
  if (!dates.empty()) factsets.front().as_of = dates.front();
  return factsets.front();
}

kz::CheckOptions check_options(const json& request, const kz::Program& program) {
  kz::CheckOptions options;
  options.bayes = flag(request, "bayes");
  options.explain = flag(request, "explain");
  options.robustness = flag(request, "robustness");
  options.as_of = texts_field(request, "as_of");
  options.eval = eval_options(request);
  options.parse = program.parse_options();
  for (const std::string& pattern : texts_field(request, "without"))
    options.without.push_back(kz::parse_pattern(program, pattern));
  for (const std::string& atom : texts_field(request, "with")) options.with.push_back(kz::parse_atom(program, atom));
  return options;
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// ---- the commands -----------------------------------------------------------------------

// What the editor needs as the student types: the program's diagnostics (errors, or its
// warnings and those of each fact set), and when it parses, what it declares.
json diagnose(const json& request) {
  kz::ParseResult parsed = kz::parse_path(relative_path(text_field(request, "rules")), parse_options(request));
  json out{{"ok", true}, {"program_ok", parsed.ok()}};
  if (!parsed.ok()) {
    out["diagnostics"] = diagnostics_array(parsed.diagnostics);
    return out;
  }
  const kz::Program& program = *parsed.program;
  const std::vector<kz::FactSet> factsets = factsets_of(request, false);
  out["diagnostics"] = diagnostics_array(factsets.empty() ? program.warnings() : kz::factset_warnings(program, factsets));
  json relations = json::array();
  for (const kz::RelationInfo& relation : program.relations()) {
    json attributes = json::array();
    for (const kz::AttributeInfo& attribute : relation.attributes)
      attributes.push_back({{"name", attribute.name}, {"type", attribute.type_name}});
    relations.push_back({{"name", relation.name},
                         {"attributes", std::move(attributes)},
                         {"input", relation.is_input},
                         {"output", relation.is_output}});
  }
  out["relations"] = std::move(relations);
  json hypotheses = json::array();
  for (const kz::HypothesisInfo& hypothesis : program.hypotheses())
    hypotheses.push_back({{"name", hypothesis.name}, {"text", hypothesis.text}, {"source", hypothesis.source}});
  out["hypotheses"] = std::move(hypotheses);
  json params = json::array();
  for (const kz::ParamInfo& param : program.params())
    params.push_back({{"name", param.name}, {"value", kz::format_value(param.value)}});
  out["params"] = std::move(params);
  return out;
}

json check(const json& request) {
  const auto start = std::chrono::steady_clock::now();
  const kz::Program program = read_program(request);
  const std::vector<kz::FactSet> factsets = factsets_of(request);
  const kz::CheckOptions options = check_options(request, program);
  const std::vector<kz::Diagnostic> warnings = kz::factset_warnings(program, factsets);
  const kz::CheckReport report = kz::check(program, factsets, options);
  json out{{"ok", true}, {"report", json::parse(kz::render_json(report))}, {"warnings", diagnostics_array(warnings)}};
  if (options.robustness) {
    kz::RobustnessReport robust;
    robust.rules = report.rules;
    for (const kz::FactSetReport& factset : report.factsets)
      if (factset.robustness) robust.factsets.push_back(*factset.robustness);
    out["robustness"] = json::parse(kz::render_json(robust));
  }
  out["elapsed_ms"] = milliseconds_since(start);
  return out;
}

// A claim's instances with their proofs (target "claim:NAME"), a derived tuple's proof,
// or why a tuple is not derived.
json explain(const json& request) {
  const kz::Program program = read_program(request);
  const kz::FactSet factset = single_factset(request, "explain");
  const std::string target = text_field(request, "target");
  kz::Database database = kz::open_factset(program, factset);
  kz::EvalOptions options = eval_options(request);
  options.record_provenance = true;
  database.evaluate(options);
  const std::string explanation = target.rfind("claim:", 0) == 0
                                      ? kz::claim_explanation_json(kz::explain_claim(database, target.substr(6), 5))
                                      : kz::explanation_json(kz::explain_atom(database, target));
  return {{"ok", true}, {"explanation", json::parse(explanation)}};
}

json robustness(const json& request) {
  const kz::Program program = read_program(request);
  const kz::RobustnessReport report = kz::robustness(program, factsets_of(request), check_options(request, program));
  return {{"ok", true}, {"report", json::parse(kz::render_json(report))}};
}

json flip(const json& request) {
  const kz::Program program = read_program(request);
  const kz::FactSet factset = single_factset(request, "flip");
  kz::CheckOptions options = check_options(request, program);
  options.as_of.clear();  // the fact set carries the date
  kz::FlipOptions flip_options;
  flip_options.max_evaluations = size_field(request, "budget", flip_options.max_evaluations);
  flip_options.max_size = size_field(request, "max_size", flip_options.max_size);
  const kz::FlipResult result = kz::flip(program, factset, text_field(request, "hypothesis"), options, flip_options);
  json out{{"ok", true},
           {"hypothesis", result.hypothesis},
           {"before", kz::verdict_name(result.before)},
           {"after", result.after ? json(kz::verdict_name(*result.after)) : json(nullptr)},
           {"removed", result.removed},
           {"candidates", result.candidates},
           {"evaluations", result.evaluations},
           {"complete_size", result.complete_size},
           {"stopped_early", result.stopped_early},
           {"out_of_time", result.out_of_time},
           {"text", kz::render_flip(result)}};
  return out;
}

json sweep(const json& request) {
  const kz::Program program = read_program(request);
  const kz::FactSet factset = single_factset(request, "sweep");
  kz::CheckOptions options = check_options(request, program);
  options.as_of.clear();  // the fact set carries the date
  const kz::SweepReport report = kz::sweep(program, factset, kz::parse_sweep_range(text_field(request, "param")), options);
  json rows = json::array();
  for (const kz::SweepRow& row : report.rows) {
    json verdicts = json::array();
    for (const kz::Verdict verdict : row.verdicts) verdicts.push_back(kz::verdict_name(verdict));
    rows.push_back({{"value", row.value}, {"verdicts", std::move(verdicts)}, {"flipped", row.flipped},
                    {"supports", row.supports}});
  }
  return {{"ok", true},
          {"param", report.param},
          {"factset", report.factset},
          {"hypotheses", report.hypotheses},
          {"rows", std::move(rows)}};
}

// The argument map as DOT; with a fact set, coloured by its outcomes.
json graph(const json& request) {
  const kz::Program program = read_program(request);
  const std::vector<kz::FactSet> factsets = factsets_of(request, false);
  if (factsets.empty()) return {{"ok", true}, {"dot", kz::argument_dot(program)}};
  const kz::CheckReport report = kz::check(program, {factsets.front()}, check_options(request, program));
  return {{"ok", true}, {"dot", kz::argument_dot(program, &report.factsets.front())}};
}

json diff(const json& request) {
  const kz::Program a = read_program(request, "rules_a");
  const kz::Program b = read_program(request, "rules_b");
  kz::CheckOptions options;
  options.eval = eval_options(request);
  options.bayes = flag(request, "bayes");
  options.as_of = texts_field(request, "as_of");  // both encodings seen as of the same dates
  const kz::DiffReport report = kz::diff(a, b, factsets_of(request), options);
  return {{"ok", true}, {"report", json::parse(kz::render_json(report))}, {"text", kz::render_text(report)}};
}

json run_command(const std::string& command, const json& request) {
  static const std::map<std::string, std::function<json(const json&)>> commands = {
      {"diagnose", diagnose}, {"check", check}, {"explain", explain}, {"robustness", robustness},
      {"flip", flip},         {"sweep", sweep}, {"graph", graph},     {"diff", diff},
  };
  auto it = commands.find(command);
  if (it == commands.end()) {
    std::string known;
    for (const auto& entry : commands) known += (known.empty() ? "" : ", ") + entry.first;
    throw BadRequest{"unknown command \"" + command + "\" (known: version, " + known + ")"};
  }
  Workspace workspace(field(request, "files"));
  return it->second(request);
}

}  // namespace

std::string handle_request(std::string_view request_json) {
  json response;
  try {
    try {
      const json request = json::parse(request_json);
      if (!request.is_object()) throw BadRequest{"a request is a JSON object"};
      const std::string command = text_field(request, "command");
      response = command == "version" ? json{{"ok", true}, {"version", KZ_VERSION}} : run_command(command, request);
    } catch (const kz::Error& error) {
      response = failure(error.diagnostics(), error.kind() == kz::ErrorKind::resource_limit);
    } catch (const BadRequest& bad) {
      response = failure({kz::coded_diagnostic(kz::ErrorCode::bad_request, bad.message)});
    } catch (const json::exception& bad) {
      // The parser quotes the bytes it stopped at, which need not be UTF-8.
      std::string message = std::string("malformed request: ") + bad.what();
      for (char& c : message)
        if (static_cast<unsigned char>(c) >= 0x80) c = '?';
      response = failure({kz::coded_diagnostic(kz::ErrorCode::bad_request, message)});
    } catch (const fs::filesystem_error& bad) {
      response = failure({kz::coded_diagnostic(kz::ErrorCode::bad_request, bad.what())});
    } catch (const std::exception& bad) {
      response = failure({kz::coded_diagnostic(kz::ErrorCode::internal_error, bad.what())});
    }
    // Texts that are not UTF-8 (a request's bytes quoted in an error) are replaced, not
    // a reason to throw: an exception leaving this function would end the WebAssembly module.
    return response.dump(-1, ' ', false, json::error_handler_t::replace);
  } catch (...) {
    return R"({"ok":false,"diagnostics":[{"severity":"error","code":"E0602","message":"internal error in the engine's request handler","file":"","line":0,"column":0,"line_text":"","length":1,"notes":[]}]})";
  }
}

}  // namespace kzweb
