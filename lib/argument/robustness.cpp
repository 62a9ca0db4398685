// Which single changes move a verdict (kzrules/robustness.hpp): links weakened one step
// and judged again on the same outcomes, facts removed one at a time (fact_removal.hpp),
// and ranged parameters moved outwards from their value until each verdict moves.
#include "argument/robustness.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "api/internal.hpp"
#include "argument/claims.hpp"
#include "argument/fact_removal.hpp"
#include "argument/factsets.hpp"
#include "argument/parallel.hpp"
#include "core/decimal.hpp"
#include "core/words.hpp"
#include "kzrules/robustness.hpp"
#include "semantics/ir.hpp"

namespace kz {

const char* change_kind_name(ChangeKind kind) noexcept {
  switch (kind) {
    case ChangeKind::weaken_link:
      return "weaken_link";
    case ChangeKind::remove_fact:
      return "remove_fact";
    case ChangeKind::move_param:
      return "move_param";
  }
  return "";
}

std::size_t FactSetRobustness::fragile_count() const noexcept {
  return static_cast<std::size_t>(std::count_if(hypotheses.begin(), hypotheses.end(),
                                                [](const auto& h) { return h.fragile(); }));
}

namespace argument {

void throw_with_note(const Error& error, std::string note) {
  std::vector<Diagnostic> diagnostics = error.diagnostics();
  Diagnostic d;
  d.severity = Severity::note;
  d.message = std::move(note);
  if (diagnostics.empty()) diagnostics.emplace_back();
  diagnostics.front().notes.push_back(std::move(d));
  throw Error(error.kind(), std::move(diagnostics));
}

FactSetReport outcomes_only(const FactSetReport& report) {
  FactSetReport light;
  light.name = report.name;
  for (const auto& c : report.claims) {
    ClaimResult claim;
    claim.name = c.name;
    claim.form = c.form;
    claim.outcome = c.outcome;
    claim.observable_from = c.observable_from;
    claim.not_yet_observable = c.not_yet_observable;
    light.claims.push_back(std::move(claim));
  }
  light.hypotheses = report.hypotheses;
  light.supports = report.supports;
  return light;
}

namespace {

// The changes found for each hypothesis of one run, by kind.
struct Found {
  explicit Found(std::size_t hypotheses)
      : links(hypotheses), facts(hypotheses), params(hypotheses) {}
  std::vector<std::vector<VerdictChange>> links, facts, params;
};

// ---- links --------------------------------------------------------------------------------
// The tests one step weaker than `test`; nullopt stands for removing the link.
std::vector<std::optional<sem::TestType>> one_step_weaker(sem::TestType test) {
  using sem::TestType;
  switch (test) {
    case TestType::doubly_decisive:
      return {TestType::hoop, TestType::smoking_gun};
    case TestType::hoop:
    case TestType::smoking_gun:
      return {TestType::straw};
    case TestType::straw:
      return {std::nullopt};
  }
  return {};
}

std::string link_words(const sem::Program& model, const sem::Link& link) {
  return fmt::format("{} {} as {}", link.supports ? "supports" : "opposes",
                     model.hypotheses[link.hypothesis].name, sem::test_name(link.test));
}

// Each link weakened one step in turn, judged on the outcomes `baseline` found: a copy
// of the model holds the one changed link, and gets it back after.
std::size_t weaken_links(const sem::Program& model, const FactSetReport& baseline, Found& found) {
  sem::Program scratch = model;
  FactSetReport light = outcomes_only(baseline);
  std::size_t tried = 0;
  for (std::size_t c = 0; c < scratch.claims.size(); ++c) {
    auto& links = scratch.claims[c].links;
    for (std::size_t k = 0; k < links.size(); ++k) {
      const sem::Link original = links[k];
      for (const auto weaker : one_step_weaker(original.test)) {
        ++tried;
        const auto at = links.begin() + static_cast<std::ptrdiff_t>(k);
        if (weaker) {
          links[k].test = *weaker;
          if (!original.explicit_probability) {  // the new test's own probabilities (--bayes)
            const auto p = sem::default_probabilities(*weaker);
            links[k].p_h = p.p_h;
            links[k].p_not_h = p.p_not_h;
          }
        } else {
          links.erase(at);
        }
        judge(scratch, light, false);
        if (weaker)
          links[k] = original;
        else
          links.insert(links.begin() + static_cast<std::ptrdiff_t>(k), original);
        const Verdict after = light.hypotheses[original.hypothesis].verdict;
        if (after == baseline.hypotheses[original.hypothesis].verdict) continue;
        VerdictChange change;
        change.kind = ChangeKind::weaken_link;
        change.what = fmt::format("{} {} → {}", model.claims[c].name, link_words(model, original),
                                  weaker ? sem::test_name(*weaker) : "no link");
        change.new_verdict = after;
        change.location = model.sources.file_line(original.loc);
        change.claim = model.claims[c].name;
        if (weaker) change.weakened_to = public_test(*weaker);
        found.links[original.hypothesis].push_back(std::move(change));
      }
    }
  }
  return tried;
}

// ---- parameters ---------------------------------------------------------------------------
// A parameter's value now, exact when its text is a plain decimal.
std::optional<Decimal> current_value(const sem::Param& param) {
  if (param.kind == Kind::number) return Decimal{word_to_int(param.value), 0};
  return Decimal::parse(fmt::format("{}", word_to_float(param.value)));
}

double as_double(const sem::Param& param) {
  return param.kind == Kind::number ? static_cast<double>(word_to_int(param.value))
                                    : word_to_float(param.value);
}

// How many digits after the point a range's values keep: as many as its bounds are
// written with (a sweep writes its values so too).
int written_scale(const sem::ParamRange& range) { return std::max(range.low.scale, range.high.scale); }

// How the change names the value now: as the range writes its values when it is exact
// ("3.0" in `1.0 .. 6.0`).
std::string current_text(const sem::Param& param) {
  const auto now = current_value(param);
  if (!now) return fmt::format("{}", as_double(param));
  const int keep = written_scale(*param.range);
  const auto scaled = now->rescaled(std::max(now->scale, keep));
  return (scaled ? *scaled : *now).trimmed(keep).text();
}

// One value of a range to try: on which side of the value now, and how far from it.
struct Step {
  Decimal value;
  bool below = false;
  double distance = 0;
};

std::vector<Step> steps_outwards(const sem::Param& param) {
  const sem::ParamRange& range = *param.range;
  const auto values = decimal_steps(range.low, range.high, range.step);
  const auto now = current_value(param);
  const double now_double = as_double(param);
  std::vector<Step> steps;
  for (const Decimal& v : values ? *values : std::vector<Decimal>{}) {
    const int side = now ? compare(v, *now)
                         : (v.to_double() < now_double   ? -1
                            : v.to_double() > now_double ? 1
                                                         : 0);
    if (side == 0) continue;
    steps.push_back({v.trimmed(written_scale(range)), side < 0, std::abs(v.to_double() - now_double)});
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.distance < b.distance; });
  return steps;
}

// The verdicts of one run on `db`, its fact set opened on the rules with a parameter moved.
std::vector<Verdict> verdicts_on(Database db, const CheckRun& run, const CheckOptions& options) {
  apply_changes(db, options);
  EvalOptions eval = options.eval;
  eval.threads = 1;  // the values are the parallelism
  eval.record_provenance = false;
  db.evaluate(eval);
  CheckOptions plain = options;  // verdicts only: no posteriors, no proofs
  plain.bayes = false;
  plain.explain = false;
  std::vector<Verdict> verdicts;
  for (const auto& h : check_database(db, run.report->name, plain).hypotheses)
    verdicts.push_back(h.verdict);
  return verdicts;
}

// Where one run stands in a parameter's scan: for each hypothesis, whether its nearest
// moving value is still to find below and above, and the changes found.
struct ParamScan {
  explicit ParamScan(std::size_t hypotheses)
      : open_below(hypotheses, true),
        open_above(hypotheses, true),
        below(hypotheses),
        above(hypotheses) {}
  std::vector<bool> open_below, open_above;
  std::vector<std::vector<VerdictChange>> below, above;
  bool open(bool side_below) const {
    const auto& open = side_below ? open_below : open_above;
    return std::find(open.begin(), open.end(), true) != open.end();
  }
};

// Values of `param`'s range, nearest first, `threads` at a time, until every hypothesis
// of every run has its nearest moving value on each side or the range ends. Each value
// reads the rules again: once (a date) for all the runs whose fact sets bring no text of
// their own, once with its texts for each run whose does (`own_texts`, coverage.kz too).
// The value below comes before the value above.
void move_param(const Program& program, const sem::Program& model, const std::vector<CheckRun>& runs,
                const std::vector<bool>& own_texts, const sem::Param& param,
                const CheckOptions& options, std::vector<Found>& found) {
  const std::vector<Step> steps = steps_outwards(param);
  std::vector<ParamScan> scans;
  for (const auto& run : runs) scans.emplace_back(run.report->hypotheses.size());
  auto needed = [&](bool below) {
    return std::any_of(scans.begin(), scans.end(),
                       [&](const ParamScan& s) { return s.open(below); });
  };
  const std::size_t batch_size = std::max(1u, options.eval.threads);
  const std::string now = current_text(param);
  for (std::size_t next = 0; next < steps.size();) {
    std::vector<std::size_t> batch;
    for (; next < steps.size() && batch.size() < batch_size; ++next)
      if (needed(steps[next].below)) batch.push_back(next);
    if (batch.empty()) break;
    // verdicts[b][run]: empty when the run no longer needs that side.
    std::vector<std::vector<std::vector<Verdict>>> verdicts(
        batch.size(), std::vector<std::vector<Verdict>>(runs.size()));
    parallel_for(batch.size(), options.eval.threads, [&](std::size_t b) {
      const Step& step = steps[batch[b]];
      const std::vector<std::pair<std::string, std::string>> moved = {{param.name, step.value.text()}};
      std::map<std::optional<std::string>, Program> shared;  // readings by date
      auto open_moved = [&](const CheckRun& run, bool own) {
        if (own) return open_factset_with(program, *run.factset, moved, run.as_of);
        auto reading = shared.find(run.as_of);
        if (reading == shared.end())
          reading = shared.emplace(run.as_of, reparse(program, {}, moved, run.as_of)).first;
        return open_factset_with(reading->second, *run.factset, {}, std::nullopt);
      };
      for (std::size_t r = 0; r < runs.size(); ++r) {
        if (!scans[r].open(step.below)) continue;
        try {
          verdicts[b][r] = verdicts_on(open_moved(runs[r], own_texts[r]), runs[r], options);
        } catch (const Error& error) {
          throw_with_note(error, fmt::format("while judging {} with {} = {}", runs[r].report->name,
                                             param.name, step.value.text()));
        }
      }
    });
    for (std::size_t b = 0; b < batch.size();
         ++b) {  // nearest first: the first move found is the nearest
      const Step& step = steps[batch[b]];
      for (std::size_t r = 0; r < runs.size(); ++r) {
        auto& open = step.below ? scans[r].open_below : scans[r].open_above;
        const auto& base = runs[r].report->hypotheses;
        for (std::size_t h = 0; h < verdicts[b][r].size(); ++h) {
          if (!open[h] || verdicts[b][r][h] == base[h].verdict) continue;
          open[h] = false;
          VerdictChange change;
          change.kind = ChangeKind::move_param;
          change.what = fmt::format("{} = {} (now {})", param.name, step.value.text(), now);
          change.new_verdict = verdicts[b][r][h];
          change.location = model.sources.file_line(param.loc);
          change.param = param.name;
          change.value = step.value.text();
          (step.below ? scans[r].below : scans[r].above)[h].push_back(std::move(change));
        }
      }
    }
  }
  for (std::size_t r = 0; r < runs.size(); ++r)
    for (std::size_t h = 0; h < scans[r].below.size(); ++h)
      for (auto* side : {&scans[r].below, &scans[r].above})
        found[r].params[h].insert(found[r].params[h].end(), (*side)[h].begin(), (*side)[h].end());
}

// ---- facts ------------------------------------------------------------------------------------
// Every run's facts removed one at a time, each run in `threads` slices and all the
// slices of all the runs sharing the threads; how many facts each run tried.
std::vector<std::size_t> remove_facts(const Program& program, const std::vector<CheckRun>& runs,
                                      const CheckOptions& options, std::vector<Found>& found) {
  const std::size_t slices = std::max(1u, options.eval.threads);
  std::vector<FactRemovals> removals(runs.size() * slices);
  parallel_for(removals.size(), options.eval.threads, [&](std::size_t job) {
    const CheckRun& run = runs[job / slices];
    Database db = open_factset_with(program, *run.factset, {}, run.as_of);
    apply_changes(db, options);
    removals[job] = remove_facts_one_by_one(db, *run.report, options.eval,
                                            job % slices, slices);
  });
  std::vector<std::size_t> tried(runs.size(), 0);
  for (std::size_t job = 0; job < removals.size(); ++job) {
    const std::size_t run = job / slices;
    tried[run] += removals[job].tried;
    for (auto& fact : removals[job].moving)
      for (const auto& [h, verdict] : fact.moves) {
        VerdictChange change;
        change.kind = ChangeKind::remove_fact;
        change.what = fact.atom;
        change.new_verdict = verdict;
        change.location = fact.location;
        found[run].facts[h].push_back(std::move(change));
      }
  }
  return tried;
}

// ---- the report -----------------------------------------------------------------------------
FactSetRobustness assemble(const sem::Program& model, const FactSetReport& report, Found& found) {
  FactSetRobustness out;
  out.name = report.name;
  for (std::size_t h = 0; h < report.hypotheses.size(); ++h) {
    HypothesisRobustness r;
    r.hypothesis = report.hypotheses[h].name;
    r.verdict = report.hypotheses[h].verdict;
    for (auto* kind : {&found.links, &found.facts, &found.params}) {
      auto& changes = (*kind)[h];
      r.changes.insert(r.changes.end(), std::make_move_iterator(changes.begin()),
                       std::make_move_iterator(changes.end()));
    }
    out.hypotheses.push_back(std::move(r));
  }
  std::stable_partition(out.hypotheses.begin(), out.hypotheses.end(),
                        [](const auto& h) { return h.fragile(); });
  for (const auto& p : model.params)
    if (p.range) out.params_tried.push_back(p.name);
  return out;
}

}  // namespace

void attach_robustness(const Program& program, const std::vector<CheckRun>& runs,
                       const CheckOptions& options) {
  std::vector<Found> found;
  for (const auto& run : runs) found.emplace_back(run.report->hypotheses.size());
  // Each run's reading of the rules, with its fact set's own texts (claims may be there).
  std::vector<Program> readings;
  for (const auto& run : runs)
    readings.push_back(open_factset_with(program, *run.factset, {}, run.as_of).program());

  std::vector<std::size_t> links_tried;
  for (std::size_t i = 0; i < runs.size(); ++i)
    links_tried.push_back(weaken_links(api::model_of(readings[i]), *runs[i].report, found[i]));
  const std::vector<std::size_t> facts_tried = remove_facts(program, runs, options, found);
  const sem::Program& rules_model = api::model_of(program);
  std::vector<bool> own_texts;
  for (const auto& reading : readings) own_texts.push_back(reading.sources().size() != program.sources().size());
  for (const auto& param : rules_model.params)
    if (param.range) move_param(program, rules_model, runs, own_texts, param, options, found);

  for (std::size_t i = 0; i < runs.size(); ++i) {
    FactSetRobustness result = assemble(rules_model, *runs[i].report, found[i]);
    result.links_tried = links_tried[i];
    result.facts_tried = facts_tried[i];
    runs[i].report->robustness = std::make_shared<const FactSetRobustness>(std::move(result));
  }
}

}  // namespace argument

RobustnessReport robustness(const Program& program, const std::vector<FactSet>& factsets,
                            const CheckOptions& options) {
  CheckOptions with_robustness = argument::sharing_one_deadline(options);
  with_robustness.robustness = true;
  const CheckReport checked = check(program, factsets, with_robustness);
  RobustnessReport report;
  report.rules = checked.rules;
  for (const auto& f : checked.factsets) report.factsets.push_back(*f.robustness);
  return report;
}

RobustnessReport robustness(const std::filesystem::path& rules,
                            const std::vector<std::filesystem::path>& factsets,
                            const CheckOptions& options) {
  return robustness(argument::parse_rules(rules, options.parse),
                    argument::factsets_for(rules, factsets), options);
}

}  // namespace kz
