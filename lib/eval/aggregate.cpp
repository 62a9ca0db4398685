// Aggregates: an aggregate operation runs its body's plan once for the current row and
// folds the solutions' target values into one word (count, sum, min, max, mean, median,
// mode, stddev). An aggregate over no solutions has no value, except count and sum.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/words.hpp"
#include "eval/engine.hpp"

namespace kz::eval {

namespace {

using sem::AggregateFn;

// The running state of one aggregate over the solutions of its body.
class Accumulator {
 public:
  Accumulator(const Engine& engine, const sem::AggregateSpec& spec)
      : engine_(engine), spec_(spec), in_(spec.input_kind),
        keep_all_(spec.fn == AggregateFn::median || spec.fn == AggregateFn::mode ||
                  spec.fn == AggregateFn::stddev) {}

  void count_one() { ++count_; }

  // One solution's target value.
  void add(std::uint64_t v) {
    switch (spec_.fn) {
      case AggregateFn::sum:
      case AggregateFn::mean:
        if (in_ == Kind::number) {
          if (spec_.fn == AggregateFn::sum) {
            if (__builtin_add_overflow(isum_, word_to_int(v), &isum_) && !engine_.wraps_integers())
              engine_.runtime_error(spec_.loc, ErrorCode::integer_overflow,
                                    "integer overflow in sum");
          } else {
            fsum_ += static_cast<double>(word_to_int(v));
          }
        } else if (in_ == Kind::unsigned_number) {
          usum_ += v;
          fsum_ += static_cast<double>(v);
        } else {
          fsum_ += word_to_float(v);
        }
        break;
      case AggregateFn::min:
      case AggregateFn::max: {
        const int c = have_best_ ? engine_.order(in_, v, best_) : 0;
        if (!have_best_ || (spec_.fn == AggregateFn::min ? c < 0 : c > 0)) best_ = v, have_best_ = true;
        break;
      }
      default:
        if (keep_all_) values_.push_back(v);
        break;
    }
  }

  // The aggregate's value; nullopt when it has none (the max or mean of nothing).
  std::optional<std::uint64_t> result() {
    switch (spec_.fn) {
      case AggregateFn::count: return count_;
      case AggregateFn::sum:
        return in_ == Kind::number ? static_cast<std::uint64_t>(isum_)
               : in_ == Kind::unsigned_number ? usum_
                                              : float_to_word(fsum_);
      case AggregateFn::min:
      case AggregateFn::max:
        if (!have_best_) return std::nullopt;
        return best_;
      case AggregateFn::mean:
        if (count_ == 0) return std::nullopt;
        return float_to_word(fsum_ / static_cast<double>(count_));
      case AggregateFn::median:
      case AggregateFn::mode:
      case AggregateFn::stddev: return sorted_statistic();
    }
    return std::nullopt;
  }

 private:
  double to_double(std::uint64_t w) const {
    return in_ == Kind::float_number ? word_to_float(w)
           : in_ == Kind::unsigned_number ? static_cast<double>(w)
                                          : static_cast<double>(word_to_int(w));
  }

  // median, mode and stddev, over every value kept.
  std::optional<std::uint64_t> sorted_statistic() {
    if (values_.empty()) return std::nullopt;
    std::sort(values_.begin(), values_.end(), [&](auto a, auto b) { return engine_.order(in_, a, b) < 0; });
    if (spec_.fn == AggregateFn::median) {
      const std::size_t n = values_.size();
      const double m = n % 2 ? to_double(values_[n / 2])
                             : (to_double(values_[n / 2 - 1]) + to_double(values_[n / 2])) / 2.0;
      return float_to_word(m);
    }
    if (spec_.fn == AggregateFn::mode) {
      // Sorted ascending: the first value with the highest count is the smallest.
      std::uint64_t result = 0;
      std::size_t best_run = 0, run_start = 0;
      for (std::size_t k = 1; k <= values_.size(); ++k) {
        if (k == values_.size() || values_[k] != values_[run_start]) {
          if (k - run_start > best_run) best_run = k - run_start, result = values_[run_start];
          run_start = k;
        }
      }
      return result;
    }
    if (values_.size() < 2) return std::nullopt;
    double mean = 0;
    for (auto w : values_) mean += to_double(w);
    mean /= static_cast<double>(values_.size());
    double ss = 0;
    for (auto w : values_) ss += (to_double(w) - mean) * (to_double(w) - mean);
    return float_to_word(std::sqrt(ss / static_cast<double>(values_.size() - 1)));
  }

  const Engine& engine_;
  const sem::AggregateSpec& spec_;
  const Kind in_;
  const bool keep_all_;
  std::uint64_t count_ = 0;
  std::vector<std::uint64_t> values_;
  std::int64_t isum_ = 0;
  std::uint64_t usum_ = 0;
  double fsum_ = 0;
  std::uint64_t best_ = 0;
  bool have_best_ = false;
};

}  // namespace

void Engine::run_aggregate(const std::vector<plan::Op>& ops, std::size_t i, std::uint64_t* registers, Sink sink) {
  const plan::Op& op = ops[i];
  const sem::AggregateSpec& spec = *op.aggregate;
  Accumulator accumulator(*this, spec);
  if (!spec.distinct_on.empty() && !op.bindings_distinct) {
    // Each distinct binding of the body's variables once (sem::AggregateSpec::distinct_on).
    const std::size_t width = spec.distinct_on.size();
    HashSet<std::string, std::hash<std::string>, std::equal_to<std::string>> seen;  // the bindings' words, as bytes
    std::string key(width * sizeof(std::uint64_t), '\0');
    run(op.sub, registers, [&](const std::uint64_t* regs) {
      for (std::size_t k = 0; k < width; ++k) {
        const std::uint64_t word = regs[spec.distinct_on[k]];
        std::memcpy(&key[k * sizeof word], &word, sizeof word);
      }
      if (!seen.insert(key).second) return;
      accumulator.count_one();
      if (spec.target) accumulator.add(eval(*spec.target, regs));
    });
  } else if (!spec.target) {  // count: a solution is all it needs to know
    run(op.sub, registers, [&](const std::uint64_t*) { accumulator.count_one(); });
  } else {
    const sem::Expr& target = *spec.target;
    run(op.sub, registers, [&](const std::uint64_t* regs) {
      accumulator.count_one();
      accumulator.add(eval(target, regs));
    });
  }
  const std::optional<std::uint64_t> result = accumulator.result();
  if (!result) return;
  if (op.checks_slot) {
    if (registers[op.slot] != *result) return;
  } else {
    registers[op.slot] = *result;
  }
  run_op(ops, i + 1, registers, sink);
}

}  // namespace kz::eval
