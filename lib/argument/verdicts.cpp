// Verdicts by the contract's rules, in their order: contested, eliminated, confirmed,
// supported/weakened by the sum of slight effects, undecided, untested.
#include <cmath>

#include "argument/claims.hpp"
#include "semantics/ir.hpp"

namespace kz::argument {

void judge(const sem::Program& program, FactSetReport& report, bool bayes) {
  struct Tally {
    bool tested = false, hoop_failed = false, gun_passed = false;
    int score = 0;
    double odds = 1.0;
    std::vector<std::string> passed, failed, unknown, failed_hoops, passed_guns;
  };
  std::vector<Tally> tallies(program.hypotheses.size());

  for (std::size_t c = 0; c < report.claims.size(); ++c) {
    ClaimResult& claim = report.claims[c];
    const sem::Claim& source = program.claims[c];
    claim.links.clear();
    for (const auto& link : source.links) {
      LinkResult lr;
      lr.hypothesis = program.hypotheses[link.hypothesis].name;
      lr.supports = link.supports;
      lr.test = public_test(link.test);
      lr.p_h = link.p_h;
      lr.p_not_h = link.p_not_h;
      lr.because = link.because;
      if (claim.outcome == Outcome::unknown) tallies[link.hypothesis].unknown.push_back(claim.name);
      // Neither a vacuous nor an unknown claim is evidence: absence of data is not.
      if (claim.outcome == Outcome::holds || claim.outcome == Outcome::fails) {
        const bool predicted_holds = link.supports;
        const bool passed = (claim.outcome == Outcome::holds) == predicted_holds;
        lr.passed = passed;
        Tally& t = tallies[link.hypothesis];
        t.tested = true;
        (passed ? t.passed : t.failed).push_back(claim.name);
        using sem::TestType;
        const bool hoop_like = link.test == TestType::hoop || link.test == TestType::doubly_decisive;
        const bool gun_like = link.test == TestType::smoking_gun || link.test == TestType::doubly_decisive;
        if (!passed && hoop_like) t.hoop_failed = true, t.failed_hoops.push_back(claim.name);
        if (passed && gun_like) t.gun_passed = true, t.passed_guns.push_back(claim.name);
        if (passed && (link.test == TestType::straw || link.test == TestType::hoop)) ++t.score;
        if (!passed && (link.test == TestType::straw || link.test == TestType::smoking_gun)) --t.score;
        if (bayes) {
          const double factor = passed ? link.p_h / link.p_not_h : (1 - link.p_h) / (1 - link.p_not_h);
          t.odds *= factor;
          lr.weight_db = 10.0 * std::log10(factor);
        }
      }
      claim.links.push_back(std::move(lr));
    }
  }

  report.hypotheses.clear();
  for (std::size_t h = 0; h < program.hypotheses.size(); ++h) {
    const Tally& t = tallies[h];
    HypothesisResult r;
    r.name = program.hypotheses[h].name;
    r.passed = t.passed;
    r.failed = t.failed;
    r.unknown = t.unknown;
    r.score = t.score;
    if (!t.tested) {
      r.verdict = Verdict::untested;
    } else if (t.hoop_failed && t.gun_passed) {
      r.verdict = Verdict::contested;
      r.decisive = t.failed_hoops;
      r.decisive.insert(r.decisive.end(), t.passed_guns.begin(), t.passed_guns.end());
    } else if (t.hoop_failed) {
      r.verdict = Verdict::eliminated;
      r.decisive = t.failed_hoops;
    } else if (t.gun_passed) {
      r.verdict = Verdict::confirmed;
      r.decisive = t.passed_guns;
    } else if (t.score > 0) {
      r.verdict = Verdict::supported;
    } else if (t.score < 0) {
      r.verdict = Verdict::weakened;
    } else {
      r.verdict = Verdict::undecided;
    }
    if (bayes) r.posterior = std::isinf(t.odds) ? 1.0 : t.odds / (1.0 + t.odds);
    report.hypotheses.push_back(std::move(r));
  }

  report.supports.clear();
  for (Verdict best : {Verdict::confirmed, Verdict::supported}) {
    for (const auto& r : report.hypotheses)
      if (r.verdict == best) report.supports.push_back(r.name);
    if (!report.supports.empty()) break;
  }
}

}  // namespace kz::argument
