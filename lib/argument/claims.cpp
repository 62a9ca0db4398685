// Claim evaluation over an evaluated database: the solutions of each body, the forms'
// outcomes, and the instances to report. Claims run on the same planned operations and
// indexes as rules: the argument layer only interprets the solutions.
#include "argument/claims.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

#include "api/internal.hpp"
#include "eval/engine.hpp"

namespace kz::argument {

namespace {

using Words = std::vector<std::uint64_t>;

double to_double(Kind kind, std::uint64_t w) {
  switch (kind) {
    case Kind::number: return static_cast<double>(static_cast<std::int64_t>(w));
    case Kind::unsigned_number: return static_cast<double>(w);
    case Kind::float_number: {
      double d;
      std::memcpy(&d, &w, sizeof d);
      return d;
    }
    case Kind::symbol: return 0;
  }
  return 0;
}

bool compare_doubles(sem::Cmp cmp, double a, double b) {
  switch (cmp) {
    case sem::Cmp::eq: return a == b;
    case sem::Cmp::ne: return a != b;
    case sem::Cmp::lt: return a < b;
    case sem::Cmp::le: return a <= b;
    case sem::Cmp::gt: return a > b;
    case sem::Cmp::ge: return a >= b;
  }
  return false;
}

class ClaimEvaluator {
 public:
  ClaimEvaluator(eval::Engine& engine, const sem::Claim& claim, const plan::ClaimPlan& plan,
                 const api::RemoteClaim* remote)
      : engine_(engine), claim_(claim), plan_(plan), remote_(remote),
        registers_(std::max<std::size_t>(1, claim.slots.size()), 0) {
    if (remote_)
      for (std::size_t i = 0; i < remote_->solutions.size(); ++i)
        remote_extends_[remote_->solutions[i]] = i < remote_->extends.size() && remote_->extends[i];
  }

  ClaimResult run() {
    ClaimResult r;
    r.name = claim_.name;
    r.text = claim_.text;
    r.form = public_form(claim_.form);
    r.location = engine_.program().sources.file_line(claim_.loc);
    switch (claim_.form) {
      case sem::ClaimForm::exists: {
        auto solutions = body_solutions();
        r.outcome = solutions.empty() ? Outcome::fails : Outcome::holds;
        r.witnesses = bindings(solutions);
        break;
      }
      case sem::ClaimForm::none: {
        auto solutions = body_solutions();
        r.outcome = solutions.empty() ? Outcome::holds : Outcome::fails;
        r.counterexamples = bindings(solutions);
        break;
      }
      case sem::ClaimForm::forall:
      case sem::ClaimForm::most:
      case sem::ClaimForm::share: {
        auto solutions = body_solutions();
        std::vector<Words> misses;
        for (const auto& s : solutions)
          if (!extends(s)) misses.push_back(s);
        r.coverage = solutions.size();
        r.counterexamples = bindings(misses);
        if (solutions.empty()) {
          r.outcome = Outcome::vacuous;
          break;
        }
        const double share = static_cast<double>(solutions.size() - misses.size()) /
                             static_cast<double>(solutions.size());
        bool holds = misses.empty();
        if (claim_.form != sem::ClaimForm::forall) r.share = share;
        if (claim_.form == sem::ClaimForm::most) holds = share > 0.5;
        if (claim_.form == sem::ClaimForm::share) {
          double bound;
          std::memcpy(&bound, &claim_.bound.value, sizeof bound);
          r.bound = bound;
          r.comparison = sem::cmp_text(claim_.cmp);
          holds = compare_doubles(claim_.cmp, share, bound);
        }
        r.outcome = holds ? Outcome::holds : Outcome::fails;
        break;
      }
      case sem::ClaimForm::holds: {
        r.comparison = sem::cmp_text(claim_.cmp);
        bool have = false;
        std::uint64_t lhs = 0, rhs = 0;
        if (remote_) {
          have = remote_->sides.has_value();
          if (have) std::tie(lhs, rhs) = *remote_->sides;
        } else {
          engine_.run(plan_.holds, registers_.data(), [&](const std::uint64_t* regs) {
            lhs = engine_.eval(claim_.lhs, regs);
            rhs = engine_.eval(claim_.rhs, regs);
            have = true;
          });
        }
        if (!have) {
          r.outcome = Outcome::vacuous;
          break;
        }
        r.values = {engine_.to_value(claim_.lhs.kind, lhs), engine_.to_value(claim_.rhs.kind, rhs)};
        bool holds;
        if (claim_.lhs.kind == Kind::symbol) {
          holds = engine_.compare(claim_.cmp, Kind::symbol, lhs, rhs);
        } else {
          holds = compare_doubles(claim_.cmp, to_double(claim_.lhs.kind, lhs), to_double(claim_.rhs.kind, rhs));
        }
        r.outcome = holds ? Outcome::holds : Outcome::fails;
        break;
      }
    }
    return r;
  }

 private:
  eval::Engine& engine_;
  const sem::Claim& claim_;
  const plan::ClaimPlan& plan_;
  const api::RemoteClaim* remote_;  // what the server found, or null
  std::map<Words, bool> remote_extends_;  // its solutions: whether C extends each
  std::vector<std::uint64_t> registers_;

  // Distinct assignments of B's named variables, in the contract's row order.
  std::vector<Words> body_solutions() {
    std::set<Words> seen;
    std::vector<Words> out;
    if (remote_)
      for (const auto& w : remote_->solutions)
        if (seen.insert(w).second) out.push_back(w);
    for (const auto& ops : remote_ ? std::vector<std::vector<plan::Op>>{} : plan_.body) {
      engine_.run(ops, registers_.data(), [&](const std::uint64_t* regs) {
        Words w;
        for (auto s : claim_.reported) w.push_back(regs[s]);
        if (seen.insert(w).second) out.push_back(std::move(w));
      });
    }
    std::sort(out.begin(), out.end(), [&](const Words& a, const Words& b) {
      for (std::size_t i = 0; i < a.size(); ++i) {
        const int o = engine_.order(kind_of(i), a[i], b[i]);
        if (o != 0) return o < 0;
      }
      return false;
    });
    return out;
  }

  Kind kind_of(std::size_t reported_index) const {
    return claim_.slots.kinds[static_cast<std::size_t>(claim_.reported[reported_index])];
  }

  // Whether some disjunct of C has a solution with B's variables fixed to `solution`.
  bool extends(const Words& solution) {
    if (remote_) {
      const auto it = remote_extends_.find(solution);
      return it != remote_extends_.end() && it->second;
    }
    for (const auto& ops : plan_.conclusion) {
      for (std::size_t i = 0; i < solution.size(); ++i) registers_[static_cast<std::size_t>(claim_.reported[i])] = solution[i];
      if (engine_.run_until(ops, registers_.data(), [](const std::uint64_t*) { return true; })) return true;
    }
    return false;
  }

  std::vector<Binding> bindings(const std::vector<Words>& solutions) const {
    std::vector<Binding> out;
    for (const auto& s : solutions) {
      Binding b;
      for (std::size_t i = 0; i < s.size(); ++i)
        b.emplace_back(claim_.slots.names[static_cast<std::size_t>(claim_.reported[i])], engine_.to_value(kind_of(i), s[i]));
      out.push_back(std::move(b));
    }
    return out;
  }
};

}  // namespace

ClaimResult evaluate_claim(eval::Engine& engine, std::size_t claim_index, const api::RemoteClaim* remote) {
  const auto& program = engine.program();
  return ClaimEvaluator(engine, program.claims[claim_index], engine.plan().claims[claim_index], remote).run();
}

}  // namespace kz::argument
