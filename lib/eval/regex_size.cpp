#include "eval/regex_size.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <vector>

namespace kz::eval {

namespace {

struct Frame {
  double total = 0;    // this alternative so far
  double finished = 0;  // the finished alternatives together
  double last = 0;     // the last atom, which a quantifier repeats
};

// Reads "{n}", "{n,}" or "{n,m}" at `i`; the largest count (n for "{n,}"), or a
// negative number when the braces are not a quantifier (ECMAScript reads them as text).
double read_count(std::string_view p, std::size_t& i) {
  std::size_t j = i + 1;
  auto number = [&](double& out) {
    const std::size_t start = j;
    out = 0;
    while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j]))) out = out * 10 + (p[j++] - '0');
    return j > start;
  };
  double low = 0, high = 0;
  if (!number(low)) return -1;
  high = low;
  if (j < p.size() && p[j] == ',') {
    ++j;
    if (!number(high)) high = low;
  }
  if (j >= p.size() || p[j] != '}') return -1;
  i = j;
  return std::max(low, high);
}

}  // namespace

double regex_states(std::string_view p) {
  std::vector<Frame> stack(1);
  auto atom = [&](double size) {
    stack.back().total += size;
    stack.back().last = size;
  };
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    switch (c) {
      case '\\':
        ++i;
        atom(1);
        break;
      case '[': {
        std::size_t j = i + 1;
        if (j < p.size() && p[j] == '^') ++j;
        if (j < p.size() && p[j] == ']') ++j;
        while (j < p.size() && p[j] != ']') j += p[j] == '\\' ? 2u : 1u;
        i = j;
        atom(1);
        break;
      }
      case '(':
        stack.emplace_back();
        if (stack.size() > max_regex_nesting + 1) return std::numeric_limits<double>::infinity();
        if (i + 1 < p.size() && p[i + 1] == '?') i += 2;  // (?: (?= (?!
        break;
      case ')': {
        if (stack.size() == 1) {  // unbalanced: std::regex reports it
          atom(1);
          break;
        }
        const Frame inner = stack.back();
        stack.pop_back();
        atom(inner.finished + inner.total + 1);
        break;
      }
      case '|':
        stack.back().finished += stack.back().total;
        stack.back().total = stack.back().last = 0;
        break;
      case '{': {
        const double count = read_count(p, i);
        if (count < 0) {
          atom(1);
          break;
        }
        Frame& f = stack.back();
        f.total += f.last * (std::max(count, 1.0) - 1);
        f.last *= std::max(count, 1.0);
        break;
      }
      case '*':
      case '+':
      case '?':
        break;
      default:
        atom(1);
        break;
    }
    if (stack.back().total + stack.back().finished > max_regex_states)
      return stack.back().total + stack.back().finished;
  }
  // Close what is left open (std::regex will report it) so the estimate stays an upper one.
  while (stack.size() > 1) {
    const Frame inner = stack.back();
    stack.pop_back();
    stack.back().total += inner.finished + inner.total + 1;
  }
  return stack.back().finished + stack.back().total;
}

}  // namespace kz::eval
