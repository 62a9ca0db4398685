// kzrules/check.hpp — evaluate an argument's claims and judge its hypotheses.
//
// check() evaluates every claim of a program on each fact set and gives each hypothesis
// a verdict by the rules of docs/language.md (contested, eliminated, confirmed, supported,
// weakened, undecided, untested). A fact set may come from files (a folder read through
// `.input`, a file of facts in the language) or from memory (facts as text, tuples added
// from code): everything here works on a parsed Program and FactSets, and the functions
// that take paths are shorthands for those. The result is a plain report object;
// render_text, render_json and render_markdown turn it, or one fact set's part of it,
// into what the CLI prints. With CheckOptions::explain the report also holds the proofs
// of each claim's first instances, and every rendering shows them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kzrules/database.hpp"
#include "kzrules/program.hpp"
#include "kzrules/value.hpp"

namespace kz {

// A claim's outcome on one fact set. `vacuous`: nothing to test (docs/language.md); `unknown`:
// the outcome could change if an unobserved relation had more facts, or the claim's
// evidence is not observable yet at the date the fact set is seen as of. Neither moves
// a verdict.
enum class Outcome : std::uint8_t { holds, fails, vacuous, unknown };
enum class Verdict : std::uint8_t { contested, eliminated, confirmed, supported, weakened, undecided, untested };
// A claim's form: `exists`, `none`, `forall`, `most`, `share` or `holds` (docs/language.md).
enum class ClaimForm : std::uint8_t { exists, none, forall, most, share, holds };
// Van Evera's tests, by how much passing and failing each one tells.
enum class TestType : std::uint8_t { straw, hoop, smoking_gun, doubly_decisive };
// What one step of a proof (kzrules/explain.hpp) rests on: a rule, a row of a fact file
// (input), a fact written in the program, a fact added from code (host), or nothing
// more shown because the proof grew too deep (truncated).
enum class ProofKind : std::uint8_t { rule, input, fact, host, truncated };

// The words every report prints for each (text, JSON, Markdown, HTML, DOT, Argdown).
const char* outcome_name(Outcome outcome) noexcept;
const char* verdict_name(Verdict verdict) noexcept;
const char* claim_form_name(ClaimForm form) noexcept;
const char* test_type_name(TestType test) noexcept;
const char* proof_kind_name(ProofKind kind) noexcept;

std::ostream& operator<<(std::ostream& out, Outcome outcome);
std::ostream& operator<<(std::ostream& out, Verdict verdict);
std::ostream& operator<<(std::ostream& out, ClaimForm form);
std::ostream& operator<<(std::ostream& out, TestType test);
std::ostream& operator<<(std::ostream& out, ProofKind kind);

// One solution of a claim's body: its named variables in order of first appearance.
using Binding = std::vector<std::pair<std::string, Value>>;

// One step of a proof: a derived tuple with the rule that derived it and the proofs of
// the rule's body, or a fact (kzrules/explain.hpp gives proofs of any tuple).
struct ProofNode {
  std::string atom;       // path(1, 3)
  ProofKind kind = ProofKind::rule;  // rule, input (a fact file row), fact (written in the program), host
  std::string location;   // file:line of the rule or the fact
  std::string source;     // the row's `source` attribute, when the relation has one
  std::string rule_text;  // the rule as written (kind "rule")
  std::vector<ProofNode> children;
};

// A claim's instance (a witness or counterexample) with why it is one.
struct InstanceExplanation {
  Binding binding;
  std::vector<ProofNode> proofs;  // the body atoms behind the instance
  std::string note;               // forall/most/share counterexamples: which conclusion literal fails
};

struct LinkResult {
  std::string hypothesis;
  bool supports = true;          // false: opposes
  TestType test = TestType::straw;
  std::optional<bool> passed;    // empty when the claim is vacuous or unknown
  std::optional<std::string> because;  // why the test has its strength, as the link says
  double p_h = 0, p_not_h = 0;   // the outcome H predicts, under H and under not-H
  std::optional<double> weight_db;  // with --bayes: 10 log10 of the odds factor
};

struct ClaimResult {
  std::string name, text;
  ClaimForm form = ClaimForm::exists;
  std::string location;          // file:line of the claim
  Outcome outcome = Outcome::vacuous;
  std::vector<Value> values;     // holds: the two sides
  std::string comparison;        // holds and share: the operator
  std::optional<double> bound;   // share: the bound
  std::optional<double> share;   // most, share
  std::optional<std::size_t> coverage;  // forall, most, share: solutions of B
  std::vector<Binding> witnesses;        // exists: solutions of B
  std::vector<Binding> counterexamples;  // none: B's solutions; forall/most/share: those C misses
  std::vector<LinkResult> links;
  std::optional<int> observable_from;            // `from YEAR`
  // unknown: the unobserved relations whose missing facts could change the outcome
  // (empty when the claim is unknown because it is not observable yet).
  std::vector<std::string> unknown_relations;
  // unknown because the fact set is seen as of a date before `observable_from`.
  bool not_yet_observable = false;
  // With CheckOptions::explain: the first instances (the witnesses, or the
  // counterexamples when there are none), in the order listed above, with their proofs.
  std::vector<InstanceExplanation> explained;
};

struct HypothesisResult {
  std::string name;
  Verdict verdict = Verdict::untested;
  int score = 0;                         // the sum of slight effects (rule 4)
  std::vector<std::string> passed, failed;  // claims whose test passed / failed
  std::vector<std::string> unknown;         // linked claims whose outcome is unknown
  std::vector<std::string> decisive;     // contested: the failed hoop and passed smoking gun
  std::optional<double> posterior;       // with --bayes
};

// Which single changes move this fact set's verdicts (kzrules/robustness.hpp).
struct FactSetRobustness;

struct FactSetReport {
  std::string name;
  bool bayes = false;  // judged with CheckOptions::bayes: posteriors and weights of evidence
  bool explain = false;  // checked with CheckOptions::explain: claims hold proofs
  std::optional<std::string> as_of;        // the date the fact set is seen as of (1996, 2001-03)
  std::vector<std::string> unobserved;     // relations this fact set did not observe
  std::vector<ClaimResult> claims;
  std::vector<HypothesisResult> hypotheses;
  std::vector<std::string> supports;
  // What evaluating the fact set warned of (Database::warnings: a malformed match()
  // pattern, substr out of range), once a place.
  std::vector<Diagnostic> warnings;
  // With CheckOptions::robustness: which single changes move its verdicts (include
  // kzrules/robustness.hpp to read it); empty otherwise.
  std::shared_ptr<const FactSetRobustness> robustness;
};

struct CheckReport {
  std::string rules;
  bool bayes = false;
  std::vector<HypothesisInfo> hypotheses;
  std::vector<FactSetReport> factsets;
  bool any_claim_failed() const;
};

struct CheckOptions {
  bool bayes = false;
  // Proofs of each claim's first `explain_instances` instances (ClaimResult::explained):
  // check() then evaluates with EvalOptions::record_provenance, which check_database
  // needs of its database.
  bool explain = false;
  std::size_t explain_instances = 5;
  EvalOptions eval;
  // How rules read from a path are parsed (`--param`); a Program given to a function
  // keeps the options it was parsed with.
  ParseOptions parse;
  // What-if: input facts removed from (patterns: `_` matches anything), and facts added
  // to, every fact set.
  std::vector<std::pair<std::string, Pattern>> without;
  std::vector<std::pair<std::string, Tuple>> with;
  // `check --as-of 1996,2001`: each fact set is checked once per date, dates ascending,
  // and reported as FACTSET@DATE; empty: as of its own `.as_of`, if any. Each date is a year
  // or "YYYY", "YYYY-MM", "YYYY-MM-DD" (kz::Error, bad_date, otherwise).
  std::vector<std::string> as_of;
  // `check --robustness`: every fact set's report also says which single changes move
  // its verdicts (FactSetReport::robustness; kzrules/robustness.hpp).
  bool robustness = false;
};

// ---- fact sets --------------------------------------------------------------------------
// The facts one check runs on, beside those written in the program. Any mix of:
//   - `path`: a folder read through `.input` (`<rel>.facts` or the `filename=`), or a
//     file of facts in the language; which one is decided when the fact set is opened;
//   - `texts`: facts in the language held in memory, read together with the program's
//     own sources (they need its declarations) — a fact set that reads no `.input`;
//   - `tuples`: facts added from code, as Database::add_fact adds them.
//   A folder's `coverage.kz`, if present, is read as one more text: it says what the fact
//   set did not observe (`.unobserved R`), how facts are dated (`.dated R(attr)`) and the
//   date it is seen as of (`.as_of 1996`); a text may hold the same lines.
struct FactSet {
  std::string name;  // how reports name it
  std::optional<std::filesystem::path> path;
  std::vector<SourceText> texts;
  std::vector<std::pair<std::string, Tuple>> tuples;
  std::vector<std::string> unobserved;  // as `.unobserved` says, from code
  std::optional<std::string> as_of;     // as `.as_of` says, from code

  // A folder or a file, named by its path as given without a trailing slash (today's
  // `kzrules check RULES FACTSET`).
  static FactSet from_path(const std::filesystem::path& path);
  // Facts in the language, e.g. `akim("Braun", "Akmola").`; `name` also names the text
  // in diagnostics.
  static FactSet from_text(std::string name, std::string text);
  // No facts yet: add them with add().
  static FactSet from_tuples(std::string name);
  // Adds one fact from code; values must fit the relation's attribute kinds.
  FactSet& add(std::string relation, Tuple values);
};

// A database for one fact set of PROGRAM, loaded but not evaluated. A fact set with
// facts in the language (texts, or a path that is a file) is parsed together with the
// program's sources and parse options, so the database's program holds those facts too.
// Throws kz::Error on bad input (a missing fact set, bad facts, a tuple that does not fit).
// Under ParseOptions::strict (the program's; CheckOptions::parse for RULES read from a
// path), a fact set whose program draws a warning is bad input too: this, check() and
// every function built on them throw kz::Error with those warnings made errors, before
// anything is loaded or evaluated.
Database open_factset(const Program& program, const FactSet& factset);

// The warnings of the program each fact set is evaluated with (PROGRAM read with the fact
// set's file of facts, its coverage.kz and its texts), each distinct warning once, in
// order of first appearance: what `kzrules check` and the other commands that take fact
// sets print. A relation is undefined there (W0005) only when that program has no facts,
// rules, `.input` or `.unobserved` for it and the fact set adds no tuples to it from code.
// Reads the fact sets' texts but loads and evaluates nothing. Throws kz::Error on bad input.
std::vector<Diagnostic> factset_warnings(const Program& program, const std::vector<FactSet>& factsets);

// Evaluates the claims of an evaluated database and judges its hypotheses. With
// options.explain the database must have been evaluated with record_provenance (kz::Error
// otherwise).
FactSetReport check_database(Database& database, std::string name, const CheckOptions& options = {});

// Checks each fact set: opens it, applies CheckOptions::without and ::with, evaluates
// (with -j N, N fact sets at a time) and checks. The report's `rules` is program.name().
CheckReport check(const Program& program, const std::vector<FactSet>& factsets, const CheckOptions& options = {});

// ---- the same from paths ----------------------------------------------------------------
// RULES is a file or a folder of .kz/.dl files, parsed with CheckOptions::parse (or
// `options`); a missing fact set means the folder that holds RULES (RULES itself when
// it is a folder), read through `.input`.

// How reports name a fact set (its path as given, without a trailing slash).
std::string factset_name(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset);
// A database for one fact set of RULES, loaded but not evaluated. A file of facts is
// read together with RULES as one program. Throws kz::Error on bad input.
Database open_factset(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset,
                      const ParseOptions& options = {});
// Reads RULES and checks each fact set (with none, the folder that holds RULES). Throws
// kz::Error on bad input.
CheckReport check(const std::filesystem::path& rules, const std::vector<std::filesystem::path>& factsets,
                  const CheckOptions& options = {});
// The warnings of RULES on each fact set (with none, the folder that holds RULES), read as
// open_factset reads them. Throws kz::Error on bad input.
std::vector<Diagnostic> factset_warnings(const std::filesystem::path& rules,
                                         const std::vector<std::filesystem::path>& factsets,
                                         const ParseOptions& options = {});

// ---- reports ------------------------------------------------------------------------------
// Every format shows each claim's outcome (an unknown one with the unobserved relations
// it touched, or the year its evidence becomes observable), what it found, its links with
// their reasons (`because`), each hypothesis's verdict with the claims behind it, the
// date a fact set is seen as of and what it did not observe, and proofs when the check
// was made with CheckOptions::explain. JSON always lists every instance.
struct RenderOptions {
  bool color = false;
  bool all = false;  // every instance; otherwise at most 5 a claim (text, Markdown, HTML)
};

// The whole report: each fact set, then (with several) the verdict matrix.
std::string render_text(const CheckReport& report, const RenderOptions& options = {});
std::string render_json(const CheckReport& report);
std::string render_markdown(const CheckReport& report, const RenderOptions& options = {});
// One fact set's part of it, as the whole report shows it.
std::string render_text(const FactSetReport& report, const RenderOptions& options = {});
std::string render_json(const FactSetReport& report);
std::string render_markdown(const FactSetReport& report, const RenderOptions& options = {});

}  // namespace kz
