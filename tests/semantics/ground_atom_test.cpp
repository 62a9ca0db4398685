// Ground atoms given as text (explain, check --with/--without): constant expressions
// evaluated as the language evaluates them, and located errors for what has no value.
#include "api/internal.hpp"
#include "semantics/ground_atom.hpp"

#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

namespace {

const char* const declarations =
    ".decl p(a: number, b: number)\n"
    ".decl f(x: float)\n"
    ".decl u(x: unsigned)\n"
    ".decl s(x: symbol, n: number)\n"
    ".param limit = 4\n"
    ".param who = \"Ablyazov\"\n";

std::vector<std::optional<Value>> values(const std::string& text, bool wildcards = false) {
  const Program program = test::must_parse(declarations);
  return sem::read_ground_atom(kz::api::model_of(program), text, wildcards).values;
}

// The rendered error of an atom that must not read.
std::string error_of(const std::string& text, bool wildcards = false) {
  const Program program = test::must_parse(declarations);
  try {
    sem::read_ground_atom(kz::api::model_of(program), text, wildcards);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::bad_input);
    return render(e.diagnostics());
  }
  FAIL("'" << text << "' was read");
  return {};
}

std::optional<Value> number(std::int64_t n) { return Value(n); }

}  // namespace

TEST_CASE("constant arithmetic in a ground atom is evaluated", "[semantics][ground]") {
  CHECK(values("p(1+5, 3)") == std::vector{number(6), number(3)});
  CHECK(values("p(7-6, 2*5)") == std::vector{number(1), number(10)});
  CHECK(values("p(-3, -(2 + 1))") == std::vector{number(-3), number(-3)});
  CHECK(values("p(2 ^ 3 ^ 2, 17 % 5)") == std::vector{number(512), number(2)});
  CHECK(values("p(7 / 2, -7 / 2)") == std::vector{number(3), number(-3)});
  CHECK(values("p(limit * 2, 0x1F)") == std::vector{number(8), number(31)});
  CHECK(values("p(1, 3).") == std::vector{number(1), number(3)});
  CHECK(values("f(2.5*2)") == std::vector<std::optional<Value>>{Value(5.0)});
  CHECK(values("f(3)") == std::vector<std::optional<Value>>{Value(3.0)});
  CHECK(values("u(2 + 3)") == std::vector<std::optional<Value>>{Value(std::uint64_t{5})});
  CHECK(values("s(cat(\"a\", \"b\"), strlen(\"abc\"))") ==
        std::vector<std::optional<Value>>{Value(std::string("ab")), number(3)});
  CHECK(values("s(who, max(2, 9))") == std::vector<std::optional<Value>>{Value(std::string("Ablyazov")), number(9)});
}

TEST_CASE("a ground atom refuses what has no value, with a caret under it", "[semantics][ground]") {
  auto clash = error_of("p(\"a\", 3)");
  CHECK_THAT(clash, Contains("<atom>:1:3: error: type clash: \"a\" is a symbol, but attribute 'a' of 'p' needs a number"));
  CHECK_THAT(clash, Contains("| p(\"a\", 3)"));
  CHECK_THAT(clash, Contains("|   ^~~"));
  auto variable = error_of("p(1, x)");
  CHECK_THAT(variable, Contains("<atom>:1:6: error: variable 'x' has no value here"));
  CHECK_THAT(variable, Contains("|      ^\n"));
  CHECK_THAT(error_of("p(9223372036854775807+1, 3)"), Contains("<atom>:1:3: error: integer overflow"));
  CHECK_THAT(error_of("p(1/0, 3)"), Contains("division by zero"));
  CHECK_THAT(error_of("p(2.5, 3)"), Contains("type clash: this constant is a float"));
  CHECK_THAT(error_of("u(-3)"), Contains("a negative number cannot be unsigned"));
  CHECK_THAT(error_of("s(1 + 2, 3)"), Contains("arithmetic gives a number"));
  CHECK_THAT(error_of("p(99999999999999999999, 1)"), Contains("does not fit in 64 bits"));
  CHECK_THAT(error_of("p(count : { p(_, _) }, 1)"), Contains("an aggregate has no value here"));
  CHECK_THAT(error_of("s(\"a\", ord(\"a\"))"), Contains("'ord' cannot be evaluated"));
  CHECK_THAT(error_of("p(frob(1), 1)"), Contains("unknown functor 'frob'"));
  CHECK_THAT(error_of("q(1)"), Contains("<atom>:1:1: error: unknown relation 'q'"));
  // Each error carries its catalogue code from where it is raised.
  CHECK_THAT(clash, Contains("[E0116]"));
  CHECK_THAT(variable, Contains("[E0116]"));
  CHECK_THAT(error_of("p(9223372036854775807+1, 3)"), Contains("[E0402]"));
  CHECK_THAT(error_of("q(1)"), Contains("[E0101]"));
  CHECK_THAT(error_of("p(1)"), Contains("[E0102]"));
  CHECK_THAT(error_of("p(1, 2"), Contains("[E0001]"));
  CHECK_THAT(error_of("p(1)"), Contains("'p' has 2 attributes, not 1"));
  CHECK_THAT(error_of("p(1, 2"), Contains("<atom>:1:7: error: expected ')'"));
  CHECK_THAT(error_of("p(1, 2), p(3, 4)"), Contains("<atom>:1:8: error: expected the end of the atom"));
  CHECK_THAT(error_of("42"), Contains("expected one atom"));
}

TEST_CASE("a ground atom wraps integers when its program does", "[semantics][ground]") {
  ParseOptions wrap;
  wrap.wrap_integers = true;
  auto parsed = parse_string(declarations, "wrap.dl", wrap);
  REQUIRE(parsed.ok());
  const sem::Program& model = kz::api::model_of(*parsed.program);
  CHECK(sem::read_ground_atom(model, "p(9223372036854775807 + 1, -(-9223372036854775807 - 1))", false).values ==
        std::vector{number(INT64_MIN), number(INT64_MIN)});
  CHECK(sem::read_ground_atom(model, "u(0u - 1u)", false).values ==
        std::vector<std::optional<Value>>{Value(std::uint64_t{18446744073709551615u})});
  CHECK_THAT(error_of("u(0u - 1u)"), Contains("integer overflow: below 0"));
}

TEST_CASE("_ stands for any value only where a pattern is asked for", "[semantics][ground]") {
  CHECK(values("p(3, _)", true) == std::vector{number(3), std::optional<Value>()});
  CHECK_THAT(error_of("p(3, _)"), Contains("<atom>:1:6: error: '_' can only stand for a value in a pattern"));
  CHECK_THAT(error_of("p(3, _ + 1)", true), Contains("'_' can only stand for a whole argument"));
  CHECK_THAT(error_of("p(3, y)", true), Contains("or _ for any value"));
}

TEST_CASE("the public parse_atom and parse_pattern read through it", "[semantics][ground]") {
  const Program program = test::must_parse(declarations);
  CHECK(parse_atom(program, "p(1+5, 3)") == std::pair<std::string, Tuple>{"p", {std::int64_t{6}, std::int64_t{3}}});
  auto [name, pattern] = parse_pattern(program, "p(2+5, _)");
  CHECK(name == "p");
  CHECK(pattern == Pattern{Value(std::int64_t{7}), std::nullopt});
  CHECK_THROWS_AS(parse_atom(program, "p(_, 3)"), Error);
}
