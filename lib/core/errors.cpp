// The error catalogue: one entry per ErrorCode, in the enum's order. Errors are made with
// their code where they are raised (core/bad_input.hpp); this table only describes them.
#include "kzrules/errors.hpp"


#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kz {

namespace {

struct Entry {
  ErrorCode code;
  ErrorEntry entry;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      // ---- lexical and syntax: E00xx ------------------------------------------------------
      {ErrorCode::syntax_error, {"E0001", "syntax error",
        "The parser expected something else at this spot: a missing full stop, parenthesis, comma or keyword.",
        "path(x, y) :- edge(x, y)      // no '.' at the end", "Add what the message says is expected, at the caret."}},
      {ErrorCode::unterminated_string, {"E0002", "unterminated string",
        "A string starts with '\"' but the line ends before its closing quote. Strings end on their line.",
        "horde(\"Ablyazov, \"senior\").", "Close the string with '\"'; write \\\" for a quote inside it."}},
      {ErrorCode::unterminated_comment, {"E0003", "unterminated block comment", "A comment opened with /* never closes with */.",
        "/* the Azamat facts\nazamat(1996).", "Close the comment with */."}},
      {ErrorCode::unknown_escape, {"E0004", "unknown escape in a string", "Inside a string only \\\" \\\\ \\n \\t \\r and \\' are escapes.",
        "source(\"Table 2\\q\").", "Remove the backslash, or double it (\\\\) for a literal backslash."}},
      {ErrorCode::invalid_utf8, {"E0005", "bytes that are not UTF-8", "The file holds a byte sequence that is not valid UTF-8.",
        "a file saved as Latin-1 or Windows-1251", "Save the file as UTF-8 (most editors: File > Save with encoding)."}},
      {ErrorCode::not_a_statement, {"E0006", "not a declaration, fact or rule",
        "Nothing the language knows starts here: a stray character, or a line that begins mid-statement.",
        "@akims", "Remove the stray text, or finish the statement on the line before."}},
      {ErrorCode::unsupported_construct, {"E0007", "unsupported construct", "The construct is Soufflé's but outside the core kzrules supports.",
        ".decl same(x: number, y: number) eqrel", "Write the construct out with ordinary rules."}},
      {ErrorCode::too_large, {"E0008", "input too large or nested too deeply",
        "A program, string, body or expression passes one of kzrules's size limits: nesting depth, literals in a body, length of a string or of the file.",
        "r(((((((((((((x))))))))))))) ... nested hundreds of levels deep",
        "Split the construct: define helper relations, or shorten the string."}},
      {ErrorCode::bad_directive, {"E0009", "bad preprocessor directive",
        "A line that starts with '#' is one of the C preprocessor's directives, which kzrules reads as Soufflé's programs use them (#define, #undef, #include, #if, #ifdef, #ifndef, #elif, #else, #endif, #error): this one is not one of them, is malformed, calls a macro with the wrong number of arguments, or is an #error that was reached.",
        "#define TWICE(x) (x + x)\nr(y) :- s(x), y = TWICE(x, 1).",
        "Write the directive as C's preprocessor reads it; docs/language.md, \"Preprocessor\", lists what is read."}},
      // ---- names, kinds, binding: E01xx ----------------------------------------------------
      {ErrorCode::unknown_relation, {"E0101", "unknown relation", "An atom or directive names a relation that no .decl declares.",
        "path(x, y) :- edg(x, y).", "Fix the name, or declare the relation with .decl."}},
      {ErrorCode::wrong_arity, {"E0102", "wrong number of arguments", "An atom has more or fewer arguments than its relation's attributes.",
        ".decl edge(a: number, b: number)\nfoo(x) :- edge(x).", "Give one argument per attribute; use _ for any value."}},
      {ErrorCode::declared_twice, {"E0103", "declared twice", "A relation, type, parameter, hypothesis or claim name is declared twice.",
        ".hypothesis fpg \"...\"\n.hypothesis fpg \"...\"", "Rename one, or delete the duplicate."}},
      {ErrorCode::unknown_type, {"E0104", "unknown or circular type", "A .type or attribute names a type that does not exist.",
        ".decl akim(p: Person)      // no .type Person", "Declare it (.type Person <: symbol) or use number, unsigned, float or symbol."}},
      {ErrorCode::bad_attribute_name, {"E0105", "bad attribute name", "Two attributes share a name, or an attribute is named like an aggregate.",
        ".decl r(count: number)", "Rename the attribute."}},
      {ErrorCode::type_clash, {"E0106", "type clash", "A value of one kind stands where another kind is needed (a symbol for a number...).",
        ".decl tenure(p: symbol, years: float)\nlong(p) :- tenure(p, y), y > \"five\".",
        "Use a value of the right kind, or convert it: to_number, to_float, to_string."}},
      {ErrorCode::unbound_variable, {"E0107", "unbound variable", "A variable in the head, a negation or a comparison is not bound by a positive atom "
        "(range restriction): the rule would not say which values it ranges over.",
        "lonely(x) :- !edge(x, _).", "Bind the variable with a positive atom: lonely(x) :- node(x), !edge(x, _)."}},
      {ErrorCode::unstratifiable, {"E0108", "negation or aggregation through recursion",
        "A relation depends on itself through a negation or an aggregate, so no stratum order exists.",
        "p(x) :- q(x), !p(x).", "Break the cycle: negate or aggregate a relation computed in an earlier stratum."}},
      {ErrorCode::unknown_functor, {"E0109", "unknown functor or wrong arguments", "A function call names no functor kzrules has, or has the wrong count.",
        "n = size(s)", "Use strlen, cat, substr, to_number, to_string, to_float, years_between, ... (docs/language.md)."}},
      {ErrorCode::misplaced_wildcard, {"E0110", "misplaced _", "The anonymous variable _ can only be a whole argument of an atom in a body.",
        "r(x + _) :- s(x).", "Name the variable, or move _ into a body atom."}},
      {ErrorCode::malformed_aggregate, {"E0111", "malformed aggregate", "count takes no target, the others need one, and an aggregate body cannot hold ';'.",
        "n = sum : { w(_, v) }", "Write `sum v : { w(_, v) }`; define a relation for alternatives."}},
      {ErrorCode::number_too_large, {"E0112", "number too large", "An integer literal does not fit in 64 bits.", "r(99999999999999999999).",
        "Use a float, or a smaller number."}},
      {ErrorCode::bad_io_parameters, {"E0113", "bad IO parameters", "An .input/.output directive has an IO kind or delimiter kzrules cannot use.",
        ".input edge(IO=sqlite)", "Use IO=file (or IO=stdout for outputs) and a delimiter of one character or more, with no line end or quote in it."}},
      {ErrorCode::bad_parameter, {"E0114", "bad parameter", "A .param value is not a constant, or --param names or sets a parameter wrongly.",
        "kzrules check rules facts --param tenure_limit=three", "Declare it with .param NAME = VALUE and give a value of its kind."}},
      {ErrorCode::body_too_large, {"E0115", "body too large", "Multiplying out the body's ';' alternatives gives too many rules.",
        "a(x) :- (b(x) ; c(x)), (d(x) ; e(x)), ...   // 13 such groups", "Define helper relations for the alternatives."}},
      {ErrorCode::bad_ground_atom, {"E0116", "bad atom on the command line",
        "An atom given to explain, --with or --without is not one ground atom of a declared relation: a variable, a value of the wrong kind, or an expression that cannot be evaluated.",
        "kzrules explain rules facts 'path(x, 3)'", "Give constants (or expressions over constants) of the attributes' kinds; `_` only in --without."}},
      // ---- arguments: E02xx ------------------------------------------------------------------
      {ErrorCode::unknown_hypothesis, {"E0201", "unknown hypothesis", "A claim's link names a hypothesis that no .hypothesis declares.",
        ".claim c \"...\" exists { r(_) } supports fgp as hoop.", "Fix the name, or declare the hypothesis."}},
      {ErrorCode::unknown_test_type, {"E0202", "unknown test type", "A link's test is not one of Van Evera's four.",
        "supports fpg as litmus", "Use straw, hoop, smoking_gun or doubly_decisive."}},
      {ErrorCode::probability_out_of_range, {"E0203", "probability out of range", "A link's (p_H, p_notH) values must lie strictly between 0 and 1.",
        "supports fpg as hoop (1.0, 0.5)", "Use values such as (0.95, 0.6)."}},
      {ErrorCode::bad_link, {"E0204", "bad link", "A link does not start with supports/opposes, or links one hypothesis twice.",
        "supports fpg as hoop, opposes fpg as straw", "Write `supports H as TEST` or `opposes H as TEST`, once per hypothesis."}},
      {ErrorCode::bad_share_bound, {"E0205", "bad share bound", "A share claim's bound must be a number.", "share { a(x) } => { b(x) } >= \"most\"",
        "Write a number such as 0.75, or a .param."}},
      {ErrorCode::unknown_claim, {"E0206", "unknown claim", "A command names a claim that no .claim declares.",
        "kzrules explain rules facts claim:akims_shrot", "Fix the name: `kzrules check` lists every claim."}},
      {ErrorCode::bad_dating, {"E0207", "bad .dated or .unobserved", "`.dated R(attr)` names an attribute R does not have, or one that cannot hold a date (a date is a number, the year, or a symbol \"YYYY[-MM[-DD]]\"); or a relation is dated twice.",
        ".decl conflict(name: symbol, year: number)\n.dated conflict(when)", "Name an attribute of kind number (a year) or symbol (\"YYYY-MM-DD\"), once per relation."}},
      {ErrorCode::bad_date, {"E0208", "bad date", "A date is not a year (1 to 9999) or a symbol \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" of a day that exists: in `.as_of`, `check --as-of`, a `from` year, or a fact of a `.dated` relation. A fact set may be seen as of one date only.",
        ".as_of \"2001-13\"", "Write 2001, \"2001-03\" or \"2001-03-15\"; give `from` a year such as 2001."}},
      {ErrorCode::bad_param_range, {"E0209", "bad parameter range", "`.param NAME = V range LOW .. HIGH step STEP` needs number literals with LOW <= HIGH and STEP > 0, on a number or float parameter (an integer parameter takes integer bounds and step).",
        ".param tenure_limit = 3.0 range 6.0 .. 1.0 step 0.1", "Write the low bound first and a positive step: range 1.0 .. 6.0 step 0.1."}},
      // ---- facts and files: E03xx --------------------------------------------------------------
      {ErrorCode::missing_file, {"E0301", "missing file or folder", "A rules file, fact set or fact file does not exist or cannot be read.",
        "kzrules run tc.dl -F facts/     # facts/edge.facts missing",
        "Check the path; each .input relation reads <fact-dir>/<relation>.facts or its filename=."}},
      {ErrorCode::wrong_field_count, {"E0302", "wrong number of fields", "A line of a fact file has more or fewer fields than the relation's attributes.",
        "edge.facts:  1<TAB>2<TAB>3   for .decl edge(a: number, b: number)",
        "Fix the line; check the delimiter (tab for .facts, delimiter=\",\" for CSV) and quoting (rfc4180=true)."}},
      {ErrorCode::bad_fact_value, {"E0303", "bad value in a fact file", "A field is not a value of its attribute's kind.",
        "edge.facts:  one<TAB>2   for a number attribute", "Fix the value, or declare the attribute as symbol."}},
      {ErrorCode::bad_quoting, {"E0304", "bad quoting in a CSV file", "A quoted field never closes, or text follows its closing quote.",
        "fpg.csv:  \"Kulibaev,inner", "Close the quote; inside quotes write \"\" for a quote."}},
      {ErrorCode::cannot_write, {"E0305", "cannot write output", "An output file could not be written. Nothing was left half-written.",
        "kzrules run p.dl -D /read-only", "Choose a writable -D folder."}},
      {ErrorCode::not_a_fact, {"E0306", "a fact set holds facts only", "A fact set given as a file of facts (or as text) holds a rule, a declaration, a claim or a directive. A fact set holds facts and the coverage lines .unobserved, .dated and .as_of; everything else belongs to the rules, so every fact set is judged by the same argument.",
        "facts/2007.kz:  .claim injected \"...\" exists { yes() } supports fpg as doubly_decisive.", "Move it into the rules (or give the fact set as a folder of .facts/.csv files)."}},
      // ---- evaluation: E04xx ---------------------------------------------------------------------
      {ErrorCode::division_by_zero, {"E0401", "division by zero", "An expression divided by zero (/ or %) while evaluating.",
        "ratio(x, r) :- count(x, n), r = 100 / n.   // some n is 0", "Guard the division: ..., n != 0, r = 100 / n."}},
      {ErrorCode::integer_overflow, {"E0402", "integer overflow", "A number went past the 64-bit range.", "big(x) :- x = 9223372036854775807 + 1.",
        "Use floats for very large values."}},
      {ErrorCode::bad_regex, {"E0403", "bad regular expression", "match() was given a pattern that is not an ECMAScript regular expression.",
        "m(s) :- name(s), match(\"(\", s).", "Fix the pattern; escape special characters with \\\\."}},
      {ErrorCode::bad_runtime_value, {"E0404", "bad value at run time", "A conversion or string function got a value it cannot use.",
        "n = to_number(\"twelve\")   or   years_between(\"1997\", \"May 2001\")",
        "Check the data: dates are YYYY, YYYY-MM or YYYY-MM-DD."}},
      // ---- limits: E05xx ---------------------------------------------------------------------------
      {ErrorCode::tuple_limit, {"E0501", "tuple limit reached", "Evaluation derived more tuples than --max-tuples allows (exit 3). A rule that "
        "builds new values from old ones (n(x + 1) :- n(x).) never stops.",
        "n(0).  n(x + 1) :- n(x).", "Bound the recursion (n(x + 1) :- n(x), x < 100.) or raise --max-tuples."}},
      {ErrorCode::time_limit, {"E0502", "time limit reached", "Evaluation took longer than --timeout seconds (exit 3).",
        "kzrules run big.dl --timeout 1", "Raise --timeout, or make the program smaller."}},
      {ErrorCode::out_of_memory, {"E0503", "out of memory",
        "The evaluation needed more memory than the machine could give: the program derives too many tuples, or an input is very large.",
        "path(x, z) :- path(x, y), edge(y, z).   // over a graph of 10^8 edges",
        "Use --max-tuples to stop earlier with a clear message, restrict the rules, or use a machine with more memory."}},
      // ---- library use: E06xx ----------------------------------------------------------------------
      {ErrorCode::library_misuse, {"E0601", "library used out of order", "An API call came at the wrong time or named something that does not exist.",
        "db.evaluate(); db.add_fact(...);", "Load facts, then evaluate once; evaluate with record_provenance for explain."}},
      {ErrorCode::internal_error, {"E0602", "internal error",
        "Something failed inside kzrules that no input should cause. The message says what; the input was not changed.",
        "(none known)", "Report it with the program and facts that caused it."}},
      // ---- the command line: E07xx ----------------------------------------------------------
      {ErrorCode::bad_option, {"E0701", "bad command-line option",
        "A flag's value is malformed: --param without '=', an unknown --format or --show, a bad number.",
        "kzrules check rules facts --param tenure_limit", "Write the flag as `kzrules help` shows it (--param NAME=VALUE)."}},
      {ErrorCode::graphviz_failed, {"E0702", "Graphviz failed",
        "Drawing a map as SVG, PNG or PDF runs Graphviz's `dot`, which is not installed or failed.",
        "kzrules graph rules facts --format svg    # without graphviz installed",
        "Install Graphviz (apt-get install graphviz), or ask for --format dot and render it elsewhere."}},
      {ErrorCode::bad_request, {"E0703", "malformed workbench request",
        "The workbench page, or a program calling the WebAssembly engine, sent a request the engine cannot read: not JSON, no command or an unknown one, a field of the wrong type, or a file path outside the argument's folder.",
        "{\"command\": \"check\", \"files\": {\"../etc/passwd\": \"\"}}",
        "Send a JSON object with \"command\", \"files\" (relative paths to texts) and the command's fields, as docs/seminar.md lists them."}},
      // ---- a database server as the backend: E08xx --------------------------------------------
      {ErrorCode::backend_unreachable, {"E0801", "cannot reach the database server",
        "`--backend postgresql://...` names a server that could not be reached: no server at that host, port or socket, or the database does not exist.",
        "kzrules run prog.dl -F facts -D out --backend postgresql:///research?host=/tmp/nowhere",
        "Check the address (host, port, socket folder, database name) and that the server is running; `psql` with the same address tells the same."}},
      {ErrorCode::backend_refused, {"E0802", "the database server refused the credentials",
        "The server answered but refused the user, the password or the connection method (pg_hba.conf).",
        "kzrules check rules --backend postgresql://nobody:wrong@localhost/research",
        "Give a user the server knows and its password (in the address, ~/.pgpass or PGPASSWORD)."}},
      {ErrorCode::backend_rejected, {"E0803", "the database server rejected a statement",
        "A statement kzrules sent failed on the server: the message is the server's, and where the statement comes from a rule, the rule's place is given. Nothing was written locally and the run's schema was dropped.",
        "path(x, y + 1) :- path(x, y).   // on the server: bigint out of range after enough rounds",
        "Read the server's message; fix the rule it names, or the server's limits (statement_timeout, disk)."}},
      {ErrorCode::backend_unsupported, {"E0804", "a construct the backend cannot run",
        "The program uses something the SQL backend does not translate (ord(), a value outside the server's integer range). It runs in process.",
        "n = ord(s)   with   --backend postgresql://...", "Run it without --backend, or rewrite the expression."}},
      {ErrorCode::backend_unavailable, {"E0805", "no PostgreSQL client library",
        "This kzrules cannot evaluate on a server: it was built without libpq (KZ_WITH_POSTGRESQL=OFF), or the client "
        "library it opens at the first connection (libpq.so.5, or the file KZ_LIBPQ names) is missing.",
        "KZ_LIBPQ=/nowhere/libpq.so kzrules run prog.dl --backend postgresql://...",
        "Install libpq5 (or libpq-dev and rebuild, for a build without it), point KZ_LIBPQ at the library, or run "
        "without --backend."}},
      // ---- warnings: W00xx (an error only under --strict) --------------------------------------
      {ErrorCode::ignored_io_parameter, {"W0001", "IO parameter ignored",
        "An .input or .output directive names a parameter kzrules does not know; it is ignored, as Soufflé ignores it.",
        ".input edge(IO=file, delimeter=\",\")", "Remove the parameter, or check its spelling (filename, delimiter, headers, rfc4180, compress)."}},
      {ErrorCode::probability_contradicts_test, {"W0002", "probabilities contradict the test type",
        "A link's (p_H, p_notH) does not fit its label: a hoop needs p_H >= 0.9, a smoking gun p_notH <= 0.1, a doubly-decisive test both.",
        "supports fpg as hoop (0.6, 0.4)", "Change the label to what the probabilities say (straw), or the probabilities."}},
      {ErrorCode::singleton_variable, {"W0003", "variable used once", "A named variable occurs only once in a rule: it matches anything, which is rarely what was meant (often a typo for another variable).",
        "grandparent(x, z) :- parent(x, y), parent(y2, z).", "Fix the typo, or write `_` (or a name starting with `_`) for a value you mean to ignore."}},
      {ErrorCode::free_conclusion_variable, {"W0004", "conclusion variable not bound by the premise", "A variable of a forall, most or share conclusion occurs once and is not bound by the premise, so the conclusion reads \"for some value\": almost always a typo that silently changes the verdict.",
        "forall { adopted(s, _) } => { lobbied_first(t) }", "Use the premise's variable (s), or write `_` if any value will do."}},
      {ErrorCode::undefined_relation, {"W0005", "relation has no facts, rules or input", "A relation is used but nothing can put a tuple in it: no facts, no rules and no .input. Every atom over it fails, and every negation of it holds.",
        ".decl horde(p: symbol, h: symbol)\nkin(p) :- horde(p, \"Elder\").", "Add .input horde (and its fact file), facts or rules; or, in a fact set's coverage.kz, say `.unobserved horde` if nobody collected it."}},
      {ErrorCode::unreasoned_strong_test, {"W0006", "decisive test without a reason", "A hoop, smoking-gun or doubly-decisive link gives no `because \"...\"`: the strongest tests need the most argument.",
        "opposes clan as hoop.", "Say why the test has this strength: opposes clan as hoop because \"...\"."}},
      {ErrorCode::regex_never_matches, {"W0007", "malformed regular expression", "A match() pattern met during evaluation is not a regular expression. As in Soufflé, neither match nor !match holds with it, and evaluation goes on; under --strict it is an error.",
        "ok(s) :- name(s), match(\"b.*[\", s).", "Fix the pattern: close the bracket, escape the special character (\\\\[)."}},
      {ErrorCode::substr_out_of_range, {"W0008", "substr out of range", "substr(s, i, n) starts past the end of s, or takes a negative start or length. As in Soufflé, its value is the empty symbol and evaluation goes on; under --strict it is an error.",
        "head(h) :- name(s), h = substr(s, 22, 12).", "Check the offsets against strlen(s); substr counts bytes from 0."}},
      {ErrorCode::extra_fields_ignored, {"W0009", "extra fields in a fact file", "A line of an .input file has more fields than its relation has attributes. As in Soufflé, the fields past the last attribute are ignored and the line is read; warned once a file, and under --strict it is an error.",
        ".decl member(actor: symbol, fpg: symbol)   // member.facts: Nazarbayev<TAB>Kazakhmys<TAB>1996", "Declare an attribute for each field, or drop the column from the file; a wrong delimiter shows here too."}},
  };
  return table;
}

}  // namespace

const std::vector<ErrorEntry>& error_catalogue() {
  static const std::vector<ErrorEntry> list = [] {
    std::vector<ErrorEntry> out;
    for (const auto& e : entries()) out.push_back(e.entry);
    return out;
  }();
  return list;
}

const ErrorEntry& error_entry(ErrorCode code) {
  static const std::vector<const ErrorEntry*> by_code = [] {
    std::vector<const ErrorEntry*> out(entries().size(), nullptr);
    for (const auto& e : entries()) out[static_cast<std::size_t>(e.code)] = &e.entry;
    return out;
  }();
  return *by_code.at(static_cast<std::size_t>(code));
}

Diagnostic coded_diagnostic(ErrorCode code, std::string message) {
  Diagnostic d;
  d.code = error_entry(code).code;
  d.severity = d.code.front() == 'W' ? Severity::warning : Severity::error;
  d.message = std::move(message);
  return d;
}

std::optional<ErrorEntry> find_error(const std::string& code) {
  for (const auto& e : error_catalogue())
    if (e.code == code) return e;
  return std::nullopt;
}

std::string render_entry(const ErrorEntry& e) {
  return fmt::format("{}: {}\n\n{}\n\nExample:\n\n    {}\n\nHow to fix it: {}\n", e.code, e.title, e.explanation,
                     [&] {
                       std::string s;
                       for (char c : e.example) s += c == '\n' ? std::string("\n    ") : std::string(1, c);
                       return s;
                     }(),
                     e.fix);
}

std::string catalogue_markdown() {
  std::string out =
      "# kzrules errors\n\nEvery error kzrules gives has a stable code, shown after the message "
      "(`error: unknown relation 'edg' [E0101]`). `kzrules explain-error E0101` prints an entry. "
      "Errors exit with status 2, resource limits with 3. This file is generated: "
      "`kzrules explain-error > docs/errors.md`.\n\n| code | error |\n|---|---|\n";
  for (const auto& e : error_catalogue()) out += fmt::format("| [{}](#{}) | {} |\n", e.code, e.code, e.title);
  for (const auto& e : error_catalogue()) {
    out += fmt::format("\n## {}\n\n**{}.** {}\n\n```\n{}\n```\n\n**Fix.** {}\n", e.code, e.title, e.explanation,
                       e.example, e.fix);
  }
  return out;
}

std::string diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
  using json = nlohmann::ordered_json;
  std::function<json(const Diagnostic&)> one = [&](const Diagnostic& d) {
    json j;
    j["severity"] = d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note";
    j["code"] = d.code.empty() ? json(nullptr) : json(d.code);
    j["message"] = d.message;
    j["file"] = d.where.file;
    j["line"] = d.where.line;
    j["column"] = d.where.column;
    j["length"] = d.where.length;
    j["line_text"] = d.where.line_text;
    j["notes"] = json::array();
    for (const auto& n : d.notes) j["notes"].push_back(one(n));
    return j;
  };
  json arr = json::array();
  for (const auto& d : diagnostics) arr.push_back(one(d));
  return arr.dump(2) + "\n";
}

}  // namespace kz
