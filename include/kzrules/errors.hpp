// kzrules/errors.hpp — the error catalogue: every error kzrules gives has a stable code
// (E0001...), a title, an example and how to fix it. `kzrules explain-error E0101`
// prints an entry; docs/errors.md is the whole catalogue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kzrules/diagnostic.hpp"

namespace kz {

// Every error kzrules raises, named where it is raised; the catalogue gives each its
// stable code (E0101...), shown in messages and reports.
enum class ErrorCode : std::uint16_t {
  // lexical and syntax: E00xx
  syntax_error, unterminated_string, unterminated_comment, unknown_escape, invalid_utf8, not_a_statement,
  unsupported_construct, too_large, bad_directive,
  // names, kinds, binding: E01xx
  unknown_relation, wrong_arity, declared_twice, unknown_type, bad_attribute_name, type_clash, unbound_variable,
  unstratifiable, unknown_functor, misplaced_wildcard, malformed_aggregate, number_too_large, bad_io_parameters,
  bad_parameter, body_too_large, bad_ground_atom,
  // arguments: E02xx
  unknown_hypothesis, unknown_test_type, probability_out_of_range, bad_link, bad_share_bound, unknown_claim,
  bad_dating, bad_date, bad_param_range,
  // facts and files: E03xx
  missing_file, wrong_field_count, bad_fact_value, bad_quoting, cannot_write, not_a_fact,
  // evaluation: E04xx
  division_by_zero, integer_overflow, bad_regex, bad_runtime_value,
  // limits: E05xx
  tuple_limit, time_limit, out_of_memory,
  // library use: E06xx
  library_misuse, internal_error,
  // the command line: E07xx
  bad_option, graphviz_failed, bad_request,
  // E08xx: evaluation on a database server (--backend)
  backend_unreachable, backend_refused, backend_rejected, backend_unsupported, backend_unavailable,
  // warnings: W00xx
  ignored_io_parameter, probability_contradicts_test, singleton_variable, free_conclusion_variable,
  undefined_relation, unreasoned_strong_test, regex_never_matches, substr_out_of_range, extra_fields_ignored,
};

struct ErrorEntry {
  std::string code;     // E0101
  std::string title;    // unknown relation
  std::string explanation;
  std::string example;  // a program or command that gives it
  std::string fix;
};

const std::vector<ErrorEntry>& error_catalogue();
const ErrorEntry& error_entry(ErrorCode code);
// An error diagnostic (a warning for the W codes) with its code and no source position:
// how a host program or the CLI reports a problem of its own in kzrules's form.
Diagnostic coded_diagnostic(ErrorCode code, std::string message);
std::optional<ErrorEntry> find_error(const std::string& code);
std::string render_entry(const ErrorEntry& entry);
std::string catalogue_markdown();
// Diagnostics as a JSON array, for editors.
std::string diagnostics_json(const std::vector<Diagnostic>& diagnostics);

}  // namespace kz
