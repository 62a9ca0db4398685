// The check report as JSON with the contract's stable fields (docs/cli.md): each claim with
// its outcome, what it found and its links, each hypothesis's verdict, what each fact set
// supports. An unknown claim is `"holds": null` with the relations it touched, a link
// that did not count is `"passed": null`, and absent dates are null.
#include <fmt/format.h>

#include "argument/report_json.hpp"
#include "argument/robustness_render.hpp"

namespace kz {

namespace argument {

namespace {

template <typename T>
Json optional_json(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json bindings_json(const std::vector<Binding>& items) {
  Json arr = Json::array();
  for (const auto& b : items) arr.push_back(binding_json(b));
  return arr;
}

Json link_json(const LinkResult& l) {
  Json lj;
  lj["hypothesis"] = l.hypothesis;
  lj["direction"] = l.supports ? "supports" : "opposes";
  lj["test"] = test_type_name(l.test);
  lj["passed"] = optional_json(l.passed);
  lj["because"] = optional_json(l.because);
  lj["weight_db"] = optional_json(l.weight_db);
  lj["p_h"] = l.p_h;
  lj["p_not_h"] = l.p_not_h;
  return lj;
}

// `holds` is true or false only for an outcome that is either.
Json holds_json(Outcome outcome) {
  if (outcome == Outcome::holds) return true;
  if (outcome == Outcome::fails) return false;
  return nullptr;
}

Json claim_json(const ClaimResult& c, bool explain) {
  Json cj;
  cj["name"] = c.name;
  cj["outcome"] = outcome_name(c.outcome);
  cj["holds"] = holds_json(c.outcome);
  cj["form"] = claim_form_name(c.form);
  if (c.form == ClaimForm::holds && !c.values.empty()) {
    Json values = Json::array();
    for (const auto& v : c.values) values.push_back(value_json(v));
    cj["values"] = values;
  } else {
    cj["values"] = nullptr;
  }
  cj["share"] = optional_json(c.share);
  cj["coverage"] = optional_json(c.coverage);
  cj["witnesses"] = bindings_json(c.witnesses);
  cj["counterexamples"] = bindings_json(c.counterexamples);
  cj["links"] = Json::array();
  for (const auto& l : c.links) cj["links"].push_back(link_json(l));
  cj["unknown_relations"] = c.unknown_relations;
  cj["not_yet_observable"] = c.not_yet_observable;
  cj["observable_from"] = optional_json(c.observable_from);
  cj["text"] = c.text;
  cj["location"] = c.location;
  if (!c.comparison.empty()) cj["comparison"] = c.comparison;
  if (c.bound) cj["bound"] = *c.bound;
  if (explain) {
    cj["explained"] = Json::array();
    for (const auto& inst : c.explained) cj["explained"].push_back(instance_json(inst));
  }
  return cj;
}

Json hypothesis_json(const HypothesisResult& h) {
  Json hj;
  hj["name"] = h.name;
  hj["verdict"] = verdict_name(h.verdict);
  hj["passed"] = h.passed;
  hj["failed"] = h.failed;
  hj["unknown"] = h.unknown;
  hj["posterior"] = optional_json(h.posterior);
  hj["score"] = h.score;
  hj["decisive"] = h.decisive;
  return hj;
}

}  // namespace

Json value_json(const Value& v) {
  return std::visit([](const auto& x) { return Json(x); }, v);
}

Json binding_json(const Binding& binding) {
  Json obj = Json::object();
  for (const auto& [name, value] : binding) obj[name] = value_json(value);
  return obj;
}

Json proof_json(const ProofNode& node) {
  Json j;
  j["atom"] = node.atom;
  j["kind"] = proof_kind_name(node.kind);
  j["location"] = node.location;
  if (!node.source.empty()) j["source"] = node.source;
  if (!node.rule_text.empty()) j["rule"] = node.rule_text;
  j["children"] = Json::array();
  for (const auto& c : node.children) j["children"].push_back(proof_json(c));
  return j;
}

Json instance_json(const InstanceExplanation& inst) {
  Json ij;
  ij["binding"] = binding_json(inst.binding);
  if (!inst.note.empty()) ij["note"] = inst.note;
  ij["proofs"] = Json::array();
  for (const auto& p : inst.proofs) ij["proofs"].push_back(proof_json(p));
  return ij;
}

Json factset_json(const FactSetReport& f) {
  Json fj;
  fj["name"] = f.name;
  fj["as_of"] = optional_json(f.as_of);
  fj["unobserved"] = f.unobserved;
  fj["claims"] = Json::array();
  for (const auto& c : f.claims) fj["claims"].push_back(claim_json(c, f.explain));
  fj["hypotheses"] = Json::array();
  for (const auto& h : f.hypotheses) fj["hypotheses"].push_back(hypothesis_json(h));
  fj["supports"] = f.supports;
  add_robustness_json(f, fj);
  return fj;
}

Json report_json(const CheckReport& report) {
  Json root;
  root["rules"] = report.rules;
  root["bayes"] = report.bayes;
  root["hypotheses"] = Json::array();
  for (const auto& h : report.hypotheses)
    root["hypotheses"].push_back({{"name", h.name}, {"text", h.text}, {"source", h.source}});
  root["factsets"] = Json::array();
  for (const auto& f : report.factsets) root["factsets"].push_back(factset_json(f));
  return root;
}

}  // namespace argument

std::string render_json(const FactSetReport& report) { return argument::factset_json(report).dump(2) + "\n"; }

std::string render_json(const CheckReport& report) { return argument::report_json(report).dump(2) + "\n"; }

}  // namespace kz
