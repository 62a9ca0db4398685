// Parameter sweeps: the same fact set checked at each value of a `.param`, with the
// places where a verdict flips marked. Values are exact decimals (core/decimal.hpp):
// stepping doubles would run 0.4:0.9:0.05 at 0.6000000000000001 and print it so.
#include <algorithm>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "core/bad_input.hpp"
#include "core/decimal.hpp"
#include "core/source.hpp"
#include "semantics/ir.hpp"

#include "argument/factsets.hpp"
#include "argument/parallel.hpp"
#include "kzrules/analysis.hpp"

namespace kz {

namespace {

[[noreturn]] void fail(ErrorCode code, std::string message, SourceLocation where = {}) {
  throw_bad_input(code, std::move(message), std::move(where));
}

constexpr std::size_t max_sweep_values = 10000;

Decimal parse_decimal(const std::string& text, const std::string& whole) {
  if (auto d = Decimal::parse(text)) return *d;
  fail(ErrorCode::bad_parameter,
       fmt::format("--param {}: '{}' is not a decimal number such as 2.5, -1 or 0.05 (write NAME=FROM:TO:STEP)", whole,
                   text));
}

// FROM, FROM + STEP, ... up to TO, each written as precisely as the bounds are and its
// value needs (0.4:0.9:0.05 gives "0.4", not "0.40"; 2:4:0.5 gives "2", "2.5"). `what`
// names the range in errors.
std::vector<Decimal> range_values(const Decimal& from, const Decimal& to, const Decimal& step,
                                  const std::string& what) {
  if (compare(from, to) > 0)
    fail(ErrorCode::bad_option, fmt::format("{}: FROM {} is above TO {}", what, from.text(), to.text()));
  if (step.units <= 0) fail(ErrorCode::bad_option, fmt::format("{}: the step {} is not positive", what, step.text()));
  auto values = decimal_steps(from, to, step, max_sweep_values);
  if (!values) fail(ErrorCode::bad_option, fmt::format("{}: more than 10,000 values", what));
  for (auto& v : *values) v = v.trimmed(std::max(from.scale, to.scale));
  return *values;
}

std::vector<std::string> split_colons(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) return parts;
    start = colon + 1;
  }
}

}  // namespace

SweepRange parse_sweep_range(const std::string& text) {
  const auto eq = text.find('=');
  const std::string usage = "write NAME=FROM:TO:STEP, or NAME for its declared range";
  if (eq == 0 || text.empty()) fail(ErrorCode::bad_option, fmt::format("--param {}: {}", text, usage));
  SweepRange r;
  r.param = text.substr(0, eq);
  if (eq == std::string::npos) return r;  // the declared range
  const std::vector<std::string> parts = split_colons(text.substr(eq + 1));
  if (parts.size() != 1 && parts.size() != 3) fail(ErrorCode::bad_option, fmt::format("--param {}: {}", text, usage));
  r.from = parts[0];
  r.to = parts.size() == 3 ? parts[1] : parts[0];
  r.step = parts.size() == 3 ? parts[2] : "1";
  const std::string what = "--param " + text;
  range_values(parse_decimal(r.from, text), parse_decimal(r.to, text), parse_decimal(r.step, text), what);
  return r;
}

namespace {

using Overrides = std::vector<std::pair<std::string, std::string>>;

// The values to visit: those given, or those the `.param` declares.
std::vector<Decimal> sweep_values(const SweepRange& range, const sem::Param& param, const sem::Program& model) {
  if (!range.declared()) {
    const std::string whole = fmt::format("{}={}:{}:{}", range.param, range.from, range.to, range.step);
    return range_values(parse_decimal(range.from, whole), parse_decimal(range.to, whole),
                        parse_decimal(range.step, whole), "--param " + whole);
  }
  if (!param.range)
    fail(ErrorCode::bad_parameter,
         fmt::format("--param {}: this .param declares no range to sweep (add `range LOW .. HIGH step STEP` to it, or "
                     "write --param {}=FROM:TO:STEP)",
                     range.param, range.param),
         model.sources.locate(param.loc));
  return range_values(param.range->low, param.range->high, param.range->step, "--param " + range.param);
}

// The sweep itself, given the fact set's name and how to open it with more parameter
// overrides (`open_at`: Overrides -> Database).
template <typename OpenAt>
SweepReport run_sweep(std::string factset, const SweepRange& range, const CheckOptions& given,
                      const OpenAt& open_at) {
  const CheckOptions options = argument::sharing_one_deadline(given);
  SweepReport report;
  report.param = range.param;
  report.factset = std::move(factset);
  std::vector<Decimal> values;
  {  // The parameter must exist: a typo would otherwise sweep nothing.
    Database probe = open_at(Overrides{});
    const sem::Program& model = api::model_of(probe.program());
    const sem::Param* param = nullptr;
    for (const auto& p : model.params)
      if (p.name == range.param) param = &p;
    if (!param)
      fail(ErrorCode::bad_parameter,
           fmt::format("--param {}: the rules declare no .param {}", range.param, range.param));
    values = sweep_values(range, *param, model);
  }
  const std::size_t steps = values.size();
  std::vector<FactSetReport> checked(steps);
  argument::parallel_for(steps, options.eval.threads, [&](std::size_t i) {
    CheckOptions o = options;
    Database db = open_at(Overrides{{range.param, values[i].text()}});
    o.eval.threads = 1;  // the steps are evaluated -j at a time, each on one thread
    db.evaluate(o.eval);
    checked[i] = check_database(db, report.factset, o);
  });
  for (std::size_t i = 0; i < steps; ++i) {
    const FactSetReport& f = checked[i];
    if (report.hypotheses.empty())
      for (const auto& h : f.hypotheses) report.hypotheses.push_back(h.name);
    SweepRow row;
    row.value = values[i].text();
    row.supports = f.supports;
    for (std::size_t h = 0; h < f.hypotheses.size(); ++h) {
      row.verdicts.push_back(f.hypotheses[h].verdict);
      row.flipped.push_back(!report.rows.empty() && report.rows.back().verdicts[h] != f.hypotheses[h].verdict);
    }
    report.rows.push_back(std::move(row));
  }
  return report;
}

}  // namespace

SweepReport sweep(const Program& program, const FactSet& factset, const SweepRange& range,
                  const CheckOptions& options) {
  return run_sweep(factset.name, range, options, [&](const Overrides& overrides) {
    return argument::open_factset_with(program, factset, overrides);
  });
}

// RULES is read again at each value, with the value after CheckOptions::parse's
// overrides, and a file of facts with it, as open_factset reads them.
SweepReport sweep(const std::filesystem::path& rules, const std::optional<std::filesystem::path>& factset,
                  const SweepRange& range, const CheckOptions& options) {
  return run_sweep(factset_name(rules, factset), range, options, [&](const Overrides& overrides) {
    ParseOptions parse = options.parse;
    parse.param_overrides.insert(parse.param_overrides.end(), overrides.begin(), overrides.end());
    return open_factset(rules, factset, parse);
  });
}

std::string render_sweep(const SweepReport& report) {
  std::string out = fmt::format("Sweep of {} on {}\n\n", report.param, report.factset);
  std::size_t vw = std::max<std::size_t>(report.param.size(), 6);
  std::vector<std::size_t> widths;
  out += fmt::format("  {:<{}}", report.param, vw);
  for (const auto& h : report.hypotheses) {
    widths.push_back(std::max<std::size_t>(h.size(), 11) + 1);
    out += fmt::format("  {:<{}}", h, widths.back());
  }
  out += "  supports\n";
  for (const auto& row : report.rows) {
    out += fmt::format("  {:<{}}", row.value, vw);
    for (std::size_t h = 0; h < row.verdicts.size(); ++h) {
      const std::string cell = std::string(verdict_name(row.verdicts[h])) + (row.flipped[h] ? "*" : "");
      out += fmt::format("  {:<{}}", cell, widths[h]);
    }
    out += "  " + (row.supports.empty() ? std::string("none") : fmt::format("{}", fmt::join(row.supports, ", "))) + "\n";
  }
  out += "\n  * the verdict flips at this value\n";
  return out;
}

}  // namespace kz
