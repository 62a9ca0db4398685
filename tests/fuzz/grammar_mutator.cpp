// The mutations are the language's own pieces: its words, its operators, and the
// constructs that nest. Nothing here knows the grammar's rules; the parser decides what a
// mutated program means, which is what the fuzzer is for.
#include "grammar_mutator.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <cctype>
#include <random>
#include <utility>

namespace kz::fuzz {
namespace {

bool is_word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '?'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// How long the token starting at text[i] is (text[i] is not whitespace).
std::size_t token_length(std::string_view text, std::size_t i) {
  const std::size_t n = text.size();
  const char c = text[i];
  auto next = [&](std::size_t k) { return i + k < n ? text[i + k] : '\0'; };
  if (c == '/' && next(1) == '/') {
    std::size_t j = i;
    while (j < n && text[j] != '\n') ++j;
    return j - i;
  }
  if (c == '/' && next(1) == '*') {
    const auto end = text.find("*/", i + 2);
    return end == std::string_view::npos ? n - i : end + 2 - i;
  }
  if (c == '"') {
    std::size_t j = i + 1;
    while (j < n && text[j] != '"' && text[j] != '\n') j += text[j] == '\\' ? 2u : 1u;
    return std::min(n, j + 1) - i;
  }
  if (is_word_start(c) || (c == '.' && is_word_start(next(1)))) {
    std::size_t j = i + 1;
    while (j < n && is_word_char(text[j])) ++j;
    return j - i;
  }
  if (is_digit(c)) {
    std::size_t j = i + 1;
    while (j < n && (std::isalnum(static_cast<unsigned char>(text[j])) ||
                     (text[j] == '.' && j + 1 < n && is_digit(text[j + 1]))))
      ++j;
    return j - i;
  }
  static constexpr std::array<std::string_view, 9> pairs = {":-", "<=", ">=", "!=", "=>", "..", "<:", "::", "**"};
  for (auto p : pairs)
    if (text.substr(i, 2) == p) return 2;
  return 1;
}

// Words and operators of the language, each as it would be written after a space.
constexpr std::string_view vocabulary[] = {
    ".decl", ".input", ".output", ".type", ".param", ".hypothesis", ".claim", ".unobserved", ".dated",
    ".as_of", ".include", ".pragma", ".plan", ".functor", "number", "symbol", "unsigned", "float", "count",
    "sum", "min", "max", "mean", "median", "mode", "stddev", "exists", "none", "forall", "most", "share",
    "holds", "supports", "opposes", "as", "hoop", "smoking_gun", "doubly_decisive", "straw", "because",
    "from", "range", "step", "match", "contains", "cat", "strlen", "substr", "to_number", "to_string",
    "band", "bor", "bxor", "bshl", "bshr", "bshru", "bnot", "lor", "land", "lxor", "lnot", "true", "false",
    ":-", "=>", "..", "<:", "!", "=", "!=", "<=", "<",
    ":", ",", ";", ".", "_", "(", "{", "\"",
};

// Pieces that open and close around a span; most of them nest.
constexpr std::pair<std::string_view, std::string_view> wrappers[] = {
    {"count : { ", " }"},
    {"sum x : { ", " }"},
    {"min x : { ", " }"},
    {"max y, x : { ", " }"},
    {"(", ")"},
    {"!", ""},
    {"!(", ")"},
    {"{ ", " }"},
    {"q(", ")"},
    {"q(count : { ", " })"},
    {"cat(", ", \"a\")"},
    {"to_string(", ")"},
    {"exists { ", " }"},
    {"most { ", " } => { q(x) }"},
    {"(", " band 3)"},
    {"\"", "\""},
};

// Lines of the language that a program may gain whole.
constexpr std::string_view fragments[] = {
    ".decl q(x: number)\n",
    ".decl s(a: symbol, b: number)\n",
    "q(x) :- q(y), x = y + 1, x < 10.\n",
    "q(count : { q(x) }).\n",
    "q(x) :- q(x), !q(x + 1).\n",
    "q(m) :- m = max y : { q(y) }.\n",
    "s(a, n) :- s(a, _), n = strlen(a), match(\"a.*\", a).\n",
    ".hypothesis h \"a tale\"\n",
    ".claim c \"it holds\" exists { q(x) } supports h as hoop because \"a reason\".\n",
    ".claim c \"every\" forall { q(x) } => { q(x + 1) } supports h as straw.\n",
    ".claim c \"most\" most { q(x) } => { q(x) } opposes h as smoking_gun.\n",
    ".claim c \"a share\" share 0.5 { q(x) } => { q(x) } supports h as hoop.\n",
    ".claim c \"counted\" holds count : { q(_) } >= 2 supports h as doubly_decisive from 2001.\n",
    ".param k = 1 range 0 .. 5 step 1\n",
    ".unobserved q\n",
    ".dated s(b)\n",
    ".as_of 2001-05-01\n",
    ".input q\n",
    ".output q\n",
    ".type T <: symbol\n",
    "q(x) :- q(y), (x = y ; x = y * 2), x < 100.\n",
    "q(x) :- q(x), x >= -9223372036854775808.\n",
    "s(\"\\u00e9\", 1).\n",
    "/* a comment\n that ends */\n",
    ".pragma \"magic-transform\" \"*\"\n",
    ".plan 0:(1,2), 1:(2,1)\n",
    ".decl a, b(x: number)\n",
    ".type Name\n",
    "q(x) :- q(x), !!(q(x + 1) ; x band 1 = 0).\n",
    "q(x) :- q(y), choose(2 * y, y, x).\n",
};

class Mutation {
 public:
  Mutation(std::string_view text, std::uint32_t seed) : tokens_(tokens_of(text)), random_(seed) {}

  std::string apply() {
    switch (pick(7)) {
      case 0: replace_token(); break;
      case 1: wrap_span(); break;
      case 2: nest_group(); break;
      case 3: copy_span(); break;
      case 4: insert_fragment(); break;
      case 5: remove_span(); break;
      default: swap_tokens(); break;
    }
    std::string out;
    for (const auto& t : tokens_) out += t;
    return out;
  }

 private:
  std::size_t pick(std::size_t n) { return n ? std::uniform_int_distribution<std::size_t>(0, n - 1)(random_) : 0; }
  std::size_t position() { return pick(tokens_.size() + 1); }
  // A span [first, last) of at most eight tokens.
  std::pair<std::size_t, std::size_t> span() {
    const std::size_t first = pick(tokens_.size());
    return {first, std::min(tokens_.size(), first + 1 + pick(8))};
  }

  void replace_token() {
    const std::string word = " " + std::string(vocabulary[pick(std::size(vocabulary))]);
    if (tokens_.empty())
      tokens_.push_back(word);
    else
      tokens_[pick(tokens_.size())] = word;
  }

  void wrap_span() {
    const auto& [open, close] = wrappers[pick(std::size(wrappers))];
    if (tokens_.empty()) {
      tokens_ = {std::string(open), std::string(close)};
      return;
    }
    const auto [first, last] = span();
    tokens_.insert(tokens_.begin() + static_cast<std::ptrdiff_t>(last), std::string(close));
    tokens_.insert(tokens_.begin() + static_cast<std::ptrdiff_t>(first), std::string(open));
  }

  // A bracketed group's inside replaced by the whole group: one level deeper each time,
  // so repeated mutation reaches the depths that found the exponential parse.
  void nest_group() {
    std::vector<std::pair<std::size_t, std::size_t>> groups;  // [open, close]
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const char c = last_char(tokens_[i]);
      if (c == '(' || c == '{' || c == '[') open.push_back(i);
      if ((c == ')' || c == '}' || c == ']') && !open.empty()) {
        groups.emplace_back(open.back(), i);
        open.pop_back();
      }
    }
    if (groups.empty()) return wrap_span();
    const auto [first, last] = groups[pick(groups.size())];
    const std::vector<std::string> group(tokens_.begin() + static_cast<std::ptrdiff_t>(first),
                                         tokens_.begin() + static_cast<std::ptrdiff_t>(last) + 1);
    // Keep the opener (with its callee, if the token before names one) and the closer.
    tokens_.erase(tokens_.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                  tokens_.begin() + static_cast<std::ptrdiff_t>(last));
    std::vector<std::string> inner = group;
    if (first > 0 && is_word_start(first_char(tokens_[first - 1]))) inner.insert(inner.begin(), tokens_[first - 1]);
    tokens_.insert(tokens_.begin() + static_cast<std::ptrdiff_t>(first) + 1, inner.begin(), inner.end());
  }

  void copy_span() {
    if (tokens_.empty()) return insert_fragment();
    const auto [first, last] = span();
    const std::vector<std::string> copied(tokens_.begin() + static_cast<std::ptrdiff_t>(first),
                                          tokens_.begin() + static_cast<std::ptrdiff_t>(last));
    const std::size_t at = position();
    tokens_.insert(tokens_.begin() + static_cast<std::ptrdiff_t>(at), copied.begin(), copied.end());
  }

  // Inserted after a full stop or a line's end where there is one, so it stands as a line.
  void insert_fragment() {
    const auto fragment = tokens_of(fragments[pick(std::size(fragments))]);
    std::size_t at = position();
    for (std::size_t tries = 0; tries < 8 && at > 0 && at < tokens_.size(); ++tries) {
      if (last_char(tokens_[at - 1]) == '.' || first_char(tokens_[at]) == '\n') break;
      at = position();
    }
    std::vector<std::string> lines = fragment;
    if (!lines.empty()) lines.front().insert(0, "\n");
    tokens_.insert(tokens_.begin() + static_cast<std::ptrdiff_t>(at), lines.begin(), lines.end());
  }

  void remove_span() {
    if (tokens_.empty()) return;
    const auto [first, last] = span();
    tokens_.erase(tokens_.begin() + static_cast<std::ptrdiff_t>(first), tokens_.begin() + static_cast<std::ptrdiff_t>(last));
  }

  void swap_tokens() {
    if (tokens_.size() < 2) return replace_token();
    std::swap(tokens_[pick(tokens_.size())], tokens_[pick(tokens_.size())]);
  }

  static char first_char(const std::string& token) {
    const auto at = token.find_first_not_of(" \t\r");
    return at == std::string::npos ? '\0' : token[at];
  }
  static char last_char(const std::string& token) { return token.empty() ? '\0' : token.back(); }

  std::vector<std::string> tokens_;
  std::mt19937 random_;
};

}  // namespace

std::vector<std::string> tokens_of(std::string_view text) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) {
      // Trailing whitespace joins the last token, or stands alone.
      if (tokens.empty())
        tokens.emplace_back(text.substr(start));
      else
        tokens.back() += text.substr(start);
      break;
    }
    i += token_length(text, i);
    tokens.emplace_back(text.substr(start, i - start));
  }
  return tokens;
}

std::string mutate_program(std::string_view text, std::uint32_t seed, std::size_t max_size) {
  // A mutation that grows past max_size is tried again with the next seed, then given up.
  for (std::uint32_t attempt = 0; attempt < 4; ++attempt) {
    std::string out = Mutation(text, seed + attempt * 0x9e3779b9u).apply();
    if (out.size() <= max_size) return out;
  }
  return std::string(text.substr(0, max_size));
}

}  // namespace kz::fuzz
