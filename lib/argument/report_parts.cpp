// The shared words of check reports (report_parts.hpp).
#include "argument/report_parts.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace kz::argument {

namespace {

std::string percent(double share) { return fmt::format("{:.2f}%", share * 100.0); }

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string claim_summary(const ClaimResult& c) {
  if (c.form == ClaimForm::holds) {
    if (c.values.size() == 2)
      return fmt::format("{} {} {}", format_value(c.values[0]), c.comparison, format_value(c.values[1]));
    return "a side has no value (an aggregate over nothing)";
  }
  if (c.form == ClaimForm::exists) return plural(c.witnesses.size(), "witness", "witnesses");
  if (c.form == ClaimForm::none) return plural(c.counterexamples.size(), "counterexample", "counterexamples");
  if (!c.coverage || *c.coverage == 0) return "nothing to test: the body has no solution";
  const std::size_t ok = *c.coverage - c.counterexamples.size();
  if (c.form == ClaimForm::forall) return fmt::format("{} of {} extend to the conclusion", ok, *c.coverage);
  if (c.form == ClaimForm::most)
    return fmt::format("{} of {} extend ({}; more than half needed)", ok, *c.coverage, percent(c.share.value_or(0)));
  return fmt::format("{} of {} extend ({}; needs {} {})", ok, *c.coverage, percent(c.share.value_or(0)),
                     c.comparison, c.bound ? format_value(*c.bound) : "?");
}

std::string unknown_reason(const ClaimResult& c, const std::optional<std::string>& as_of) {
  if (c.outcome != Outcome::unknown) return "";
  if (c.not_yet_observable)
    return fmt::format("not observable before {} (seen as of {})", c.observable_from.value_or(0),
                       as_of.value_or("?"));
  return fmt::format("depends on unobserved {}", fmt::join(c.unknown_relations, ", "));
}

std::string observable_note(const ClaimResult& c) {
  if (!c.observable_from || c.not_yet_observable) return "";
  return fmt::format("observable from {}", *c.observable_from);
}

std::string link_status(const LinkResult& l, Outcome claim_outcome) {
  if (l.passed) return *l.passed ? "passed" : "failed";
  return claim_outcome == Outcome::unknown ? "not counted (unknown)" : "not counted (vacuous)";
}

std::string link_text(const LinkResult& l, Outcome claim_outcome, bool bayes) {
  std::string out = fmt::format("{} {} as {}: {}", l.supports ? "supports" : "opposes", l.hypothesis,
                                test_type_name(l.test), link_status(l, claim_outcome));
  if (bayes && l.weight_db) out += fmt::format(" ({:+.1f} dB; p_H {}, p_notH {})", *l.weight_db, l.p_h, l.p_not_h);
  return out;
}

const std::vector<Binding>& listed_instances(const ClaimResult& c) {
  return c.witnesses.empty() ? c.counterexamples : c.witnesses;
}

std::size_t shown_count(std::size_t total, bool all) { return all ? total : std::min(total, shown_instances); }

bool score_matters(Verdict v) {
  return v == Verdict::supported || v == Verdict::weakened || v == Verdict::undecided;
}

std::string names_or_none(const std::vector<std::string>& names) {
  return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
}

std::string display_path(const std::string& name) {
  const std::filesystem::path path(name);
  if (!path.is_absolute()) return name;
  std::error_code error;
  const std::filesystem::path here = std::filesystem::current_path(error);
  if (!error) {
    const std::filesystem::path inside = path.lexically_relative(here);
    if (!inside.empty() && *inside.begin() != "..") return inside.generic_string();
  }
  return path.filename().generic_string();
}

std::string coverage_note(const FactSetReport& f) {
  std::vector<std::string> parts;
  if (f.as_of) parts.push_back("seen as of " + *f.as_of);
  if (!f.unobserved.empty()) parts.push_back(fmt::format("not observed: {}", fmt::join(f.unobserved, ", ")));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

}  // namespace kz::argument
