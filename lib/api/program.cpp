// Parsing facade: source texts -> parse trees -> checked, stratified, planned program.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "api/internal.hpp"
#include "core/bad_input.hpp"
#include "kzrules/errors.hpp"
#include "kzrules/program.hpp"
#include "plan/plan.hpp"
#include "semantics/lower.hpp"
#include "semantics/magic.hpp"
#include "semantics/print.hpp"
#include "semantics/warnings.hpp"
#include "syntax/grammar.hpp"
#include "syntax/positions.hpp"
#include "syntax/preprocess.hpp"
#include "syntax/print.hpp"
#include "core/source.hpp"
#include "core/system_error.hpp"
#include "io/output_files.hpp"

namespace kz {

Program::Program(std::shared_ptr<const sem::Program> model, std::shared_ptr<const plan::ProgramPlan> plan,
                 std::string name, ParseOptions options)
    : model_(std::move(model)),
      plan_(std::move(plan)),
      name_(std::move(name)),
      parse_options_(std::move(options)) {}

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

std::vector<Diagnostic> Program::warnings() const {
  std::vector<Diagnostic> out;
  for (const auto& w : model_->warnings) out.push_back(w.diagnostic);
  return out;
}

std::vector<SourceText> Program::sources() const {
  std::vector<SourceText> out;
  for (std::size_t i = 0; i < model_->sources.size(); ++i) {
    const SourceFile& file = model_->sources.file(static_cast<std::uint32_t>(i));
    out.push_back({file.name(), file.text()});
  }
  return out;
}

namespace {

// Each source file's parse tree under a `file NAME` line.
std::string show_syntax_trees(const sem::Program& model) {
  std::string out;
  for (std::uint32_t i = 0; i < model.sources.size(); ++i) {
    const SourceFile& file = model.sources.file(i);
    out += "file " + file.name() + "\n";
    auto tree = syntax::parse_program(file.text());
    if (auto* error = std::get_if<syntax::SyntaxError>(&tree))
      out += "  syntax error: " + error->message + "\n";  // unreachable: it parsed before
    else
      out += syntax::to_string(std::get<syntax::ast::Program>(tree), 2);
  }
  return out;
}

}  // namespace

std::string show(const Program& program, Stage stage) {
  const sem::Program& model = api::model_of(program);
  switch (stage) {
    case Stage::ast: return show_syntax_trees(model);
    case Stage::ir: return sem::to_string(model);
    case Stage::plan: return plan::to_string(model, api::plan_of(program));
  }
  return {};
}

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
    error = syntax::refine_syntax_error(std::string_view(text).substr(base), *error);
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

std::optional<std::string> read_file(const std::filesystem::path& path, std::string& why);

// What `.include` and `#include` read: the file named, beside the including file (when
// `beside_including`) or in one of `dirs`, the first that exists.
api::IncludeReader include_reader(std::vector<std::string> dirs, bool beside_including) {
  return [dirs = std::move(dirs), beside_including](const std::string& including, const std::string& written,
                                                    std::string& why) -> std::optional<SourceText> {
    std::vector<std::filesystem::path> candidates;
    if (std::filesystem::path(written).is_absolute()) {
      candidates.emplace_back(written);
    } else {
      if (beside_including) candidates.push_back(std::filesystem::path(including).parent_path() / written);
      for (const auto& dir : dirs) candidates.push_back(std::filesystem::path(dir) / written);
    }
    if (candidates.empty()) {
      why = "no such file";
      return std::nullopt;
    }
    std::filesystem::path target = candidates.front();  // when none exists, its error is the one shown
    for (const auto& candidate : candidates) {
      std::error_code ec;
      if (std::filesystem::exists(candidate, ec)) {
        target = candidate;
        break;
      }
    }
    std::error_code ec;
    if (std::filesystem::is_directory(target, ec)) {
      why = "it is a folder";
      return std::nullopt;
    }
    auto text = read_file(target, why);
    if (!text) {
      if (!dirs.empty() && !std::filesystem::path(written).is_absolute())
        why += fmt::format(" (looked {}in {})", beside_including ? "beside it and " : "", fmt::join(dirs, ", "));
      return std::nullopt;
    }
    return SourceText{target.lexically_normal().string(), std::move(*text)};
  };
}

// Soufflé's `#` lines and __LINE__ (syntax/preprocess.hpp): replaces the source's text
// with what they make, and says where each of its lines came from; false, with the
// error in `diagnostics`, when a directive is bad.
bool run_preprocessor(SourceText& source, LineOrigins& origins, const ParseOptions& options,
                      const api::IncludeReader* includes, std::vector<Diagnostic>& diagnostics) {
  const syntax::IncludeLookup lookup = [&](const std::string& including, const std::string& written,
                                           std::string& why) -> std::optional<syntax::IncludedText> {
    auto found = (*includes)(including, written, why);
    if (!found) return std::nullopt;
    return syntax::IncludedText{std::move(found->name), std::move(found->text)};
  };
  syntax::PreprocessOptions settings;
  settings.macros.emplace_back("RAM_DOMAIN_SIZE", "64");  // kzrules's numbers are 64-bit; Soufflé's programs test it
  settings.macros.insert(settings.macros.end(), options.macros.begin(), options.macros.end());
  settings.includes = includes ? &lookup : nullptr;
  settings.max_output_bytes = max_program_bytes;
  auto done = syntax::preprocess(source.name, source.text, settings);
  if (auto* error = std::get_if<syntax::PreprocessError>(&done)) {
    SourceLocation where;
    where.file = error->file;
    where.line = error->line;
    where.column = error->column;
    where.line_text = error->line_text;
    diagnostics.push_back(make_error(std::move(where), error->too_large ? ErrorCode::too_large : ErrorCode::bad_directive,
                                     error->message));
    return false;
  }
  auto& text = std::get<syntax::Preprocessed>(done);
  source.text = std::move(text.text);
  origins.files = std::move(text.files);
  origins.lines = std::move(text.line_origins);
  return true;
}

// Stratifies the program, after the magic-sets transformation when a `.pragma
// "magic-transform"` asks for it and the transformed program stratifies (magic rules can
// join strata that negation keeps apart: then the program runs as written).
bool stratify_with_magic(sem::Program& model, const std::vector<sem::ParsedFile>& parsed,
                         std::vector<Diagnostic>& diagnostics) {
  if (auto request = sem::magic_request(parsed)) {
    sem::Program transformed = model;
    std::vector<Diagnostic> scratch;
    if (sem::apply_magic_sets(transformed, *request) && sem::stratify(transformed, scratch)) {
      model = std::move(transformed);
      return true;
    }
  }
  return sem::stratify(model, diagnostics);
}

// Every warning of a program that lowered without errors: lowering's own (W0001, W0002,
// W0006) and Soufflé's (semantics/warnings.hpp), in source order.
std::vector<sem::Warning> all_warnings(const sem::Program& model, const std::vector<sem::ParsedFile>& parsed,
                                       const std::vector<Diagnostic>& diagnostics) {
  std::vector<sem::Warning> out;
  for (const auto& d : diagnostics)
    if (d.severity == Severity::warning) out.push_back(sem::Warning{d, std::nullopt});
  for (auto& w : sem::find_warnings(model, parsed)) out.push_back(std::move(w));
  auto file_index = [&](const std::string& name) {
    for (std::uint32_t i = 0; i < model.sources.size(); ++i)
      if (model.sources.file(i).name() == name) return i;
    return static_cast<std::uint32_t>(model.sources.size());
  };
  auto place = [&](const sem::Warning& w) {
    const SourceLocation& at = w.diagnostic.where;
    return std::make_tuple(file_index(at.file), at.line, at.column);
  };
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return place(a) < place(b); });
  return out;
}

std::string joined_names(const std::vector<SourceText>& sources) {
  std::string out;
  for (const auto& source : sources) out += (out.empty() ? "" : ", ") + source.name;
  return out;
}

}  // namespace

namespace api {

ParseResult parse_named(std::vector<SourceText> sources, const ParseOptions& options, std::string name,
                        std::size_t facts_only_from, const IncludeReader* includes) {
  ParseResult result;
  auto model = std::make_shared<sem::Program>();
  std::vector<sem::ParsedFile> parsed;
  std::set<std::string> read;  // sources by name, so that each file is included once
  for (const auto& source : sources) read.insert(source.name);
  IncludeReader from_dirs;  // a program in memory can still include from the folders given
  if (!includes && !options.include_dirs.empty()) {
    from_dirs = include_reader(options.include_dirs, false);
    includes = &from_dirs;
  }
  for (std::size_t s = 0; s < sources.size(); ++s) {  // includes append to `sources`
    SourceText source = std::move(sources[s]);
    if (source.text.size() > max_program_bytes) {
      result.diagnostics.push_back(coded_error(
          ErrorCode::too_large, fmt::format("{}: the program text is larger than {} MiB, the most a program may be "
                                            "(put large fact sets in .facts or .csv files, read through .input)",
                                            source.name, max_program_bytes >> 20)));
      return result;
    }
    // A UTF-8 byte-order mark opens many files saved on Windows: skip it, as fact files do.
    if (source.text.rfind("\xEF\xBB\xBF", 0) == 0) source.text.erase(0, 3);
    LineOrigins origins;
    if (syntax::needs_preprocessing(source.text) &&
        !run_preprocessor(source, origins, options, includes, result.diagnostics))
      continue;
    const std::uint32_t index = model->sources.add(std::move(source.name), std::move(source.text), std::move(origins));
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
    auto& items = std::get<syntax::ast::Program>(tree);
    for (const auto& item : items) {
      auto const* include = boost::get<syntax::ast::Include>(&item);
      if (!include) continue;
      const Loc at{index, include->offset, std::max<std::uint32_t>(1, include->end - include->offset)};
      if (!includes) {
        result.diagnostics.push_back(make_error(model->sources.locate(at), ErrorCode::unsupported_construct,
                                                "'.include' reads a file beside the program's: read the program "
                                                "from its file (kzrules run FILE, parse_path) to use it"));
        continue;
      }
      std::string why;
      auto included = (*includes)(model->sources.file(index).name(), include->path.value, why);
      if (!included) {
        result.diagnostics.push_back(make_error(model->sources.locate(at), ErrorCode::missing_file,
                                                fmt::format("cannot include \"{}\": {}", include->path.value, why)));
        continue;
      }
      if (sources.size() > 1000) {
        result.diagnostics.push_back(
            make_error(model->sources.locate(at), ErrorCode::too_large, "more than 1,000 files included"));
        break;
      }
      if (read.insert(included->name).second) sources.push_back(std::move(*included));
    }
    parsed.push_back(sem::ParsedFile{index, std::move(items)});
  }
  if (!result.diagnostics.empty()) {
    return result;
  }
  auto has_errors = [&] {
    return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
  };
  auto planned = std::make_shared<plan::ProgramPlan>();
  const bool ok = sem::lower(*model, parsed, sem::LowerOptions{options.param_overrides, options.as_of, facts_only_from, options.wrap_integers},
                             result.diagnostics) &&
                  !has_errors() && io::check_output_names(*model, result.diagnostics) &&
                  stratify_with_magic(*model, parsed, result.diagnostics) &&
                  plan::plan_program(*model, *planned, result.diagnostics) && !has_errors();
  if (!ok) return result;
  model->warnings = all_warnings(*model, parsed, result.diagnostics);
  result.diagnostics.clear();
  for (const auto& w : model->warnings) result.diagnostics.push_back(w.diagnostic);
  result.program = Access::make_program(std::move(model), std::move(planned), std::move(name), options);
  return result;
}

ParseResult refuse_warnings_if_strict(ParseResult parsed) {
  if (!parsed.ok() || !parsed.program->parse_options().strict || parsed.diagnostics.empty()) return parsed;
  parsed.program.reset();
  parsed.diagnostics = warnings_as_errors(std::move(parsed.diagnostics));
  return parsed;
}

}  // namespace api

ParseResult parse_sources(std::vector<SourceText> sources, const ParseOptions& options) {
  std::string name = joined_names(sources);
  return api::refuse_warnings_if_strict(api::parse_named(std::move(sources), options, std::move(name)));
}

ParseResult parse_string(std::string_view text, std::string_view name, const ParseOptions& options) {
  return api::refuse_warnings_if_strict(
      api::parse_named({SourceText{std::string(name), std::string(text)}}, options, std::string(name)));
}

namespace {

std::string too_large_text() {
  return fmt::format("it is larger than {} MiB, the most a program may be (put large fact sets in .facts or .csv "
                     "files, read through .input)",
                     max_program_bytes >> 20);
}

// A whole file, or nullopt with why it cannot be read in `why`.
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& why) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    why = "it is a folder";
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = system_error_text(errno != 0 ? errno : EACCES);
    return std::nullopt;
  }
  // Read in pieces up to the limit, so an endless file (/dev/zero) or a huge one stops
  // at max_program_bytes instead of growing until memory runs out.
  std::string text;
  char piece[1 << 16];
  while (in.read(piece, sizeof piece) || in.gcount() > 0) {
    text.append(piece, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_program_bytes) {
      why = too_large_text();
      return std::nullopt;
    }
  }
  if (in.bad()) {
    why = "a read failed";
    return std::nullopt;
  }
  return text;
}

// The path as reports show it: as given, without a trailing slash.
std::string display_name(const std::filesystem::path& path) {
  std::string s = path.string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

namespace api {

std::vector<SourceText> read_sources(const std::filesystem::path& path, std::vector<Diagnostic>& errors) {
  auto cannot_read = [&](const std::filesystem::path& file, const std::string& why) {
    errors.push_back(coded_error(ErrorCode::missing_file, fmt::format("cannot read {}: {}", file.string(), why)));
    return std::vector<SourceText>{};
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) return cannot_read(path, system_error_text(ec.value()));
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(status)) {
    std::vector<std::filesystem::path> named;  // *.kz and *.dl, in name order
    std::filesystem::directory_iterator entry(path, ec);
    for (; !ec && entry != std::filesystem::directory_iterator(); entry.increment(ec)) {
      const auto extension = entry->path().extension().string();
      if (extension == ".kz" || extension == ".dl") named.push_back(entry->path());
    }
    if (ec) return cannot_read(path, system_error_text(ec.value()));
    std::sort(named.begin(), named.end());
    for (const auto& file : named) {
      // A source that is a broken link or a link loop is an error, not a file to skip.
      std::error_code file_ec;
      const auto file_status = std::filesystem::status(file, file_ec);
      if (file_ec) return cannot_read(file, system_error_text(file_ec.value()));
      if (std::filesystem::is_regular_file(file_status)) files.push_back(file);
    }
    if (files.empty()) {
      errors.push_back(coded_error(ErrorCode::missing_file,
                                   fmt::format("cannot read rules from {}: the folder holds no .kz or .dl files",
                                               path.string())));
      return {};
    }
  } else {
    files.push_back(path);
  }
  std::vector<SourceText> sources;
  for (const auto& f : files) {
    std::string why;
    auto text = read_file(f, why);
    if (!text && why == too_large_text()) {
      errors.push_back(coded_error(ErrorCode::too_large, fmt::format("cannot read {}: {}", f.string(), why)));
      return {};
    }
    if (!text) return cannot_read(f, why);
    sources.push_back({f.string(), std::move(*text)});
  }
  return sources;
}

}  // namespace api

namespace api {

ParseResult parse_path_lenient(const std::filesystem::path& path, const ParseOptions& options) {
  ParseResult result;
  auto sources = read_sources(path, result.diagnostics);
  if (!result.diagnostics.empty()) return result;
  // `.include "file"`: beside the including file, then in the folders given, named as the
  // reading of a folder names its files, so that a file included twice (or including
  // itself) is read once.
  const IncludeReader includes = include_reader(options.include_dirs, true);
  return parse_named(std::move(sources), options, display_name(path), static_cast<std::size_t>(-1), &includes);
}

}  // namespace api

ParseResult parse_path(const std::filesystem::path& path, const ParseOptions& options) {
  return api::refuse_warnings_if_strict(api::parse_path_lenient(path, options));
}

}  // namespace kz
