// The fuzzers' structure-aware mutator (tests/fuzz/grammar_mutator.hpp): it must give the
// text back when it cuts it into tokens, stay within the size libFuzzer allows, and reach
// what byte flips do not — deep nesting, and mutants that are still programs.
#include <algorithm>

#include "../fuzz/grammar_mutator.hpp"
#include "support.hpp"

using namespace kz;
namespace fs = std::filesystem;

namespace {

std::string joined(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += t;
  return out;
}

// The deepest nesting of brackets in the text, strings and comments included (a rough
// measure is enough here).
int depth_of(const std::string& text) {
  int depth = 0, deepest = 0;
  for (char c : text) {
    if (c == '(' || c == '{' || c == '[') deepest = std::max(deepest, ++depth);
    if (c == ')' || c == '}' || c == ']') --depth;
  }
  return deepest;
}

std::string corpus_rules() {
  std::string text;
  for (const auto& entry : fs::directory_iterator(fs::path(KZ_SOURCE_DIR) / "rules" / "kazakhstan"))
    if (entry.path().extension() == ".kz") text += test::read_text(entry.path());
  return text;
}

}  // namespace

TEST_CASE("the mutator's tokens give the text back", "[fuzz]") {
  const std::string rules = corpus_rules();
  const auto tokens = fuzz::tokens_of(rules);
  CHECK(joined(tokens) == rules);
  CHECK(tokens.size() > 1000);
  for (const std::string& text : {std::string(), std::string("  \n"), std::string("\"unterminated"),
                                 std::string("/* open"), std::string("x :- y.\n\n"), std::string("\xff\xfe\0z", 4)})
    CHECK(joined(fuzz::tokens_of(text)) == text);
  CHECK(fuzz::tokens_of("p(x) :- q(x, \"a b\"), x <= 3.") ==
        std::vector<std::string>{"p", "(", "x", ")", " :-", " q", "(", "x", ",", " \"a b\"", ")", ",", " x", " <=",
                                 " 3", "."});
  CHECK(fuzz::tokens_of(".decl r(x: number) // note\n")[0] == ".decl");
}

TEST_CASE("a mutation is the seed's, and within the size allowed", "[fuzz]") {
  const std::string program = "q(x) :- q(y), x = y + 1, x < 10.\n";
  for (std::uint32_t seed = 0; seed < 200; ++seed) {
    const std::string once = fuzz::mutate_program(program, seed, 64);
    CHECK(once.size() <= 64);
    CHECK(once == fuzz::mutate_program(program, seed, 64));
  }
  CHECK(fuzz::mutate_program("", 7, 100).size() <= 100);
  CHECK(fuzz::mutate_program(program, 3, 0).empty());
}

TEST_CASE("mutating again and again nests deep, and many mutants still parse", "[fuzz]") {
  // A lineage of 1,000 mutations from a nested aggregate, each within 4 KiB: byte flips
  // almost never build the 20-deep nesting that made the parser exponential.
  std::string text = "q(count : { q(x) }).\n";
  int deepest = 0;
  for (std::uint32_t step = 0; step < 1000; ++step) {
    text = fuzz::mutate_program(text, step * 7919u + 1, 4096);
    deepest = std::max(deepest, depth_of(text));
    (void)parse_string(text, "mutant.kz");  // never throws, whatever the text
  }
  CHECK(deepest >= 20);

  // One mutation of the Kazakhstan rules: most mutants are wrong somewhere, but a good
  // share are still programs, so the fuzzer gets past the parser into the checks.
  const std::string rules = corpus_rules();
  int parsed = 0;
  for (std::uint32_t seed = 0; seed < 100; ++seed)
    parsed += parse_string(fuzz::mutate_program(rules, seed, 1 << 20), "mutant.kz").ok();
  CHECK(parsed >= 10);
  CHECK(parsed <= 95);
}
