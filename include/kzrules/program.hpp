// kzrules/program.hpp — parse and check a kzrules program.
//
// A Program is the checked, planned, immutable form of one or more source files: its
// relations, rules, facts, hypotheses and claims. Parsing never throws for bad input:
// the result holds either a Program or the diagnostics that explain why there is none.
// A Program is cheap to copy (shared, immutable) and safe to share between threads.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kzrules/diagnostic.hpp"
#include "kzrules/value.hpp"

namespace kz {

namespace sem {
struct Program;
}
namespace plan {
struct ProgramPlan;
}
namespace api {
struct Access;
}

struct SourceText {
  std::string name;  // shown in diagnostics, e.g. a path
  std::string text;
};

struct AttributeInfo {
  std::string name;
  Kind kind;
  std::string type_name;  // as declared: "number", "symbol", or a `.type` name
};

struct RelationInfo {
  std::string name;
  std::vector<AttributeInfo> attributes;
  bool is_input = false;
  bool is_output = false;
};

// A rival explanation the program's claims test (`.hypothesis`).
struct HypothesisInfo {
  std::string name, text, source;
};

// A named constant (`.param name = value`) and its current value.
struct ParamInfo {
  std::string name;
  Value value;
};

struct ParseOptions {
  // `--param name=value` overrides of `.param` defaults, applied before checking.
  std::vector<std::pair<std::string, std::string>> param_overrides;
  // The date the program's facts are seen as of (`check --as-of`), in place of any
  // `.as_of` in its sources: a year or "YYYY", "YYYY-MM", "YYYY-MM-DD".
  std::optional<std::string> as_of;
  // `--strict`: warnings are errors. parse_string, parse_sources and parse_path give no
  // program when it draws a warning; their diagnostics then hold the warnings as errors
  // (code W0003... kept). The functions that read a fact set with a program (kzrules/
  // check.hpp) judge, instead, the program they evaluate for each fact set.
  bool strict = false;
  // Folders searched, after the including file's own, for what `.include` and `#include`
  // name (`-I DIR`), in order. A program given as a string searches only these.
  std::vector<std::string> include_dirs;
  // Macros defined before the program's `#` lines are read (`--macro NAME=VALUE`; a NAME
  // alone is 1), as Soufflé's `-M`. RAM_DOMAIN_SIZE is 64 unless given here.
  std::vector<std::pair<std::string, std::string>> macros;
  // `--wrap-integers`: arithmetic on `number` and `unsigned` that leaves the 64-bit range
  // (a sum, a product, `0u - 1u`, a power) wraps around in two's complement, as Soufflé's
  // does, instead of stopping the evaluation with E0402. For programs written against
  // Soufflé that rely on it (hashes, counters taken modulo 2^64); the default refuses,
  // because a wrapped number is almost always a wrong answer.
  bool wrap_integers = false;
};

class Program {
 public:
  std::vector<RelationInfo> relations() const;
  std::optional<RelationInfo> relation(std::string_view name) const;
  std::vector<ParamInfo> params() const;
  std::vector<HypothesisInfo> hypotheses() const;
  std::size_t rule_count() const;

  // What reports call it: the path given to parse_path (without a trailing slash), the
  // name given to parse_string, the names of parse_sources' texts joined by ", ".
  const std::string& name() const noexcept { return name_; }
  // The texts it was read from, in order, and the options it was parsed with: a fact
  // set written in the language is read together with these (see kzrules/check.hpp).
  std::vector<SourceText> sources() const;
  const ParseOptions& parse_options() const noexcept { return parse_options_; }
  // The warnings it draws (docs/language.md, "Warnings"; W0006 for a decisive
  // test without a reason), in source order: what ParseResult::diagnostics held. A
  // relation that nothing in these sources defines is warned about (W0005) even if a fact
  // set read with them will; kzrules/check.hpp's factset_warnings judges that.
  std::vector<Diagnostic> warnings() const;

 private:
  friend struct api::Access;  // the library's own stages reach the checked model and plan
  Program(std::shared_ptr<const sem::Program> model, std::shared_ptr<const plan::ProgramPlan> plan,
          std::string name, ParseOptions options);

  std::shared_ptr<const sem::Program> model_;
  std::shared_ptr<const plan::ProgramPlan> plan_;
  std::string name_;
  ParseOptions parse_options_;
};

struct ParseResult {
  std::optional<Program> program;
  // Errors when there is no program (with ParseOptions::strict, warnings made errors too);
  // its warnings otherwise.
  std::vector<Diagnostic> diagnostics;
  bool ok() const noexcept { return program.has_value(); }
};

// Parse one text. `name` is what diagnostics call it.
ParseResult parse_string(std::string_view text, std::string_view name = "<string>",
                         const ParseOptions& options = {});
// Several texts read as one program (a rules folder); order matters only for reports.
ParseResult parse_sources(std::vector<SourceText> sources, const ParseOptions& options = {});
// A file, or a folder whose `.kz` and `.dl` files (sorted by name) make one program.
ParseResult parse_path(const std::filesystem::path& path, const ParseOptions& options = {});

// The stages a program passes through, each printable (`kzrules run --show=STAGE`):
// ast   the parse tree of each source file, one node a line;
// ir    the checked program: relations and kinds, rules in DNF over numbered variable
//       slots, strata, params, hypotheses, claims;
// plan  each rule's evaluation plan (join order, keys, indexes), the index registry and
//       the claims' plans.
// The texts are for people and tests; their format may change between versions.
enum class Stage { ast, ir, plan };

// `program` at `stage`. The parse trees are not kept in a Program: Stage::ast parses its
// source texts again (they parsed once, so they parse again the same way).
std::string show(const Program& program, Stage stage);

}  // namespace kz
