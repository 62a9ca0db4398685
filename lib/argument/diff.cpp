// kzrules diff: two encodings of one argument, their differences (diff_compare.cpp), the
// verdicts of both side by side, and which differences alone move A's verdict toward
// B's. Most differences are tried by judging A's outcomes again with the difference
// made to a copy of A's hypotheses, claims and links; a parameter value or a `from`
// year changes outcomes, so A is evaluated again with it.
#include <algorithm>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "argument/claims.hpp"
#include "argument/coverage.hpp"
#include "argument/diff_model.hpp"
#include "argument/factsets.hpp"
#include "core/calendar.hpp"
#include "eval/engine.hpp"
#include "semantics/ir.hpp"

namespace kz {

const char* difference_kind_name(DifferenceKind kind) noexcept {
  switch (kind) {
    case DifferenceKind::hypothesis_added: return "hypothesis_added";
    case DifferenceKind::hypothesis_removed: return "hypothesis_removed";
    case DifferenceKind::claim_added: return "claim_added";
    case DifferenceKind::claim_removed: return "claim_removed";
    case DifferenceKind::claim_changed: return "claim_changed";
    case DifferenceKind::claim_from: return "claim_from";
    case DifferenceKind::link_added: return "link_added";
    case DifferenceKind::link_removed: return "link_removed";
    case DifferenceKind::link_direction: return "link_direction";
    case DifferenceKind::link_test: return "link_test";
    case DifferenceKind::link_because: return "link_because";
    case DifferenceKind::link_probability: return "link_probability";
    case DifferenceKind::param_added: return "param_added";
    case DifferenceKind::param_removed: return "param_removed";
    case DifferenceKind::param_changed: return "param_changed";
    case DifferenceKind::rules_changed: return "rules_changed";
  }
  return "?";
}

std::string Difference::description() const {
  auto side = [](const std::optional<std::string>& s) { return s ? *s : std::string("none"); };
  auto quoted = [](const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : std::string("none"); };
  const std::string link = fmt::format("link {} -> {}", claim, hypothesis);
  switch (kind) {
    case DifferenceKind::hypothesis_added: return fmt::format("hypothesis {} added", hypothesis);
    case DifferenceKind::hypothesis_removed: return fmt::format("hypothesis {} removed", hypothesis);
    case DifferenceKind::claim_added: return fmt::format("claim {} added", claim);
    case DifferenceKind::claim_removed: return fmt::format("claim {} removed", claim);
    case DifferenceKind::claim_changed:
      return fmt::format("claim {} changed: {} -> {}", claim, side(before), side(after));
    case DifferenceKind::claim_from: return fmt::format("claim {}: from {} -> {}", claim, side(before), side(after));
    case DifferenceKind::link_added: return fmt::format("{} added: {}", link, side(after));
    case DifferenceKind::link_removed: return fmt::format("{} removed: {}", link, side(before));
    case DifferenceKind::link_direction:
      return fmt::format("{}: direction {} -> {}", link, side(before), side(after));
    case DifferenceKind::link_test: return fmt::format("{}: test {} -> {}", link, side(before), side(after));
    case DifferenceKind::link_because:
      return fmt::format("{}: because {} -> {}", link, quoted(before), quoted(after));
    case DifferenceKind::link_probability:
      return fmt::format("{}: probabilities {} -> {}", link, side(before), side(after));
    case DifferenceKind::param_added: return fmt::format("param {} added (= {})", param, side(after));
    case DifferenceKind::param_removed: return fmt::format("param {} removed (was {})", param, side(before));
    case DifferenceKind::param_changed: return fmt::format("param {}: {} -> {}", param, side(before), side(after));
    case DifferenceKind::rules_changed: return fmt::format("rules for {} changed", relation);
  }
  return "?";
}

bool DiffReport::any_verdict_differs() const {
  for (const auto& f : factsets)
    for (const auto& v : f.verdicts)
      if (v.differs()) return true;
  return false;
}

namespace {

using Overrides = std::vector<std::pair<std::string, std::string>>;

// One evaluation check() makes: a fact set, seen as of a date (check --as-of) or its own.
struct Run {
  const FactSet* factset = nullptr;
  std::optional<std::string> date;
};

// The runs in check()'s order: each fact set once per date, dates ascending.
std::vector<Run> runs_of(const std::vector<FactSet>& factsets, const CheckOptions& options) {
  std::vector<std::optional<std::string>> dates(options.as_of.begin(), options.as_of.end());
  if (dates.empty()) dates.push_back(std::nullopt);
  auto key = [](const std::optional<std::string>& d) {
    const auto date = d ? parse_calendar_date(*d) : std::nullopt;
    return date ? date->as_of_key() : 0;
  };
  std::stable_sort(dates.begin(), dates.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
  std::vector<Run> runs;
  for (const auto& factset : factsets)
    for (const auto& date : dates) runs.push_back({&factset, date});
  return runs;
}

template <typename Named>
std::optional<std::size_t> index_of(const std::vector<Named>& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return i;
  return std::nullopt;
}

std::optional<Verdict> verdict_of(const FactSetReport& report, const std::string& hypothesis) {
  for (const auto& h : report.hypotheses)
    if (h.name == hypothesis) return h.verdict;
  return std::nullopt;
}

// What judge() reads of a program: hypotheses, and each claim's name and links.
sem::Claim claim_skeleton(const sem::Claim& claim) {
  sem::Claim out;
  out.name = claim.name;
  out.links = claim.links;
  out.observable_from = claim.observable_from;
  return out;
}

sem::Program skeleton_of(const sem::Program& program) {
  sem::Program out;
  out.hypotheses = program.hypotheses;
  for (const auto& c : program.claims) out.claims.push_back(claim_skeleton(c));
  return out;
}

sem::Link* link_to(sem::Claim& claim, std::uint32_t hypothesis) {
  for (auto& l : claim.links)
    if (l.hypothesis == hypothesis) return &l;
  return nullptr;
}

const sem::Link* link_to(const sem::Program& program, const sem::Claim& claim, const std::string& hypothesis) {
  for (const auto& l : claim.links)
    if (program.hypotheses[l.hypothesis].name == hypothesis) return &l;
  return nullptr;
}

// Each difference applied alone to A, giving A's report on every run.
class Trial {
 public:
  Trial(const Program& a, const Program& b, const CheckReport& check_a, const CheckReport& check_b,
        const std::vector<FactSet>& factsets, const CheckOptions& options)
      : a_(a),
        model_a_(api::model_of(a)),
        model_b_(api::model_of(b)),
        skeleton_(skeleton_of(model_a_)),
        check_a_(check_a),
        check_b_(check_b),
        factsets_(factsets),
        options_(options) {}

  std::vector<FactSetReport> apply(const Difference& d) const {
    switch (d.kind) {
      case DifferenceKind::param_changed: return with_param(d);
      case DifferenceKind::claim_from: return with_from(d);
      default: return rejudged(d);
    }
  }

 private:
  const Program& a_;
  const sem::Program& model_a_;
  const sem::Program& model_b_;
  const sem::Program skeleton_;
  const CheckReport& check_a_;
  const CheckReport& check_b_;
  const std::vector<FactSet>& factsets_;
  const CheckOptions& options_;

  // A's outcomes judged again, with the difference made to A's links and claims.
  std::vector<FactSetReport> rejudged(const Difference& d) const {
    std::vector<FactSetReport> out;
    for (std::size_t r = 0; r < check_a_.factsets.size(); ++r) {
      sem::Program program = skeleton_;
      FactSetReport report = check_a_.factsets[r];
      change(d, program, report, check_b_.factsets[r]);
      argument::judge(program, report, options_.bayes);
      out.push_back(std::move(report));
    }
    return out;
  }

  // B's link as A numbers its hypotheses; none when A lacks the hypothesis.
  std::optional<sem::Link> mapped(const sem::Link& link, const sem::Program& into) const {
    const auto h = index_of(into.hypotheses, model_b_.hypotheses[link.hypothesis].name);
    if (!h) return std::nullopt;
    sem::Link out = link;
    out.hypothesis = static_cast<std::uint32_t>(*h);
    return out;
  }

  void change(const Difference& d, sem::Program& program, FactSetReport& report, const FactSetReport& theirs) const {
    const auto claim = index_of(program.claims, d.claim);
    const auto their_claim = index_of(model_b_.claims, d.claim);
    const auto hypothesis = index_of(program.hypotheses, d.hypothesis);
    const auto their_hypothesis = index_of(model_b_.hypotheses, d.hypothesis);
    sem::Link* ours = claim && hypothesis ? link_to(program.claims[*claim], static_cast<std::uint32_t>(*hypothesis))
                                          : nullptr;
    const sem::Link* other = their_claim ? link_to(model_b_, model_b_.claims[*their_claim], d.hypothesis) : nullptr;
    switch (d.kind) {
      case DifferenceKind::hypothesis_removed:
        if (hypothesis) remove_hypothesis(program, static_cast<std::uint32_t>(*hypothesis));
        break;
      case DifferenceKind::hypothesis_added:
        if (their_hypothesis) add_hypothesis(program, *their_hypothesis);
        break;
      case DifferenceKind::claim_removed:
        if (claim) {
          program.claims.erase(program.claims.begin() + static_cast<std::ptrdiff_t>(*claim));
          report.claims.erase(report.claims.begin() + static_cast<std::ptrdiff_t>(*claim));
        }
        break;
      case DifferenceKind::claim_added:
        if (their_claim) {
          sem::Claim added = claim_skeleton(model_b_.claims[*their_claim]);
          added.links.clear();
          for (const auto& l : model_b_.claims[*their_claim].links)
            if (auto m = mapped(l, program)) added.links.push_back(*m);
          program.claims.push_back(std::move(added));
          report.claims.push_back(theirs.claims[*their_claim]);
        }
        break;
      case DifferenceKind::claim_changed:
        // The outcome as B's form evaluates it; A's links stay (their changes are their own).
        if (claim && their_claim) report.claims[*claim] = theirs.claims[*their_claim];
        break;
      case DifferenceKind::link_added:
        if (claim && other)
          if (auto m = mapped(*other, program)) program.claims[*claim].links.push_back(*m);
        break;
      case DifferenceKind::link_removed:
        if (claim && hypothesis) {
          auto& links = program.claims[*claim].links;
          links.erase(std::remove_if(links.begin(), links.end(),
                                     [&](const sem::Link& l) { return l.hypothesis == *hypothesis; }),
                      links.end());
        }
        break;
      case DifferenceKind::link_direction:
        if (ours && other) ours->supports = other->supports;
        break;
      case DifferenceKind::link_test:
        if (ours && other) {
          ours->test = other->test;
          // A link without its own probabilities has its test's.
          if (!ours->explicit_probability) ours->p_h = other->p_h, ours->p_not_h = other->p_not_h;
        }
        break;
      case DifferenceKind::link_because:
        if (ours && other) ours->because = other->because;
        break;
      case DifferenceKind::link_probability:
        if (ours && other) {
          ours->p_h = other->p_h;
          ours->p_not_h = other->p_not_h;
          ours->explicit_probability = other->explicit_probability;
        }
        break;
      default:
        break;
    }
  }

  static void remove_hypothesis(sem::Program& program, std::uint32_t h) {
    for (auto& c : program.claims) {
      auto to_h = [&](const sem::Link& l) { return l.hypothesis == h; };
      c.links.erase(std::remove_if(c.links.begin(), c.links.end(), to_h), c.links.end());
      for (auto& l : c.links)
        if (l.hypothesis > h) --l.hypothesis;
    }
    program.hypotheses.erase(program.hypotheses.begin() + h);
  }

  // B's hypothesis, with B's links to it from the claims both programs have.
  void add_hypothesis(sem::Program& program, std::size_t theirs) const {
    const auto h = static_cast<std::uint32_t>(program.hypotheses.size());
    program.hypotheses.push_back(model_b_.hypotheses[theirs]);
    for (auto& c : program.claims) {
      const auto their_claim = index_of(model_b_.claims, c.name);
      if (!their_claim) continue;
      for (const auto& l : model_b_.claims[*their_claim].links)
        if (l.hypothesis == theirs) {
          sem::Link link = l;
          link.hypothesis = h;
          c.links.push_back(link);
        }
    }
  }

  // A evaluated again with B's value of one parameter.
  std::vector<FactSetReport> with_param(const Difference& d) const {
    const Overrides values = argument::b_param_values(model_a_, model_b_);
    Overrides one;
    for (const auto& v : values)
      if (v.first == d.param) one.push_back(v);
    return check(argument::reparse(a_, {}, one), factsets_, options_).factsets;
  }

  // A evaluated again with B's `from` for one claim. The claim's outcome is needed as it
  // was before A's own `from` hid it, so each run is evaluated and settled anew.
  std::vector<FactSetReport> with_from(const Difference& d) const {
    const auto their_claim = index_of(model_b_.claims, d.claim);
    std::vector<FactSetReport> out;
    for (const Run& run : runs_of(factsets_, options_)) {
      Database db = argument::open_factset_with(a_, *run.factset, {}, run.date);
      argument::apply_changes(db, options_);
      db.evaluate(options_.eval);
      auto& engine = api::engine_of(db);
      sem::Program program = engine.program();
      FactSetReport report;
      report.bayes = options_.bayes;
      for (std::size_t c = 0; c < program.claims.size(); ++c)
        report.claims.push_back(argument::evaluate_claim(engine, c));
      if (const auto claim = index_of(program.claims, d.claim); claim && their_claim)
        program.claims[*claim].observable_from = model_b_.claims[*their_claim].observable_from;
      argument::settle_unknowns(program, report);
      argument::judge(program, report, options_.bayes);
      out.push_back(std::move(report));
    }
    return out;
  }
};

// A's hypotheses in its order, then those only B has, each with both verdicts.
FactSetDiff side_by_side(const FactSetReport& a, const FactSetReport& b) {
  FactSetDiff out;
  out.name = a.name;
  for (const auto& h : a.hypotheses) out.verdicts.push_back({h.name, h.verdict, verdict_of(b, h.name), {}});
  for (const auto& h : b.hypotheses)
    if (!verdict_of(a, h.name)) out.verdicts.push_back({h.name, std::nullopt, h.verdict, {}});
  out.supports_a = a.supports;
  out.supports_b = b.supports;
  return out;
}

}  // namespace

DiffReport diff(const Program& a, const Program& b, const std::vector<FactSet>& factsets,
                const CheckOptions& given) {
  const CheckOptions options = argument::sharing_one_deadline(given);
  const sem::Program& model_a = api::model_of(a);
  const sem::Program& model_b = api::model_of(b);
  DiffReport report;
  report.rules_a = a.name();
  report.rules_b = b.name();
  // Claims and rules are compared with B's parameter values in A, so that a parameter's
  // difference is not also counted as a difference of every claim that uses it.
  const auto values = argument::b_param_values(model_a, model_b);
  const Program a_at_b = values.empty() ? a : argument::reparse(a, {}, values);
  const sem::Program& compared = api::model_of(a_at_b);
  const bool same_shape =
      compared.claims.size() == model_a.claims.size() && compared.rules.size() == model_a.rules.size();
  report.differences = argument::compare_programs(model_a, same_shape ? compared : model_a, model_b);

  report.a = check(a, factsets, options);
  report.b = check(b, factsets, options);
  for (std::size_t r = 0; r < report.a.factsets.size(); ++r)
    report.factsets.push_back(side_by_side(report.a.factsets[r], report.b.factsets[r]));
  if (!report.any_verdict_differs()) return report;

  const Trial trial(a, b, report.a, report.b, factsets, options);
  for (std::size_t d = 0; d < report.differences.size(); ++d) {
    if (!report.differences[d].tried) continue;
    const std::vector<FactSetReport> moved = trial.apply(report.differences[d]);
    for (std::size_t r = 0; r < report.factsets.size() && r < moved.size(); ++r)
      for (auto& pair : report.factsets[r].verdicts) {
        if (!pair.differs()) continue;
        const auto verdict = verdict_of(moved[r], pair.hypothesis);
        if (verdict != pair.a) pair.moved_by.push_back({d, verdict});
      }
  }
  return report;
}

DiffReport diff(const std::filesystem::path& rules_a, const std::filesystem::path& rules_b,
                const std::vector<std::filesystem::path>& factsets, const CheckOptions& options) {
  return diff(argument::parse_rules(rules_a, options.parse), argument::parse_rules(rules_b, options.parse),
              argument::factsets_for(rules_a, factsets), options);
}

}  // namespace kz
