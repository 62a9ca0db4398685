// Explanations as text for a terminal (a proof as an indented tree) and as JSON.
#include "kzrules/explain.hpp"

#include <fmt/format.h>

#include "argument/binding_text.hpp"
#include "argument/report_json.hpp"

namespace kz {

namespace {

void render_node(std::string& out, const ProofNode& node, const std::string& prefix, bool last, bool root) {
  std::string line = node.atom;
  if (node.kind == ProofKind::rule) line += fmt::format("   [rule {}]", node.location);
  else if (node.kind == ProofKind::input) line += fmt::format("   [fact {}]", node.location);
  else if (node.kind == ProofKind::fact) line += fmt::format("   [fact {}]", node.location);
  else if (node.kind == ProofKind::host) line += "   [added from code]";
  if (!node.source.empty()) line += fmt::format("   source: {}", node.source);
  out += root ? line + "\n" : prefix + (last ? "└── " : "├── ") + line + "\n";
  const std::string child_prefix = root ? "" : prefix + (last ? "    " : "│   ");
  for (std::size_t i = 0; i < node.children.size(); ++i)
    render_node(out, node.children[i], child_prefix, i + 1 == node.children.size(), false);
}

}  // namespace

std::string render_proof(const ProofNode& proof) {
  std::string out;
  render_node(out, proof, "", true, true);
  return out;
}

std::string render_explanation(const Explanation& e) {
  if (e.derived) return render_proof(e.proof);
  std::string out = fmt::format("{} is not derived.\n", e.atom);
  if (e.input_relation) out += "  No rule derives this relation: it holds only the facts given to it.\n";
  for (const auto& a : e.attempts) {
    out += fmt::format("  rule {}: {}\n", a.location, a.rule_text);
    if (a.failed_literal.empty()) {
      out += "    (this rule derives it with other bindings only)\n";
      continue;
    }
    out += fmt::format("    fails at: {}\n", a.failed_literal);
    if (!a.bindings.empty()) {
      std::vector<std::string> parts;
      for (const auto& [n, v] : a.bindings) parts.push_back(n + " = " + v);
      out += fmt::format("    closest match: {}\n", fmt::join(parts, ", "));
    }
  }
  return out;
}

std::string render_claim_explanation(const ClaimExplanation& e) {
  const auto& c = e.result;
  std::string out = fmt::format("claim {} ({}, {}): {}\n  {}\n", c.name, claim_form_name(c.form), c.location, outcome_name(c.outcome), c.text);
  if (c.form == ClaimForm::holds && c.values.size() == 2)
    out += fmt::format("  values: {} {} {}\n", format_value(c.values[0]), c.comparison, format_value(c.values[1]));
  const bool witnesses = !c.witnesses.empty();
  const std::size_t total = witnesses ? c.witnesses.size() : c.counterexamples.size();
  if (total > 0)
    out += fmt::format("  {} ({} of {} shown):\n", witnesses ? "witnesses" : "counterexamples", e.instances.size(), total);
  for (const auto& inst : e.instances) {
    out += fmt::format("\n  {}\n", argument::binding_text(inst.binding, argument::SymbolText::verbatim));
    if (!inst.note.empty()) out += fmt::format("    {}\n", inst.note);
    for (const auto& p : inst.proofs) {
      std::string tree = render_proof(p);
      std::string indented;
      std::size_t start = 0;
      while (start < tree.size()) {
        auto end = tree.find('\n', start);
        indented += "    " + tree.substr(start, end - start) + "\n";
        start = end + 1;
      }
      out += indented;
    }
  }
  return out;
}

std::string explanation_json(const Explanation& e) {
  nlohmann::ordered_json j;
  j["atom"] = e.atom;
  j["derived"] = e.derived;
  if (e.derived) {
    j["proof"] = argument::proof_json(e.proof);
  } else {
    j["attempts"] = nlohmann::ordered_json::array();
    for (const auto& a : e.attempts) {
      nlohmann::ordered_json aj;
      aj["rule"] = a.rule_text;
      aj["location"] = a.location;
      aj["failed_literal"] = a.failed_literal;
      aj["bindings"] = nlohmann::ordered_json::object();
      for (const auto& [n, v] : a.bindings) aj["bindings"][n] = v;
      j["attempts"].push_back(std::move(aj));
    }
  }
  return j.dump(2) + "\n";
}

std::string claim_explanation_json(const ClaimExplanation& e) {
  nlohmann::ordered_json j;
  j["claim"] = e.result.name;
  j["form"] = claim_form_name(e.result.form);
  j["outcome"] = outcome_name(e.result.outcome);
  j["instances"] = nlohmann::ordered_json::array();
  for (const auto& inst : e.instances) j["instances"].push_back(argument::instance_json(inst));
  return j.dump(2) + "\n";
}

}  // namespace kz
