// Refining syntax errors (syntax/positions.hpp).
#include "syntax/positions.hpp"

#include <cctype>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace kz::syntax {

namespace {

// The offset of the next token at or after `at`: past white space and comments.
std::size_t next_token(std::string_view text, std::size_t at) {
  while (at < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[at]))) {
      ++at;
    } else if (text.compare(at, 2, "//") == 0) {
      while (at < text.size() && text[at] != '\n') ++at;
    } else if (text.compare(at, 2, "/*") == 0) {
      const auto end = text.find("*/", at + 2);
      if (end == std::string_view::npos) return at;
      at = end + 2;
    } else {
      break;
    }
  }
  return at;
}

// The last "/*" before `at` that no "*/" closes.
std::size_t unclosed_comment(std::string_view text, std::size_t at) {
  std::size_t open = std::string_view::npos;
  for (std::size_t i = 0; i + 1 < text.size() && i < at; ++i) {
    if (text[i] == '"') {  // a comment opener inside a string is no comment
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\') ++i;
    } else if (text.compare(i, 2, "//") == 0) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.compare(i, 2, "/*") == 0) {
      const auto end = text.find("*/", i + 2);
      if (end == std::string_view::npos) return i;
      i = end + 1;
    }
  }
  return open;
}

// Where a clause whose parse stopped at `from` goes wrong, when the cause lies further on
// than the parser reports: X3 gives the last expectation that failed, and a body literal
// that does not parse (`x >< 3`, `x = (3`) leaves the parser at the comma before it,
// expecting the clause's '.'. Scanned up to the '.' that ends the clause: a bracket that
// no bracket closes, a closer that closes nothing, or a run of comparison characters that
// is no operator.
std::optional<SyntaxError> problem_in_clause(std::string_view text, std::size_t from) {
  struct Open {
    char bracket;
    std::size_t at;
  };
  std::vector<Open> open;
  auto closer_of = [](char c) { return c == '(' ? ')' : c == '{' ? '}' : ']'; };
  auto at = [](std::size_t offset, std::string message) {
    return SyntaxError{static_cast<std::uint32_t>(offset), std::move(message), ErrorCode::syntax_error};
  };
  std::size_t i = from;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {  // strings hold any character
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\') ++i;
      continue;
    }
    if (text.compare(i, 2, "//") == 0 || text.compare(i, 2, "/*") == 0) {
      i = next_token(text, i);
      if (i < text.size() && text.compare(i, 2, "/*") == 0) break;  // never closed: reported elsewhere
      --i;
      continue;
    }
    // The clause's end: a '.' that is neither a decimal point nor part of '..'.
    if (c == '.' && !(i + 1 < text.size() && (std::isdigit(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '.')) &&
        !(i > 0 && text[i - 1] == '.'))
      break;
    if (c == '(' || c == '{' || c == '[') open.push_back({c, i});
    if (c == ')' || c == '}' || c == ']') {
      if (open.empty()) return at(i, fmt::format("this '{}' closes no bracket", c));
      if (closer_of(open.back().bracket) != c)
        return at(i, fmt::format("this '{}' does not close the '{}' before it, which needs '{}'", c,
                                 open.back().bracket, closer_of(open.back().bracket)));
      open.pop_back();
    }
    if (c == '<' || c == '>' || c == '=' || c == '!') {
      std::size_t end = i;
      while (end < text.size() && std::string_view("<>=!").find(text[end]) != std::string_view::npos) ++end;
      const std::string_view run = text.substr(i, end - i);
      bool known = run.find_first_not_of('!') == std::string_view::npos;  // negations, `!!!( ... )`
      for (const char* op : {"<", ">", "=", "<=", ">=", "!=", "=>"})
        known = known || run == op;
      if (!known)
        return at(i, fmt::format("'{}' is no operator: compare with =, !=, <, <=, > or >=", run));
      i = end - 1;
    }
  }
  if (!open.empty())
    return at(open.back().at, fmt::format("this '{}' is never closed: no '{}' before the '.' that ends the clause",
                                          open.back().bracket, closer_of(open.back().bracket)));
  return std::nullopt;
}

}  // namespace

SyntaxError refine_syntax_error(std::string_view text, SyntaxError error) {
  if (error.code == ErrorCode::unterminated_comment) {
    if (const auto open = unclosed_comment(text, error.offset); open != std::string_view::npos) {
      error.offset = static_cast<std::uint32_t>(open);
      error.message = "this block comment is never closed: no '*/' follows it";
    }
    return error;
  }
  if (error.code != ErrorCode::syntax_error && error.code != ErrorCode::not_a_statement) return error;
  const std::size_t token = next_token(text, error.offset);
  if (token < text.size() && text[token] == '#') {
    error.offset = static_cast<std::uint32_t>(token);
    error.code = ErrorCode::unsupported_construct;
    error.message = "preprocessor lines (#include, #define) are not supported: give a folder, and every .kz and .dl "
                    "file in it is read as one program";
    return error;
  }
  // A missing terminator is best shown right after what it should end; anything else
  // at the token that is wrong (a misspelled form word on the next line).
  const bool terminator = error.message.find("'.'") != std::string::npos;
  if (terminator)
    if (auto problem = problem_in_clause(text, error.offset)) return *problem;
  if (!terminator) error.offset = static_cast<std::uint32_t>(std::min(token, text.size()));
  return error;
}

}  // namespace kz::syntax
