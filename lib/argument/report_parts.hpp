// The words every check report shares, whatever its format (text, Markdown, HTML; JSON
// gives the same facts as fields): what a claim found, why it is unknown, how a link
// counted, which instances are listed. One place, so the formats cannot drift apart.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "kzrules/check.hpp"

namespace kz::argument {

// Instances listed a claim in text, Markdown and HTML unless RenderOptions::all.
inline constexpr std::size_t shown_instances = 5;

// What a claim found, in one line: its two values, its share, its coverage, or how many
// witnesses or counterexamples.
std::string claim_summary(const ClaimResult& claim);

// Why an unknown claim is unknown: "not observable before 2001 (seen as of 1996)", or
// "depends on unobserved horde, popular_base"; empty for any other outcome.
std::string unknown_reason(const ClaimResult& claim, const std::optional<std::string>& as_of);

// "observable from 2001" for a claim with `from YEAR` that the fact set can observe;
// empty otherwise (an unobservable one says so in unknown_reason).
std::string observable_note(const ClaimResult& claim);

// How a link counted: passed, failed, or "not counted (vacuous)" / "not counted (unknown)"
// after its claim's outcome.
std::string link_status(const LinkResult& link, Outcome claim_outcome);

// "supports fpg as hoop: passed", with the weight of evidence under --bayes.
std::string link_text(const LinkResult& link, Outcome claim_outcome, bool bayes);

// The instances a claim lists (its witnesses, or its counterexamples when it has none)
// and how many of them a report shows.
const std::vector<Binding>& listed_instances(const ClaimResult& claim);
std::size_t shown_count(std::size_t total, bool all);

// Whether reports show a hypothesis's score: only where slight effects decided it.
bool score_matters(Verdict verdict);

// "a, b", or "none" for no names.
std::string names_or_none(const std::vector<std::string>& names);

// The fact set's date and what it did not observe, as one sentence ("seen as of 1996;
// not observed: horde"); empty when neither applies.
std::string coverage_note(const FactSetReport& report);

// A path as a handout's or a map's heading shows it: relative to the current folder when
// inside it, otherwise its last component (FACTSET@DATE keeps its date); a relative path as
// given. Headings so never carry the author's folders.
std::string display_path(const std::string& name);

// Text made safe for a Markdown table cell: `|` escaped, line ends as <br>.
std::string md_escape(const std::string& s);

}  // namespace kz::argument
