// Parameter sweeps: the same fact set checked at each value of a `.param`, with the
// places where a verdict flips marked.
#include <cmath>

#include <fmt/format.h>

#include "core/bad_input.hpp"

#include "argument/factsets.hpp"
#include "argument/parallel.hpp"
#include "kzrules/analysis.hpp"

namespace kz {

namespace {

[[noreturn]] void fail(ErrorCode code, std::string message) { throw_bad_input(code, std::move(message)); }

double parse_number(const std::string& text, const std::string& whole) {
  try {
    std::size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  fail(ErrorCode::bad_parameter, fmt::format("--param {}: '{}' is not a number (write NAME=FROM:TO:STEP)", whole, text));
}

}  // namespace

SweepRange parse_sweep_range(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) fail(ErrorCode::bad_option, fmt::format("--param {}: write NAME=FROM:TO:STEP", text));
  SweepRange r;
  r.param = text.substr(0, eq);
  std::vector<std::string> parts;
  std::string rest = text.substr(eq + 1);
  std::size_t start = 0;
  for (;;) {
    auto colon = rest.find(':', start);
    parts.push_back(rest.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() != 1 && parts.size() != 3) fail(ErrorCode::bad_option, fmt::format("--param {}: write NAME=FROM:TO:STEP", text));
  r.from = parse_number(parts[0], text);
  r.to = parts.size() == 3 ? parse_number(parts[1], text) : r.from;
  r.step = parts.size() == 3 ? parse_number(parts[2], text) : 1;
  if (r.step <= 0 || r.to < r.from) fail(ErrorCode::bad_option, fmt::format("--param {}: needs FROM <= TO and a positive STEP", text));
  if ((r.to - r.from) / r.step > 10000) fail(ErrorCode::bad_option, fmt::format("--param {}: more than 10,000 steps", text));
  return r;
}

namespace {

using Overrides = std::vector<std::pair<std::string, std::string>>;

// The sweep itself, given the fact set's name and how to open it with more parameter
// overrides (`open_at`: Overrides -> Database).
template <typename OpenAt>
SweepReport run_sweep(std::string factset, const SweepRange& range, const CheckOptions& options,
                      const OpenAt& open_at) {
  SweepReport report;
  report.param = range.param;
  report.factset = std::move(factset);
  const auto steps = static_cast<std::size_t>(std::floor((range.to - range.from) / range.step + 1e-9)) + 1;
  {  // The parameter must exist: a typo would otherwise sweep nothing.
    Database probe = open_at(Overrides{});
    bool declared = false;
    for (const auto& p : probe.program().params()) declared |= p.name == range.param;
    if (!declared) fail(ErrorCode::bad_parameter, fmt::format("--param {}: the rules declare no .param {}", range.param, range.param));
  }
  std::vector<FactSetReport> checked(steps);
  std::vector<std::string> values(steps);
  argument::parallel_for(steps, options.eval.threads, [&](std::size_t i) {
    CheckOptions o = options;
    values[i] = fmt::format("{}", range.from + static_cast<double>(i) * range.step);
    Database db = open_at(Overrides{{range.param, values[i]}});
    o.eval.threads = 1;  // the steps are evaluated -j at a time, each on one thread
    db.evaluate(o.eval);
    checked[i] = check_database(db, report.factset, o);
  });
  for (std::size_t i = 0; i < steps; ++i) {
    const FactSetReport& f = checked[i];
    if (report.hypotheses.empty())
      for (const auto& h : f.hypotheses) report.hypotheses.push_back(h.name);
    SweepRow row;
    row.value = values[i];
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
