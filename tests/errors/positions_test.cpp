// Where errors point and what they quote (issue 16, finding 17): a byte-order mark, lone
// CR line ends, a 100 MB line, six-digit line numbers, the smallest number as a literal,
// "did you mean" for misspelled names, and a misspelled parameter in a share's bound.
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;

TEST_CASE("a program may open with a UTF-8 byte-order mark, as fact files may", "[errors][positions]") {
  auto db = test::evaluate("\xEF\xBB\xBF.decl r(x: number)\nr(1).\n");
  CHECK(test::rows_text(db, "r") == "1\n");
  // Columns count from after the mark, as an editor shows them.
  CHECK_THAT(test::parse_errors("\xEF\xBB\xBF.decl r(x: number)\nr(y)."), Contains("test.dl:2:3"));
}

TEST_CASE("lone CR line ends count as line ends", "[errors][positions]") {
  CHECK_THAT(test::parse_errors(".decl r(x: number)\rr(1).\rs(2).\r"), Contains("test.dl:3:1") && Contains("| s(2)."));
  CHECK_THAT(test::parse_errors(".decl r(x: number)\r\nr(1).\r\ns(2).\r\n"), Contains("test.dl:3:1"));
}

TEST_CASE("a very long line is quoted as a window around the column", "[errors][positions]") {
  // The whole line was quoted, 100 MB of it for a generated file.
  const std::string padding(1000000, ' ');
  const std::string errors = test::parse_errors(".decl r(x: number)\nr(1)." + padding + "s(2)." + padding + "\n");
  CHECK(errors.size() < 2000);
  CHECK_THAT(errors, Contains("test.dl:2:1000006") && Contains("...") && Contains("s(2)."));
  // The caret sits under the s.
  std::istringstream lines(errors);
  std::string line, quoted, caret;
  while (std::getline(lines, line)) {
    if (line.find("| ") != std::string::npos && quoted.empty()) quoted = line;
    else if (!quoted.empty() && caret.empty()) caret = line;
  }
  REQUIRE_FALSE(caret.empty());
  CHECK(quoted.at(caret.find('^')) == 's');
}

TEST_CASE("the gutter widens for line numbers past 99999", "[errors][positions]") {
  std::string text = ".decl r(x: number)\n";
  for (int i = 0; i < 100000; ++i) text += "r(1).\n";
  text += "s(1).\n";
  const std::string errors = test::parse_errors(text);
  CHECK_THAT(errors, Contains("100002 | s(1).") && Contains("       | ^"));
}

TEST_CASE("the smallest number can be written as a literal", "[errors][positions]") {
  auto db = test::evaluate(".decl r(x: number)\nr(-9223372036854775808).\n");
  CHECK(test::rows_text(db, "r") == "-9223372036854775808\n");
  CHECK_THAT(test::parse_errors(".decl r(x: number)\nr(9223372036854775808).\n"), Contains("E0112"));
}

TEST_CASE("a misspelled relation or hypothesis gets a suggestion", "[errors][positions]") {
  CHECK_THAT(test::parse_errors(".decl defector(p: symbol)\n.decl r(p: symbol)\nr(p) :- defecter(p).\n"),
             Contains("unknown relation 'defecter' (did you mean 'defector'?)"));
  CHECK_THAT(test::parse_errors(".hypothesis fpg \"f\"\n.decl r()\n.claim c \"\" exists { r() } supports fgp as straw.\n"),
             Contains("unknown hypothesis 'fgp' (did you mean 'fpg'?)"));
  // Nothing close: no suggestion.
  CHECK_THAT(test::parse_errors(".decl defector(p: symbol)\n.decl r(p: symbol)\nr(p) :- unrelated(p).\n"),
             !Contains("did you mean"));
}

TEST_CASE("a misspelled parameter in a share bound is named", "[errors][positions]") {
  // It said only that the bound "must be a number".
  const std::string errors = test::parse_errors(
      ".param loyal_share = 0.9\n.decl a(x: number)\n.decl b(x: number)\n"
      ".claim c \"\" share { a(x) } => { b(x) } >= loyal_shares.\n");
  CHECK_THAT(errors, Contains("'loyal_shares' is no parameter (did you mean 'loyal_share'?)") && Contains("E0205"));
}

TEST_CASE("syntax errors point at the construct a person would point at", "[errors][positions]") {
  struct Case {
    std::string text, where, says;
  };
  const std::vector<Case> cases = {
      // An unclosed block comment is reported where it opens, not at the end of the file.
      {".decl r(x: number)\n/* open\nr(1).\n", "test.dl:2:1", "never closed"},
      // #include is named, not "expected a declaration" at column 1.
      {".decl r(x: number)\n#include \"x.dl\"\n", "test.dl:2:1", "#include"},
      // A missing full stop is reported after what it should end, not at the next item.
      {".hypothesis h \"h\"\n.decl r()\n.claim a \"a\" exists { r() }\n.claim b \"b\" exists { r() }.\n",
       "test.dl:3:28", "expected '.' ending the claim"},
      {".decl r(x: number)\nr(1)\n.decl s(x: number)\n", "test.dl:2:5", "expected '.' ending the clause"},
      // A misspelled form word is reported at the word, not at the end of the line before.
      {".hypothesis h \"h\"\n.decl r()\n.claim a \"a\"\n   exsts { r() }.\n", "test.dl:4:4", "claim form"},
      // A body literal that does not parse left the caret on the comma before it (the
      // parser's last expectation was the clause's '.'): it is at the cause now.
      {".decl p(x: number)\np(x) :- p(x), x >< 3.\n", "test.dl:2:17", "'><' is no operator"},
      {".decl p(x: number)\np(x) :- p(x), x = (3.\n", "test.dl:2:19", "this '(' is never closed"},
      {".decl p(x: number)\np(x) :- p(x), x = 3).\n", "test.dl:2:20", "this ')' closes no bracket"},
      {".decl p(x: number)\np(x) :- p(x), (x = 3 ; x = 4}.\n", "test.dl:2:29", "does not close the '('"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const std::string errors = test::parse_errors(c.text);
    CHECK_THAT(errors, Contains(c.where) && Contains(c.says));
  }
  // Clauses may still follow each other on one line.
  auto db = test::evaluate(".decl r(x: number)\nr(1).r(2). r(3).\n");
  CHECK(test::rows_text(db, "r") == "1\n2\n3\n");
  // Brackets and operators in strings, comments, decimals and ranges are not mistaken for
  // the cause: a clause that stops for another reason keeps its own message.
  const std::string kept = test::parse_errors(
      ".decl s(x: symbol, y: float)\ns(\"(><\", 1.5) /* ( */ // ]\ns(\"b\", 2.5)\n");
  CHECK_THAT(kept, Contains("test.dl:2:") && Contains("expected '.' ending the clause"));
}
