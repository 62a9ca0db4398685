#include "kzrules/diagnostic.hpp"
#include "kzrules/errors.hpp"

#include <fmt/format.h>

namespace kz {

namespace {

const char* severity_word(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::error: return "\033[1;31m";
    case Severity::warning: return "\033[1;35m";
    case Severity::note: return "\033[1;36m";
  }
  return "";
}

void render_one(std::string& out, const Diagnostic& d, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  const auto& w = d.where;
  if (!w.file.empty()) {
    if (w.line > 0)
      out += fmt::format("{}{}:{}:{}:{} ", bold, w.file, w.line, w.column, reset);
    else
      out += fmt::format("{}{}:{} ", bold, w.file, reset);
  }
  out += fmt::format("{}{}:{} {}{}\n", color ? severity_color(d.severity) : "", severity_word(d.severity), reset,
                     d.message, d.code.empty() ? "" : " [" + d.code + "]");
  if (!w.file.empty() && w.line > 0) {
    // The gutter widens with the line number (line 100000 has six digits).
    const std::size_t gutter = std::max<std::size_t>(5, std::to_string(w.line).size());
    out += fmt::format("{:>{}} | {}\n", w.line, gutter, w.line_text);
    const std::uint32_t column = w.caret_column ? w.caret_column : w.column;
    std::string pad;
    // Keep tabs so the caret lines up under tab-indented text.
    for (std::uint32_t i = 0; i + 1 < column && i < w.line_text.size(); ++i)
      pad += w.line_text[i] == '\t' ? '\t' : ' ';
    std::uint32_t const room =
        column <= w.line_text.size() ? static_cast<std::uint32_t>(w.line_text.size()) - column + 1 : 1;
    std::uint32_t const len = std::max<std::uint32_t>(1, std::min(w.length, room));
    out += fmt::format("{} | {}{}^{}{}\n", std::string(gutter, ' '), pad, color ? "\033[1;32m" : "",
                       std::string(len - 1, '~'), reset);
  }
  for (const auto& note : d.notes) render_one(out, note, color);
}

}  // namespace

std::string render(const Diagnostic& diagnostic, bool color) {
  std::string out;
  render_one(out, diagnostic, color);
  return out;
}

std::string render(const std::vector<Diagnostic>& diagnostics, bool color) {
  std::string out;
  for (const auto& d : diagnostics) render_one(out, d, color);
  return out;
}

std::vector<Diagnostic> warnings_as_errors(std::vector<Diagnostic> diagnostics) {
  for (auto& d : diagnostics)
    if (d.severity == Severity::warning) d.severity = Severity::error;
  return diagnostics;
}

namespace {
std::string first_message(const std::vector<Diagnostic>& ds) {
  return ds.empty() ? std::string("kzrules error") : ds.front().message;
}
}  // namespace

Error::Error(ErrorKind kind, std::vector<Diagnostic> diagnostics)
    : std::runtime_error(first_message(diagnostics)), kind_(kind), diagnostics_(std::move(diagnostics)) {}

Error::Error(ErrorKind kind, Diagnostic diagnostic)
    : Error(kind, std::vector<Diagnostic>{std::move(diagnostic)}) {}

}  // namespace kz
