// The parse tree printer: one node a line, what the grammar parsed and nothing more.
#include "support.hpp"
#include "syntax/grammar.hpp"
#include "syntax/print.hpp"

using namespace kz;

namespace {

// The printed parse tree of `text`, which must parse.
std::string tree(const std::string& text, int indent = 0) {
  auto parsed = syntax::parse_program(text);
  if (auto* error = std::get_if<syntax::SyntaxError>(&parsed)) FAIL("does not parse: " << error->message);
  return syntax::to_string(std::get<syntax::ast::Program>(parsed), indent);
}

}  // namespace

TEST_CASE("a rule prints its head and body literals", "[syntax][print]") {
  CHECK(tree("p(x) :- q(x, _), !r(x).") ==
        "rule\n"
        "  head\n"
        "    atom p\n"
        "      name x\n"
        "  body\n"
        "    atom q\n"
        "      name x\n"
        "      wildcard\n"
        "    negation\n"
        "      atom r\n"
        "        name x\n");
  CHECK(tree("edge(1, \"a\").", 4) ==
        "    fact\n"
        "      atom edge\n"
        "        number 1\n"
        "        string \"a\"\n");
}

TEST_CASE("declarations and directives print with their payloads", "[syntax][print]") {
  CHECK(tree(".type Person <: symbol\n.type Id = number | unsigned\n"
             ".decl edge(from: Person, to: number) btree\n"
             ".input edge(IO=file, filename=\"e.csv\", delimiter=\",\")\n.output a, b\n.printsize a\n"
             ".param limit = 2.5\n") ==
        "type Person <: symbol\n"
        "type Id = number | unsigned\n"
        "decl edge\n"
        "  attribute from: Person\n"
        "  attribute to: number\n"
        "  qualifier btree\n"
        "input edge\n"
        "  param IO = \"file\"\n"
        "  param filename = \"e.csv\"\n"
        "  param delimiter = \",\"\n"
        "output a, b\n"
        "printsize a\n"
        "param limit\n"
        "  number 2.5\n");
}

TEST_CASE("expressions, aggregates and disjunctions print as parsed", "[syntax][print]") {
  CHECK(tree("n(s) :- s = sum x + 1 : { v(x) } ; v(s), (s < 1 ; s >= -strlen(\"a\\\"b\") * 2).") ==
        "rule\n"
        "  head\n"
        "    atom n\n"
        "      name s\n"
        "  body\n"
        "    alternative\n"
        "      compare =\n"
        "        name s\n"
        "        aggregate sum\n"
        "          expression\n"
        "            name x\n"
        "            operation +\n"
        "              number 1\n"
        "          body\n"
        "            atom v\n"
        "              name x\n"
        "    alternative\n"
        "      atom v\n"
        "        name s\n"
        "      disjunction\n"
        "        alternative\n"
        "          compare <\n"
        "            name s\n"
        "            number 1\n"
        "        alternative\n"
        "          compare >=\n"
        "            name s\n"
        "            expression\n"
        "              unary -\n"
        "                call strlen\n"
        "                  string \"a\\\"b\"\n"
        "              operation *\n"
        "                number 2\n");
}

TEST_CASE("hypotheses, claims and their links print", "[syntax][print]") {
  CHECK(tree(".hypothesis h \"Clans rule\" source \"Schatz 2004\"\n"
             ".claim c \"Most are loyal\" share { p(x) } => { !q(x) } >= 0.75\n"
             "  supports h as hoop (0.9, 0.4), opposes h as straw.\n"
             ".claim d \"Few\" holds count : { p(_) } < 3.\n") ==
        "hypothesis h \"Clans rule\"\n"
        "  source \"Schatz 2004\"\n"
        "claim c \"Most are loyal\"\n"
        "  share >=\n"
        "    body\n"
        "      atom p\n"
        "        name x\n"
        "    conclusion\n"
        "      negation\n"
        "        atom q\n"
        "          name x\n"
        "    bound\n"
        "      number 0.75\n"
        "  link supports h as hoop\n"
        "    probability\n"
        "      number 0.9\n"
        "      number 0.4\n"
        "  link opposes h as straw\n"
        "claim d \"Few\"\n"
        "  holds <\n"
        "    aggregate count\n"
        "      body\n"
        "        atom p\n"
        "          wildcard\n"
        "    number 3\n");
  CHECK(tree(".claim e \"Some\" exists { p(_) }.\n.claim f \"All\" forall { p(x) } => { q(x) }.\n") ==
        "claim e \"Some\"\n"
        "  exists\n"
        "    body\n"
        "      atom p\n"
        "        wildcard\n"
        "claim f \"All\"\n"
        "  forall\n"
        "    body\n"
        "      atom p\n"
        "        name x\n"
        "    conclusion\n"
        "      atom q\n"
        "        name x\n");
}

TEST_CASE("quoted strings escape what the language escapes", "[syntax][print]") {
  CHECK(syntax::quoted("plain") == "\"plain\"");
  CHECK(syntax::quoted("a\"b\\c\nd\te\rf") == "\"a\\\"b\\\\c\\nd\\te\\rf\"");
  CHECK(syntax::quoted(std::string("\x01", 1)) == "\"\\x01\"");
  CHECK(syntax::quoted("Қазақстан") == "\"Қазақстан\"");
}
