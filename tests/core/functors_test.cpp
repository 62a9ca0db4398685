// The functor table (core/functors.hpp): one entry per functor, and the checker holding
// programs to exactly the arities and kinds the table declares.
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/floats.hpp"
#include "core/functors.hpp"
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

// A constant of the kind an argument takes; the symbol is a date, so that the date
// functors accept it too.
std::string argument_text(const ArgumentKind& argument, Kind result) {
  Kind kind = argument.rule == ArgumentKind::Rule::exactly ? argument.kind
              : argument.rule == ArgumentKind::Rule::as_result ? result
                                                              : Kind::number;
  switch (kind) {
    case Kind::number: return "1";
    case Kind::unsigned_number: return "1u";
    case Kind::float_number: return "1.5";
    case Kind::symbol: return "\"2001-02-03\"";
  }
  return "?";
}

// A fact r(f(...)) with `count` arguments, r's column of kind `column`.
std::string call_program(const FunctorInfo& f, std::size_t count, Kind column) {
  std::vector<std::string> args;
  for (std::size_t i = 0; i < count; ++i) args.push_back(argument_text(f.argument(i), column));
  if (f.id == Functor::range)  // a generator: it stands alone beside '='
    return fmt::format(".decl r(x: {})\nr(x) :- x = {}({}).\n", kind_name(column), f.name, fmt::join(args, ", "));
  return fmt::format(".decl r(x: {})\nr({}({})).\n", kind_name(column), f.name, fmt::join(args, ", "));
}

}  // namespace

TEST_CASE("every functor has exactly one entry, at its own place, under a distinct name", "[core]") {
  std::set<std::string> names;
  const auto& table = all_functors();
  REQUIRE(table.size() == functor_count);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const FunctorInfo& f = table[i];
    INFO(f.name);
    CHECK(static_cast<std::size_t>(f.id) == i);
    CHECK(&functor_info(f.id) == &f);
    CHECK(find_functor(f.name) == &f);
    CHECK(names.insert(f.name).second);
    CHECK((f.min_arity >= 1 || f.id == Functor::autoinc));  // autoinc() alone takes nothing
    CHECK(f.min_arity <= f.max_arity);
    CHECK(f.min_arity <= f.arguments.size());
    // Only a call that builds a symbol adds one to the symbol table.
    CHECK(f.makes_symbols == (f.result == Kind::symbol));
  }
  CHECK(find_functor("size") == nullptr);
  CHECK(find_functor("") == nullptr);
}

TEST_CASE("the checker takes each functor at the arity of its table entry and no other", "[core]") {
  for (const FunctorInfo& f : all_functors()) {
    const Kind column = f.result.value_or(Kind::number);
    INFO(call_program(f, f.min_arity, column));
    test::must_parse(call_program(f, f.min_arity, column));
    if (f.min_arity > 0)
      CHECK_THAT(test::parse_errors(call_program(f, f.min_arity - 1u, column)),
                 Contains(fmt::format("'{}' ", f.name)) && (Contains("takes") || Contains("needs at least")));
    if (f.max_arity == unbounded_arity) {
      test::must_parse(call_program(f, f.min_arity + 2u, column));
    } else {
      CHECK_THAT(test::parse_errors(call_program(f, f.max_arity + 1u, column)),
                 Contains(fmt::format("'{}' takes {} argument", f.name, f.max_arity)) ||
                     Contains(fmt::format("'{}' takes at most {} argument", f.name, f.max_arity)));
    }
  }
  CHECK_THAT(test::parse_errors(".decl r(x: number)\nr(size(\"ab\")).\n"), Contains("unknown functor 'size'"));
}

TEST_CASE("the checker gives each call the kinds its table entry declares", "[core]") {
  const Kind kinds[] = {Kind::number, Kind::unsigned_number, Kind::float_number, Kind::symbol};
  for (const FunctorInfo& f : all_functors()) {
    for (Kind column : kinds) {
      const std::string program = call_program(f, f.min_arity, column);
      INFO(program);
      const bool orders_symbols = f.id == Functor::min || f.id == Functor::max;  // Soufflé's max("a", "b")
      const bool result_fits = f.result ? *f.result == column : column != Kind::symbol || orders_symbols;
      if (!result_fits) {
        CHECK_THAT(test::parse_errors(program), Contains("type clash"));
      } else if (f.integers_only && column == Kind::float_number) {
        CHECK_THAT(test::parse_errors(program), Contains("bitwise functors take integers, not floats"));
      } else {
        test::must_parse(program);
      }
    }
    // An argument of a fixed kind refuses every other kind.
    for (std::size_t i = 0; i < f.min_arity; ++i) {
      if (f.argument(i).rule != ArgumentKind::Rule::exactly) continue;
      std::vector<std::string> args;
      for (std::size_t j = 0; j < f.min_arity; ++j)
        args.push_back(j == i ? (f.argument(i).kind == Kind::symbol ? "1" : "\"s\"")
                              : argument_text(f.argument(j), Kind::number));
      const std::string program = fmt::format(".decl r(x: {})\nr({}({})).\n",
                                              kind_name(f.result.value_or(Kind::number)), f.name,
                                              fmt::join(args, ", "));
      INFO(program);
      CHECK_THAT(test::parse_errors(program), Contains("type clash"));
    }
  }
}

// The WebAssembly build reads floats with strtod (its libc++ has no from_chars for double):
// held here to what from_chars accepts and gives, on the texts fact files and to_float see.
TEST_CASE("floats read without from_chars agree with from_chars", "[core][floats]") {
  for (const char* text : {"2.5", "-1e-3", "0", "-0.0", "3.", ".5", "1e308", "inf", "-inf", "nan", "123456789.125",
                           "2.2250738585072014e-308", "", "-", "+1", " 1", "1 ", "0x1p3", "1e", "abc", "1e999", "--1",
                           "1.5.2", "4e-400"}) {
    INFO(text);
    const std::optional<double> expected = kz::parse_float(text);
    const std::optional<double> actual = kz::parse_float_with_strtod(text);
    REQUIRE(actual.has_value() == expected.has_value());
    if (expected && !std::isnan(*expected)) CHECK(*actual == *expected);
  }
}
