#include "syntax/preprocess.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>

namespace kz::syntax {

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r'; }

// Soufflé's programs never nest macros or includes deeply; these bounds stop a runaway
// text (a file that includes itself, a chain of ten thousand macros) with an error
// instead of a stack overflow.
constexpr int deepest_include = 64;
constexpr int deepest_expansion = 256;

struct Macro {
  bool function_like = false;
  bool variadic = false;
  std::vector<std::string> params;
  std::string body;
};

// One physical line of a file: where it starts and ends (without its line end).
struct Line {
  std::size_t begin = 0, end = 0;
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') continue;
    lines.push_back({start, i});
    start = i + 1;
  }
  if (start < text.size()) lines.push_back({start, text.size()});
  return lines;
}

// Whether a line goes on to the next: it ends with a backslash (before any \r).
bool continues(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return !line.empty() && line.back() == '\\';
}

// The end of a string literal that starts at `i` (the byte after its closing quote, or
// the line end when it is not closed: the parser reports that).
std::size_t skip_string(std::string_view text, std::size_t i) {
  const char quote = text[i++];
  while (i < text.size() && text[i] != '\n') {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
      i += 2;
      continue;
    }
    if (text[i++] == quote) break;
  }
  return i;
}

// A C integer literal's value (decimal, 0x, 0b, leading-0 octal, suffixes u and l).
std::optional<std::int64_t> integer_literal(std::string_view s) {
  while (!s.empty() && (s.back() == 'u' || s.back() == 'U' || s.back() == 'l' || s.back() == 'L')) s.remove_suffix(1);
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, s.remove_prefix(2);
  else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) base = 2, s.remove_prefix(2);
  else if (s.size() > 1 && s[0] == '0') base = 8, s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) {
    int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                                : 99;
    if (digit >= base) return std::nullopt;
    value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(digit);  // wraps, as C's does
  }
  return static_cast<std::int64_t>(value);
}

// `#if`'s expression, after `defined` and macros are replaced: C's integer constant
// expressions over 64-bit values, any identifier left being 0.
class ConditionEvaluator {
 public:
  explicit ConditionEvaluator(std::string_view text) : text_(text) {}

  // The value, or nullopt with why in `error`.
  std::optional<std::int64_t> evaluate(std::string& error) {
    std::int64_t value = conditional();
    skip_blanks();
    if (error_.empty() && pos_ < text_.size()) error_ = "unexpected '" + std::string(1, text_[pos_]) + "' in #if";
    if (!error_.empty()) {
      error = error_;
      return std::nullopt;
    }
    return value;
  }

 private:
  void skip_blanks() {
    while (pos_ < text_.size() && (is_blank(text_[pos_]) || text_[pos_] == '\n')) ++pos_;
  }
  bool take(std::string_view op) {
    skip_blanks();
    if (text_.substr(pos_, op.size()) != op) return false;
    // `<` is not the start of `<<` or `<=`, `&` not of `&&`, `|` not of `||`, `!` not of `!=`.
    if (op.size() == 1 && pos_ + 1 < text_.size()) {
      const char next = text_[pos_ + 1];
      if ((op == "<" || op == ">") && (next == op[0] || next == '=')) return false;
      if ((op == "&" || op == "|") && next == op[0]) return false;
      if ((op == "!" || op == "=") && next == '=') return false;
    }
    pos_ += op.size();
    return true;
  }
  void fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }

  // Counts a level of nesting for as long as it lives: `#if ((((...`, `!!!!...` or
  // `1 ? 1 ? ...` thousands deep would otherwise overflow the stack.
  struct Level {
    ConditionEvaluator& self;
    explicit Level(ConditionEvaluator& s) : self(s) {
      if (++self.depth_ > 200) self.fail("#if nests more than 200 deep");
    }
    ~Level() { --self.depth_; }
    bool too_deep() const { return !self.error_.empty(); }
  };

  std::int64_t conditional() {
    const Level level(*this);
    if (level.too_deep()) return 0;
    std::int64_t c = binary(0);
    if (!take("?")) return c;
    std::int64_t yes = conditional();
    if (!take(":")) fail("'?' without ':' in #if");
    std::int64_t no = conditional();
    return c != 0 ? yes : no;
  }

  // Precedence climbing over C's binary operators, loosest first.
  std::int64_t binary(int level) {
    static const std::vector<std::vector<std::string_view>> levels = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"<<", ">>"}, {"+", "-"},
        {"*", "/", "%"}};
    if (level == static_cast<int>(levels.size())) return unary();
    std::int64_t left = binary(level + 1);
    for (;;) {
      std::string_view op;
      for (auto candidate : levels[static_cast<std::size_t>(level)])
        if (take(candidate)) {
          op = candidate;
          break;
        }
      if (op.empty() || !error_.empty()) return left;
      std::int64_t right = binary(level + 1);
      left = apply(op, left, right);
    }
  }

  std::int64_t apply(std::string_view op, std::int64_t a, std::int64_t b) {
    const auto ua = static_cast<std::uint64_t>(a), ub = static_cast<std::uint64_t>(b);
    if (op == "||") return (a != 0 || b != 0) ? 1 : 0;
    if (op == "&&") return (a != 0 && b != 0) ? 1 : 0;
    if (op == "|") return static_cast<std::int64_t>(ua | ub);
    if (op == "^") return static_cast<std::int64_t>(ua ^ ub);
    if (op == "&") return static_cast<std::int64_t>(ua & ub);
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "<=") return a <= b;
    if (op == ">=") return a >= b;
    if (op == "<") return a < b;
    if (op == ">") return a > b;
    if (op == "<<") return b < 0 || b > 63 ? 0 : static_cast<std::int64_t>(ua << b);
    if (op == ">>") return b < 0 || b > 63 ? (a < 0 ? -1 : 0) : a >> b;
    if (op == "+") return static_cast<std::int64_t>(ua + ub);
    if (op == "-") return static_cast<std::int64_t>(ua - ub);
    if (op == "*") return static_cast<std::int64_t>(ua * ub);
    if (b == 0) {
      fail("division by zero in #if");
      return 0;
    }
    if (a == INT64_MIN && b == -1) return op == "/" ? a : 0;
    return op == "/" ? a / b : a % b;
  }

  std::int64_t unary() {
    const Level level(*this);
    if (level.too_deep()) return 0;
    if (take("!")) return unary() == 0 ? 1 : 0;
    if (take("~")) return static_cast<std::int64_t>(~static_cast<std::uint64_t>(unary()));
    if (take("-")) return static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(unary()));
    if (take("+")) return unary();
    if (take("(")) {
      std::int64_t v = conditional();
      if (!take(")")) fail("'(' without ')' in #if");
      return v;
    }
    skip_blanks();
    if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
      auto value = integer_literal(text_.substr(start, pos_ - start));
      if (!value) fail("'" + std::string(text_.substr(start, pos_ - start)) + "' is not an integer in #if");
      return value.value_or(0);
    }
    if (pos_ < text_.size() && is_ident_start(text_[pos_])) {  // a name no macro defines is 0, as in C
      while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
      return 0;
    }
    if (pos_ < text_.size() && text_[pos_] == '\'') {
      const std::size_t end = skip_string(text_, pos_);
      const std::int64_t c = end > pos_ + 1 ? static_cast<unsigned char>(text_[pos_ + 1]) : 0;
      pos_ = end;
      return c;
    }
    fail(pos_ < text_.size() ? "unexpected '" + std::string(1, text_[pos_]) + "' in #if" : "#if ends too early");
    return 0;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
  int depth_ = 0;
};

struct Stop {};  // thrown to unwind once `error` is set

class Preprocessor {
 public:
  explicit Preprocessor(const PreprocessOptions& options) : options_(options) {
    for (const auto& [name, value] : options.macros) macros_[name] = Macro{false, false, {}, value};
  }

  void run_file(const std::string& name, std::string_view text, int depth) {
    const auto file = static_cast<std::uint32_t>(out_.files.size());
    out_.files.push_back(name);
    File f{name, text, split_lines(text), file};
    std::vector<Conditional> conditionals;
    bool in_comment = false;  // inside a block comment at the start of the line
    std::size_t chunk_first = 0;  // the first line of the text not yet written
    for (std::size_t l = 0; l < f.lines.size(); ++l) {
      const Line& line = f.lines[l];
      std::size_t hash = line.begin;
      while (hash < line.end && is_blank(text[hash])) ++hash;
      if (in_comment || hash == line.end || text[hash] != '#') {
        in_comment = ends_in_comment(text.substr(line.begin, line.end - line.begin), in_comment);
        continue;
      }
      write_text(f, chunk_first, l, active(conditionals));
      std::size_t last = l;  // a directive goes on over lines that end with a backslash
      while (last + 1 < f.lines.size() && continues(text.substr(f.lines[last].begin, f.lines[last].end - f.lines[last].begin)))
        ++last;
      std::string directive;
      for (std::size_t k = l; k <= last; ++k) {
        std::string_view piece = text.substr(f.lines[k].begin, f.lines[k].end - f.lines[k].begin);
        if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
        if (k < last) piece.remove_suffix(1);
        directive += piece;
        directive += ' ';
      }
      at_ = {&f, l, hash - line.begin + 1};
      const bool included = run_directive(f, directive.substr(hash - line.begin + 1), conditionals, depth);
      if (!included)
        for (std::size_t k = l; k <= last; ++k) emit_line(f, k, "");
      l = last;
      chunk_first = last + 1;
    }
    write_text(f, chunk_first, f.lines.size(), active(conditionals));
    if (!conditionals.empty()) {
      at_ = {&f, conditionals.back().line, 1};
      fail("this #" + conditionals.back().opened_by + " has no #endif");
    }
  }

  void fail(std::string message, bool too_large = false) {
    PreprocessError e;
    if (expanding_text_) at_ = {current_file_, line_, 1};  // a macro call in the text, not a directive
    if (at_.file && !at_.file->lines.empty()) {
      at_.line = std::min(at_.line, at_.file->lines.size() - 1);
      const Line& line = at_.file->lines[at_.line];
      e.file = at_.file->name;
      e.line = static_cast<std::uint32_t>(at_.line + 1);
      e.column = static_cast<std::uint32_t>(at_.column);
      e.line_text = std::string(at_.file->text.substr(line.begin, line.end - line.begin));
    }
    e.message = std::move(message);
    e.too_large = too_large;
    error_ = std::move(e);
    throw Stop{};
  }

  Preprocessed out_;
  std::optional<PreprocessError> error_;

 private:
  struct File {
    std::string name;
    std::string_view text;
    std::vector<Line> lines;
    std::uint32_t index;
  };
  struct Conditional {
    bool outer_active;  // whether the group around this one is read
    bool active;        // whether the branch now open is read
    bool taken;         // whether some branch has been read
    bool seen_else;
    std::size_t line;
    std::string opened_by;
  };
  // Where an error is reported: a file's line (0-based) and column.
  struct At {
    const File* file = nullptr;
    std::size_t line = 0;
    std::size_t column = 1;
  };

  static bool active(const std::vector<Conditional>& conditionals) {
    return conditionals.empty() || conditionals.back().active;
  }

  // Whether a block comment is still open at the end of `line`.
  static bool ends_in_comment(std::string_view line, bool in_comment) {
    for (std::size_t i = 0; i < line.size();) {
      if (in_comment) {
        if (line.substr(i, 2) == "*/") {
          in_comment = false;
          i += 2;
        } else {
          ++i;
        }
      } else if (line.substr(i, 2) == "//") {
        return false;
      } else if (line.substr(i, 2) == "/*") {
        in_comment = true;
        i += 2;
      } else if (line[i] == '"' || line[i] == '\'') {
        i = skip_string(line, i);
      } else {
        ++i;
      }
    }
    return in_comment;
  }

  void emit_line(const File& f, std::size_t line, std::string_view content) {
    out_.text.append(content);
    out_.text += '\n';
    out_.line_origins.emplace_back(f.index, static_cast<std::uint32_t>(line + 1));
    check_size();
  }

  void check_size() { check_size_of(out_.text); }

  // Lines [first, last) of `f`, with macros expanded when `read`, else blank: a line the
  // preprocessor leaves out still holds its place, so that later lines keep their numbers.
  void write_text(const File& f, std::size_t first, std::size_t last, bool read) {
    if (first >= last) return;
    if (!read) {
      for (std::size_t l = first; l < last; ++l) emit_line(f, l, "");
      return;
    }
    const std::string_view chunk = f.text.substr(f.lines[first].begin, f.lines[last - 1].end - f.lines[first].begin);
    current_file_ = &f;
    line_ = first;
    std::string expanded;
    expanding_text_ = true;
    expand(chunk, expanded, 0, true);
    expanding_text_ = false;
    // Expansion keeps every line end (a call's arguments over several lines are followed
    // by as many line ends), so the chunk's lines are the output's, one for one.
    std::size_t start = 0;
    for (std::size_t l = first; l < last; ++l) {
      std::size_t end = expanded.find('\n', start);
      if (end == std::string::npos) end = expanded.size();
      emit_line(f, l, std::string_view(expanded).substr(start, end - start));
      start = std::min(expanded.size(), end + 1);
    }
    if (start < expanded.size()) out_.text.append(expanded, start, std::string::npos);  // never: same count
  }

  // Replaces every macro in `text`; `top` when `text` is the file's own (it then keeps
  // the current line number, for __LINE__ and for errors).
  void expand(std::string_view text, std::string& out, int depth, bool top) {
    if (depth > deepest_expansion) fail("macros nest more than " + std::to_string(deepest_expansion) + " deep");
    std::size_t i = 0;
    while (i < text.size()) {
      const char c = text[i];
      if (c == '\n') {
        out += c;
        ++i;
        if (top) ++line_;
      } else if (text.substr(i, 2) == "//") {
        const std::size_t end = std::min(text.size(), text.find('\n', i));
        out.append(text.substr(i, end - i));
        i = end;
      } else if (text.substr(i, 2) == "/*") {
        std::size_t end = text.find("*/", i + 2);
        end = end == std::string_view::npos ? text.size() : end + 2;
        const std::string_view comment = text.substr(i, end - i);
        out.append(comment);
        if (top) line_ += static_cast<std::size_t>(std::count(comment.begin(), comment.end(), '\n'));
        i = end;
      } else if (c == '"' || c == '\'') {
        const std::size_t end = skip_string(text, i);
        out.append(text.substr(i, end - i));
        i = end;
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        std::size_t end = i;
        while (end < text.size() && (is_ident_char(text[end]) || text[end] == '.')) ++end;
        out.append(text.substr(i, end - i));
        i = end;
      } else if (is_ident_start(c)) {
        std::size_t end = i;
        while (end < text.size() && is_ident_char(text[end])) ++end;
        const std::string name(text.substr(i, end - i));
        i = end;
        expand_name(name, text, i, out, depth, top);
      } else {
        out += c;
        ++i;
      }
      check_size_of(out);
    }
  }

  void check_size_of(const std::string& text) {
    if (text.size() > options_.max_output_bytes)
      fail("macros expand this program past " + std::to_string(options_.max_output_bytes >> 20) +
               " MiB, the most a program may be",
           true);
  }

  // `name` was just read from `text`, `i` after it: writes what it stands for.
  void expand_name(const std::string& name, std::string_view text, std::size_t& i, std::string& out, int depth,
                   bool top) {
    if (name == "__LINE__") {
      out += std::to_string(line_ + 1);
      return;
    }
    if (name == "__FILE__") {
      out += quoted(current_file_ ? current_file_->name : "");
      return;
    }
    auto found = macros_.find(name);
    if (found == macros_.end() || disabled_.count(name) != 0) {
      out += name;
      return;
    }
    const Macro macro = found->second;  // a copy: an argument's expansion cannot change it
    if (!macro.function_like) {
      disabled_.insert(name);
      expand(macro.body, out, depth + 1, false);
      disabled_.erase(name);
      return;
    }
    // A function-like macro's name not followed by '(' is a plain name, as in C.
    std::size_t open = i;
    std::size_t line_ends = 0;
    while (open < text.size() && (is_blank(text[open]) || text[open] == '\n')) line_ends += text[open++] == '\n';
    if (open >= text.size() || text[open] != '(') {
      out += name;
      return;
    }
    std::vector<std::string> arguments;
    std::size_t close = collect_arguments(text, open, arguments, line_ends, name);
    i = close;
    if (arguments.size() == 1 && macro.params.empty() && !macro.variadic && trim(arguments[0]).empty())
      arguments.clear();
    if (macro.variadic ? arguments.size() < macro.params.size() - 1 : arguments.size() != macro.params.size())
      fail("macro '" + name + "' takes " + std::to_string(macro.params.size() - (macro.variadic ? 1 : 0)) +
           (macro.variadic ? " or more" : "") + " arguments, but is given " + std::to_string(arguments.size()));
    if (macro.variadic) {  // the arguments past the named ones are __VA_ARGS__, commas and all
      std::string rest;
      for (std::size_t k = macro.params.size() - 1; k < arguments.size(); ++k)
        rest += (k + 1 == macro.params.size() ? "" : ",") + arguments[k];
      arguments.resize(macro.params.size() - 1);
      arguments.push_back(rest);
    }
    const std::string substituted = substitute(macro, arguments, depth);
    disabled_.insert(name);
    expand(substituted, out, depth + 1, false);
    disabled_.erase(name);
    out.append(line_ends, '\n');  // the line ends the call spanned, so that lines keep their numbers
    if (top) line_ += line_ends;
  }

  // The arguments of a call whose '(' is at `open`, split at top-level commas, comments
  // made spaces and line ends counted in `line_ends`; returns the index after ')'.
  std::size_t collect_arguments(std::string_view text, std::size_t open, std::vector<std::string>& arguments,
                                std::size_t& line_ends, const std::string& name) {
    int nesting = 0;
    std::string current;
    std::size_t i = open + 1;
    while (i < text.size()) {
      const char c = text[i];
      if (c == '"' || c == '\'') {
        const std::size_t end = skip_string(text, i);
        current.append(text.substr(i, end - i));
        i = end;
        continue;
      }
      if (text.substr(i, 2) == "//") {
        while (i < text.size() && text[i] != '\n') ++i;
        current += ' ';
        continue;
      }
      if (text.substr(i, 2) == "/*") {
        std::size_t end = text.find("*/", i + 2);
        end = end == std::string_view::npos ? text.size() : end + 2;
        line_ends += static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(i),
                                                         text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
        current += ' ';
        i = end;
        continue;
      }
      ++i;
      if (c == '\n') {
        ++line_ends;
        current += ' ';
      } else if (c == '(') {
        ++nesting;
        current += c;
      } else if (c == ')' && nesting > 0) {
        --nesting;
        current += c;
      } else if (c == ')') {
        arguments.push_back(current);
        return i;
      } else if (c == ',' && nesting == 0) {
        arguments.push_back(current);
        current.clear();
      } else {
        current += c;
      }
    }
    fail("the call of macro '" + name + "' has no closing ')'");
    return text.size();
  }

  // The macro's body with its parameters replaced: by the argument as written next to
  // `#` and `##`, by the argument with its macros expanded elsewhere.
  std::string substitute(const Macro& macro, const std::vector<std::string>& arguments, int depth) {
    auto parameter = [&](std::string_view word) -> int {
      for (std::size_t p = 0; p < macro.params.size(); ++p)
        if (macro.params[p] == word) return static_cast<int>(p);
      return -1;
    };
    const std::string_view body = macro.body;
    std::string out;
    bool paste_next = false;  // the previous token was `##`: the next parameter is taken as written
    std::size_t i = 0;
    auto next_is_paste = [&](std::size_t from) {
      while (from < body.size() && is_blank(body[from])) ++from;
      return body.substr(from, 2) == "##";
    };
    while (i < body.size()) {
      const char c = body[i];
      if (body.substr(i, 2) == "##") {
        while (!out.empty() && is_blank(out.back())) out.pop_back();
        i += 2;
        while (i < body.size() && is_blank(body[i])) ++i;
        paste_next = true;
        continue;
      }
      if (c == '#') {  // `#param`: the argument as a string literal
        std::size_t j = i + 1;
        while (j < body.size() && is_blank(body[j])) ++j;
        std::size_t end = j;
        while (end < body.size() && is_ident_char(body[end])) ++end;
        const int p = parameter(body.substr(j, end - j));
        if (p >= 0) {
          out += quoted(trim(arguments[static_cast<std::size_t>(p)]));
          i = end;
          paste_next = false;
          continue;
        }
      }
      if (c == '"' || c == '\'') {
        const std::size_t end = skip_string(body, i);
        out.append(body.substr(i, end - i));
        i = end;
        paste_next = false;
        continue;
      }
      if (is_ident_start(c)) {
        std::size_t end = i;
        while (end < body.size() && is_ident_char(body[end])) ++end;
        const std::string_view word = body.substr(i, end - i);
        const int p = parameter(word);
        if (p < 0) {
          out.append(word);
        } else if (paste_next || next_is_paste(end)) {
          out += trim(arguments[static_cast<std::size_t>(p)]);
        } else {
          expand(arguments[static_cast<std::size_t>(p)], out, depth + 1, false);
        }
        i = end;
        paste_next = false;
        continue;
      }
      out += c;
      if (!is_blank(c)) paste_next = false;
      ++i;
    }
    return out;
  }

  static std::string trim(std::string_view s) {
    while (!s.empty() && (is_blank(s.front()) || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (is_blank(s.back()) || s.back() == '\n')) s.remove_suffix(1);
    return std::string(s);
  }

  static std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }

  // A directive's text after its '#'. Returns whether it wrote lines of its own (an
  // #include), so that the caller need not hold its place with a blank line.
  bool run_directive(const File& f, std::string_view directive, std::vector<Conditional>& conditionals, int depth) {
    std::size_t i = 0;
    while (i < directive.size() && is_blank(directive[i])) ++i;
    std::size_t end = i;
    while (end < directive.size() && is_ident_char(directive[end])) ++end;
    const std::string word(directive.substr(i, end - i));
    std::string_view rest = directive.substr(end);
    const bool reading = active(conditionals);
    at_.column += i;

    if (word == "if" || word == "ifdef" || word == "ifndef") {
      bool value = false;
      if (reading) value = word == "if" ? evaluate_condition(rest) : (defined_name(rest, word) == (word == "ifdef"));
      conditionals.push_back({reading, reading && value, reading && value, false, at_.line, word});
      return false;
    }
    if (word == "elif" || word == "else") {
      if (conditionals.empty()) fail("#" + word + " without #if");
      Conditional& c = conditionals.back();
      if (c.seen_else) fail("#" + word + " after #else");
      if (word == "else") {
        c.seen_else = true;
        c.active = c.outer_active && !c.taken;
      } else {
        c.active = c.outer_active && !c.taken && evaluate_condition(rest);
      }
      c.taken = c.taken || c.active;
      return false;
    }
    if (word == "endif") {
      if (conditionals.empty()) fail("#endif without #if");
      conditionals.pop_back();
      return false;
    }
    if (!reading) return false;  // other directives in a group left out are not read
    if (word == "define") {
      define(rest);
      return false;
    }
    if (word == "undef") {
      defined_name(rest, word);  // checks that a name is given
      macros_.erase(name_in(rest));
      return false;
    }
    if (word == "include") return include(f, rest, depth);
    if (word == "error") fail("#error" + std::string(rest.substr(0, rest.find_last_not_of(' ') + 1)));
    if (word.empty() || word == "pragma" || word == "line" || word == "warning" || word == "ident") return false;
    fail("'#" + word + "' is not a preprocessor directive kzrules reads (#define, #undef, #include, #if, #ifdef, "
         "#ifndef, #elif, #else, #endif, #error)");
    return false;
  }

  static std::string name_in(std::string_view rest) {
    std::size_t i = 0;
    while (i < rest.size() && is_blank(rest[i])) ++i;
    std::size_t end = i;
    while (end < rest.size() && is_ident_char(rest[end])) ++end;
    return std::string(rest.substr(i, end - i));
  }

  bool defined_name(std::string_view rest, const std::string& word) {
    const std::string name = name_in(rest);
    if (name.empty() || !is_ident_start(name[0])) fail("#" + word + " needs a macro name");
    return macros_.count(name) != 0 || name == "__LINE__" || name == "__FILE__";
  }

  void define(std::string_view rest) {
    std::size_t i = 0;
    while (i < rest.size() && is_blank(rest[i])) ++i;
    std::size_t end = i;
    while (end < rest.size() && is_ident_char(rest[end])) ++end;
    const std::string name(rest.substr(i, end - i));
    if (name.empty() || !is_ident_start(name[0])) fail("#define needs a macro name");
    if (name == "defined" || name == "__LINE__" || name == "__FILE__") fail("'" + name + "' cannot be defined");
    Macro macro;
    i = end;
    if (i < rest.size() && rest[i] == '(') {  // '(' right after the name: a function-like macro
      macro.function_like = true;
      std::size_t close = rest.find(')', i);
      if (close == std::string_view::npos) fail("the parameter list of macro '" + name + "' has no ')'");
      std::string_view list = rest.substr(i + 1, close - i - 1);
      std::size_t start = 0;
      while (start <= list.size()) {
        std::size_t comma = list.find(',', start);
        if (comma == std::string_view::npos) comma = list.size();
        std::string param = trim(list.substr(start, comma - start));
        if (param == "...") {
          macro.variadic = true;
          param = "__VA_ARGS__";
        } else if (!param.empty() && (!is_ident_start(param[0]) ||
                                      std::any_of(param.begin(), param.end(), [](char c) { return !is_ident_char(c); }))) {
          fail("'" + param + "' is not a parameter name of macro '" + name + "'");
        }
        if (!param.empty()) macro.params.push_back(param);
        else if (comma < list.size()) fail("an empty parameter in macro '" + name + "'");
        if (macro.variadic && comma < list.size()) fail("'...' must be the last parameter of macro '" + name + "'");
        start = comma + 1;
      }
      i = close + 1;
    }
    macro.body = trim(rest.substr(i));
    macros_[name] = std::move(macro);
  }

  bool evaluate_condition(std::string_view rest) {
    // `defined X` and `defined(X)` first, so that X is not expanded.
    std::string replaced;
    for (std::size_t i = 0; i < rest.size();) {
      if (!is_ident_start(rest[i]) || (i > 0 && is_ident_char(rest[i - 1]))) {
        replaced += rest[i++];
        continue;
      }
      std::size_t end = i;
      while (end < rest.size() && is_ident_char(rest[end])) ++end;
      if (rest.substr(i, end - i) != "defined") {
        replaced.append(rest.substr(i, end - i));
        i = end;
        continue;
      }
      std::size_t j = end;
      while (j < rest.size() && is_blank(rest[j])) ++j;
      const bool parenthesised = j < rest.size() && rest[j] == '(';
      if (parenthesised) ++j;
      const std::string name = name_in(rest.substr(j));
      if (name.empty()) fail("'defined' needs a macro name");
      j = rest.find(name, j) + name.size();
      if (parenthesised) {
        while (j < rest.size() && is_blank(rest[j])) ++j;
        if (j >= rest.size() || rest[j] != ')') fail("'defined(' without ')'");
        ++j;
      }
      replaced += macros_.count(name) != 0 ? " 1 " : " 0 ";
      i = j;
    }
    std::string expanded;
    const std::size_t line = line_;
    expand(replaced, expanded, 0, false);
    line_ = line;
    std::string why;
    auto value = ConditionEvaluator(expanded).evaluate(why);
    if (!value) fail(why);
    return *value != 0;
  }

  bool include(const File& f, std::string_view rest, int depth) {
    std::string target = trim(rest);
    if (!target.empty() && !(target[0] == '"' || target[0] == '<')) {  // #include MACRO
      std::string expanded;
      expand(target, expanded, 0, false);
      target = trim(expanded);
    }
    if (target.size() < 2 || !((target.front() == '"' && target.back() == '"') ||
                               (target.front() == '<' && target.back() == '>')))
      fail("#include needs a file name, \"file\" or <file>");
    const std::string written = target.substr(1, target.size() - 2);
    if (!options_.includes)
      fail("'#include' reads a file beside the program's: read the program from its file (kzrules run FILE, "
           "parse_path) to use it");
    if (depth >= deepest_include)
      fail("#include nests more than " + std::to_string(deepest_include) + " deep (does a file include itself?)");
    std::string why;
    auto included = (*options_.includes)(f.name, written, why);
    if (!included) fail("cannot include \"" + written + "\": " + why);
    if (included->text.rfind("\xEF\xBB\xBF", 0) == 0) included->text.erase(0, 3);
    texts_.push_back(std::move(included->text));  // the lines read point into it
    const At saved = at_;
    const File* saved_file = current_file_;
    const std::size_t saved_line = line_;
    run_file(included->name, texts_.back(), depth + 1);
    at_ = saved;
    current_file_ = saved_file;
    line_ = saved_line;
    return true;
  }

  const PreprocessOptions& options_;
  std::map<std::string, Macro> macros_;
  std::set<std::string> disabled_;  // macros being expanded: a name inside its own expansion stays as it is
  std::deque<std::string> texts_;  // included texts, kept while read (a deque: their places never move)
  At at_;
  const File* current_file_ = nullptr;
  std::size_t line_ = 0;  // 0-based line of the text being expanded
  bool expanding_text_ = false;  // expanding a file's text (errors are at line_), not a directive
};

}  // namespace

bool needs_preprocessing(std::string_view text) {
  if (text.find("__LINE__") != std::string_view::npos || text.find("__FILE__") != std::string_view::npos) return true;
  for (std::size_t at = text.find('#'); at != std::string_view::npos; at = text.find('#', at + 1)) {
    std::size_t start = at;
    while (start > 0 && is_blank(text[start - 1])) --start;
    if (start == 0 || text[start - 1] == '\n') return true;
  }
  return false;
}

std::variant<Preprocessed, PreprocessError> preprocess(const std::string& name, std::string_view text,
                                                       const PreprocessOptions& options) {
  Preprocessor preprocessor(options);
  try {
    preprocessor.run_file(name, text, 0);
  } catch (const Stop&) {
    return *preprocessor.error_;
  }
  return std::move(preprocessor.out_);
}

}  // namespace kz::syntax
