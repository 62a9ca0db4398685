// The string functors and the conversions between symbols and numbers.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "core/floats.hpp"
#include "eval/containers.hpp"
#include <fmt/format.h>

#include "core/integers.hpp"
#include "core/source.hpp"
#include "core/words.hpp"
#include "eval/expressions.hpp"

namespace kz::eval {

using sem::Expr;

namespace {

// Strings are the one value that can grow without the tuple limit noticing: cat(x, x) in
// a recursive rule doubles them each round, and substr over a long string makes many.
// A cap on one string and on all strings together stops such a program with a resource
// limit (exit 3) before memory runs out.
constexpr std::size_t max_string_bytes = std::size_t{16} << 20;  // 16 MiB
constexpr std::size_t max_all_strings_bytes = std::size_t{1} << 30;  // 1 GiB

[[noreturn, gnu::cold]] void string_limit_reached(const Engine& engine, const Expr& call, std::size_t bytes) {
  const bool one = bytes > max_string_bytes;
  throw Error(ErrorKind::resource_limit,
              make_error(engine.program().sources.locate(call.loc), ErrorCode::too_large,
                         fmt::format("resource limit: {} (a rule like s(cat(x, x)) :- s(x). never stops)",
                                     one ? fmt::format("a string of {} bytes, more than {} MiB", bytes,
                                                       max_string_bytes >> 20)
                                         : fmt::format("strings take more than {} MiB in all",
                                                       max_all_strings_bytes >> 20))));
}

// Throws the resource limit when `call` would make a string of `bytes`. The check is
// small, to inline: it runs for every string a functor makes.
void check_string_limit(const Engine& engine, const Expr& call, std::size_t bytes) {
  if (bytes <= max_string_bytes && engine.symbols().bytes() + bytes <= max_all_strings_bytes) return;
  string_limit_reached(engine, call, bytes);
}

std::uint64_t intern(Engine& engine, const Expr& call, std::string_view text) {
  check_string_limit(engine, call, text.size());
  return engine.symbols().intern(text);
}

// to_number, to_unsigned, to_float of a symbol: the whole text must be the number.
std::uint64_t parse_symbol(const Engine& engine, const Expr& call, const std::string& s) {
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (call.functor == Functor::to_float) {
    const std::optional<double> d = parse_float(s);
    if (!d) engine.runtime_error(call.loc, ErrorCode::bad_runtime_value, fmt::format("\"{}\" is not a float", s));
    return float_to_word(*d);
  }
  if (call.functor == Functor::to_unsigned) {
    std::uint64_t u = 0;
    auto r = std::from_chars(first, last, u);
    if (r.ec != std::errc() || r.ptr != last)
      engine.runtime_error(call.loc, ErrorCode::bad_runtime_value,
                           fmt::format("\"{}\" is not an unsigned number", s));
    return u;
  }
  // As literals are written: decimal, or 0x hexadecimal and 0b binary (as Soufflé reads them).
  const auto word = parse_integer(s, true);
  if (!word) engine.runtime_error(call.loc, ErrorCode::bad_runtime_value, fmt::format("\"{}\" is not a number", s));
  return *word;
}

// to_number, to_unsigned, to_float of a number of any kind.
std::uint64_t convert_number(const Engine& engine, const Expr& call, Kind from, std::uint64_t v) {
  double d = from == Kind::float_number      ? word_to_float(v)
             : from == Kind::unsigned_number ? static_cast<double>(v)
                                             : static_cast<double>(word_to_int(v));
  if (call.functor == Functor::to_float) return float_to_word(d);
  if (from == Kind::float_number) {
    if (!std::isfinite(d) || std::fabs(d) > 9.2e18)
      engine.runtime_error(call.loc, ErrorCode::integer_overflow, "float out of the integer range");
    if (call.functor == Functor::to_unsigned && d < 0)
      engine.runtime_error(call.loc, ErrorCode::integer_overflow,
                           fmt::format("to_unsigned({}): a negative number is outside the unsigned range", d));
    return call.functor == Functor::to_unsigned ? static_cast<std::uint64_t>(d)
                                                : static_cast<std::uint64_t>(static_cast<std::int64_t>(d));
  }
  // Between number and unsigned the value must fit both: -1 is no unsigned number, and
  // 2^63 no signed one.
  if (call.functor == Functor::to_unsigned && from == Kind::number && word_to_int(v) < 0)
    engine.runtime_error(call.loc, ErrorCode::integer_overflow,
                         fmt::format("to_unsigned({}): a negative number is outside the unsigned range", word_to_int(v)));
  if (call.functor == Functor::to_number && from == Kind::unsigned_number && v > static_cast<std::uint64_t>(INT64_MAX))
    engine.runtime_error(call.loc, ErrorCode::integer_overflow,
                         fmt::format("to_number({}u): past the largest number, 9223372036854775807", v));
  return v;
}

}  // namespace

std::uint64_t eval_cat(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  SmallVector<std::uint64_t, 4> parts(call.args.size());
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < call.args.size(); ++i)
    bytes += engine.symbols().text(parts[i] = engine.eval(call.args[i], regs)).size();
  check_string_limit(engine, call, bytes);  // before building it
  std::string out;
  out.reserve(bytes);
  for (auto part : parts) out += engine.symbols().text(part);
  return intern(engine, call, out);
}

std::uint64_t eval_strlen(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  return static_cast<std::uint64_t>(engine.symbols().text(engine.eval(call.args[0], regs)).size());
}

std::uint64_t eval_substr(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  auto arg = [&](std::size_t i) { return engine.eval(call.args[i], regs); };
  const std::string s = engine.symbols().text(arg(0));
  const std::int64_t start = word_to_int(arg(1)), len = word_to_int(arg(2));
  if (start < 0 || len < 0 || static_cast<std::uint64_t>(start) > s.size()) {
    // As in Soufflé: a warning, and the empty symbol.
    engine.runtime_warning(call.loc, ErrorCode::substr_out_of_range,
                           fmt::format("substr(\"{}\", {}, {}) is out of range: its value is \"\"", s, start, len));
    return intern(engine, call, std::string_view());
  }
  // The length clamped in 64 bits first: a size_t of 32 bits (WebAssembly) would wrap.
  const std::uint64_t available = s.size() - static_cast<std::uint64_t>(start);
  const auto kept = static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(len), available));
  const std::string_view cut = std::string_view(s).substr(static_cast<std::size_t>(start), kept);
  // Offsets count bytes, as in Soufflé; a cut inside a UTF-8 character would make a
  // symbol kzrules cannot read back, so it is an error instead.
  auto inside_character = [&](std::size_t at) {
    return at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80;
  };
  const std::size_t begin = static_cast<std::size_t>(start), end = begin + cut.size();
  if (inside_character(begin) || inside_character(end))
    engine.runtime_error(call.loc, ErrorCode::bad_runtime_value,
                         fmt::format("substr(\"{}\", {}, {}) would cut a UTF-8 character in two (offsets count "
                                     "bytes; a character such as é takes two)",
                                     s, start, len));
  return intern(engine, call, cut);
}

std::uint64_t eval_to_number(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  const Kind from = call.args[0].kind;
  const std::uint64_t v = engine.eval(call.args[0], regs);
  if (from == Kind::symbol) return parse_symbol(engine, call, engine.symbols().text(v));
  return convert_number(engine, call, from, v);
}

std::uint64_t eval_to_string(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  const std::uint64_t v = engine.eval(call.args[0], regs);
  // A float as Soufflé's to_string writes it: six decimals (3.140000), unlike output files.
  if (call.args[0].kind == Kind::float_number) return intern(engine, call, fmt::format("{:f}", word_to_float(v)));
  return intern(engine, call, engine.format(call.args[0].kind, v));
}

std::uint64_t eval_ord(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  return engine.eval(call.args[0], regs);
}

std::uint64_t eval_change_case(Engine& engine, const Expr& call, const std::uint64_t* regs) {
  std::string s = engine.symbols().text(engine.eval(call.args[0], regs));
  for (auto& c : s)
    c = static_cast<char>(call.functor == Functor::lower ? std::tolower(static_cast<unsigned char>(c))
                                                         : std::toupper(static_cast<unsigned char>(c)));
  return intern(engine, call, s);
}

}  // namespace kz::eval
