// Parsing facade: source texts -> parse trees -> checked, stratified, planned program.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "kzrules/errors.hpp"
#include "kzrules/program.hpp"
#include "plan/plan.hpp"
#include "semantics/lower.hpp"
#include "syntax/grammar.hpp"
#include "core/source.hpp"

namespace kz {

Program::Program(std::shared_ptr<const sem::Program> model, std::shared_ptr<const plan::ProgramPlan> plan)
    : model_(std::move(model)), plan_(std::move(plan)) {}

std::vector<RelationInfo> Program::relations() const {
  std::vector<RelationInfo> out;
  for (const auto& r : model_->relations) {
    RelationInfo info;
    info.name = r.name;
    for (const auto& a : r.attributes) info.attributes.push_back({a.name, a.kind, a.type_name});
    info.is_input = r.input.has_value();
    info.is_output = !r.outputs.empty();
    out.push_back(std::move(info));
  }
  return out;
}

std::optional<RelationInfo> Program::relation(std::string_view name) const {
  for (auto& info : relations())
    if (info.name == name) return info;
  return std::nullopt;
}

std::vector<ParamInfo> Program::params() const {
  std::vector<ParamInfo> out;
  for (const auto& p : model_->params) {
    Value v;
    switch (p.kind) {
      case Kind::symbol: v = model_->symbols[p.value]; break;
      case Kind::number: v = static_cast<std::int64_t>(p.value); break;
      case Kind::unsigned_number: v = p.value; break;
      case Kind::float_number: {
        double d;
        std::memcpy(&d, &p.value, sizeof d);
        v = d;
        break;
      }
    }
    out.push_back({p.name, v});
  }
  return out;
}

std::vector<HypothesisInfo> Program::hypotheses() const {
  std::vector<HypothesisInfo> out;
  for (const auto& h : model_->hypotheses) out.push_back({h.name, h.text, h.source});
  return out;
}

std::size_t Program::rule_count() const { return model_->rules.size(); }

namespace {

// Reports a syntax error, then resumes at the next line that starts a statement (at
// column 1) to find more, up to a limit: one run shows every broken statement.
void report_syntax_errors(const sem::Program& model, std::uint32_t index, syntax::SyntaxError first,
                          std::vector<Diagnostic>& out) {
  const std::string& text = model.sources.file(index).text();
  constexpr std::size_t max_syntax_errors = 20;
  std::size_t reported = 0;
  std::optional<syntax::SyntaxError> error = std::move(first);
  std::uint32_t base = 0;
  while (error && reported < max_syntax_errors) {
    const std::uint32_t at = base + error->offset;
    out.push_back(make_error(model.sources.locate({index, at, 1}), error->code, error->message));
    ++reported;
    // An unterminated comment or string runs to the end: nothing after it is reliable.
    if (error->code == ErrorCode::unterminated_comment || error->code == ErrorCode::unterminated_string) break;
    std::size_t next = text.find('\n', at);
    while (next != std::string::npos) {
      const std::size_t start = next + 1;
      if (start < text.size() && (std::isalpha(static_cast<unsigned char>(text[start])) || text[start] == '.' ||
                                  text[start] == '_'))
        break;
      next = text.find('\n', start);
    }
    if (next == std::string::npos) break;
    base = static_cast<std::uint32_t>(next + 1);
    auto tree = syntax::parse_program(std::string_view(text).substr(base));
    error.reset();
    if (auto* e = std::get_if<syntax::SyntaxError>(&tree)) error = *e;
  }
}

}  // namespace

ParseResult parse_sources(std::vector<SourceText> sources, const ParseOptions& options) {
  ParseResult result;
  auto model = std::make_shared<sem::Program>();
  std::vector<sem::ParsedFile> parsed;
  for (auto& source : sources) {
    const std::uint32_t index = model->sources.add(std::move(source.name), std::move(source.text));
    const std::string& text = model->sources.file(index).text();
    if (auto bad = find_invalid_utf8(text)) {
      result.diagnostics.push_back(make_error(model->sources.locate({index, *bad, 1}), ErrorCode::invalid_utf8,
                                              "this byte is not valid UTF-8 (save the file as UTF-8)"));
      continue;
    }
    auto tree = syntax::parse_program(text);
    if (auto* error = std::get_if<syntax::SyntaxError>(&tree)) {
      report_syntax_errors(*model, index, *error, result.diagnostics);
      continue;
    }
    parsed.push_back(sem::ParsedFile{index, std::move(std::get<syntax::ast::Program>(tree))});
  }
  if (!result.diagnostics.empty()) {
    assign_codes(result.diagnostics);
    return result;
  }
  auto has_errors = [&] {
    return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
  };
  auto planned = std::make_shared<plan::ProgramPlan>();
  const bool ok = sem::lower(*model, parsed, options.param_overrides, result.diagnostics) && !has_errors() &&
                  sem::stratify(*model, result.diagnostics) &&
                  plan::plan_program(*model, *planned, result.diagnostics) && !has_errors();
  assign_codes(result.diagnostics);
  if (ok) result.program.emplace(std::move(model), std::move(planned));
  return result;
}

ParseResult parse_string(std::string_view text, std::string_view name, const ParseOptions& options) {
  return parse_sources({SourceText{std::string(name), std::string(text)}}, options);
}

namespace {

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

ParseResult parse_path(const std::filesystem::path& path, const ParseOptions& options) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path, ec)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      const auto ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".kz" || ext == ".dl")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      ParseResult r;
      Diagnostic d;
      d.message = fmt::format("{} holds no .kz or .dl files", path.string());
      r.diagnostics.push_back(d);
      return r;
    }
  } else {
    files.push_back(path);
  }
  std::vector<SourceText> sources;
  for (const auto& f : files) {
    auto text = read_file(f);
    if (!text || std::filesystem::is_directory(f, ec)) {
      ParseResult r;
      Diagnostic d;
      d.message = fmt::format("cannot read {}: no such file, or not readable", f.string());
      r.diagnostics.push_back(d);
      return r;
    }
    sources.push_back({f.string(), std::move(*text)});
  }
  return parse_sources(std::move(sources), options);
}

}  // namespace kz
