// Comparing two encodings of one argument: hypotheses, claims and links matched by name,
// parameters by name, rules by the relation they define. Claims and rules compare as
// canonical text of the checked program, which names variables by slot number only.
#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "argument/diff_model.hpp"
#include "core/words.hpp"
#include "semantics/ir.hpp"
#include "semantics/print.hpp"

namespace kz::argument {

namespace {

// At most this many lines of a relation's rules are shown on each side.
constexpr std::size_t shown_rules = 5;

// The same variables with their names blanked: slot_text then prints `#0`, `#1`, ...
sem::Slots anonymous(const sem::Slots& slots) {
  sem::Slots out = slots;
  for (auto& name : out.names) name.clear();
  return out;
}

// One canonical line, printed once with the names and once without.
template <typename Print>
CanonicalLine canonical(const sem::Slots& slots, Print&& print) {
  return {print(anonymous(slots)), print(slots)};
}

std::string conjunction(const sem::Program& program, const std::vector<sem::Literal>& literals,
                        const sem::Slots& slots) {
  std::vector<std::string> parts;
  for (const auto& l : literals) parts.push_back(sem::to_string(program, l, slots));
  return fmt::format("{}", fmt::join(parts, ", "));
}

void add_alternatives(std::vector<CanonicalLine>& lines, const sem::Program& program, const char* label,
                      const std::vector<std::vector<sem::Literal>>& dnf, const sem::Slots& slots) {
  for (const auto& alternative : dnf)
    lines.push_back(canonical(slots, [&](const sem::Slots& s) {
      return fmt::format("{} {}", label, conjunction(program, alternative, s));
    }));
}

// A rule as one line: `head :- body.`, or `fact.`
CanonicalLine rule_line(const sem::Program& program, const sem::Rule& rule) {
  return canonical(rule.slots, [&](const sem::Slots& s) {
    const std::string head = sem::atom_text(program, rule.head, rule.head_args, s);
    return rule.is_fact() ? head + "." : fmt::format("{} :- {}.", head, conjunction(program, rule.body, s));
  });
}

const sem::Param* find_param(const sem::Program& program, const std::string& name) {
  for (const auto& p : program.params)
    if (p.name == name) return &p;
  return nullptr;
}

template <typename Named>
const Named* find_named(const std::vector<Named>& items, const std::string& name) {
  for (const auto& item : items)
    if (item.name == name) return &item;
  return nullptr;
}

bool has_hypothesis(const sem::Program& program, const std::string& name) {
  return find_named(program.hypotheses, name) != nullptr;
}

std::string param_text(const sem::Program& program, const sem::Param& p) {
  return sem::constant_text(program, p.kind, p.value);
}

// A value as `--param` reads it: symbols without quotes, floats in the shortest text
// that reads back to the same double.
std::string override_text(const sem::Program& program, const sem::Param& p) {
  switch (p.kind) {
    case Kind::symbol: return program.symbols[p.value];
    case Kind::number: return std::to_string(static_cast<std::int64_t>(p.value));
    case Kind::unsigned_number: return std::to_string(p.value);
    case Kind::float_number: return fmt::format("{}", word_to_float(p.value));
  }
  return {};
}

std::string link_text(const sem::Program& program, const sem::Link& link) {
  return fmt::format("{} {} as {}", link.supports ? "supports" : "opposes", program.hypotheses[link.hypothesis].name,
                     sem::test_name(link.test));
}

std::string probability_text(const sem::Link& link) { return fmt::format("({}, {})", link.p_h, link.p_not_h); }

// The lines of `mine` whose anonymous text `theirs` lacks, counted as a multiset (a
// duplicated line that the other side has once still differs once).
std::vector<std::string> lines_only_in(const std::vector<CanonicalLine>& mine,
                                       const std::vector<CanonicalLine>& theirs) {
  std::map<std::string, std::size_t> available;
  for (const auto& l : theirs) ++available[l.anonymous];
  std::vector<std::string> out;
  for (const auto& l : mine) {
    auto it = available.find(l.anonymous);
    if (it != available.end() && it->second > 0) {
      --it->second;
      continue;
    }
    out.push_back(l.shown);
  }
  return out;
}

std::optional<std::string> joined(const std::vector<std::string>& lines, const char* separator, std::size_t at_most) {
  if (lines.empty()) return std::nullopt;
  const std::size_t n = std::min(lines.size(), at_most);
  const auto end = lines.begin() + static_cast<std::ptrdiff_t>(n);
  std::string text = fmt::format("{}", fmt::join(lines.begin(), end, separator));
  if (n < lines.size()) text += fmt::format("{}… {} more", separator, lines.size() - n);
  return text;
}

class Comparison {
 public:
  Comparison(const sem::Program& a, const sem::Program& a_at_b, const sem::Program& b)
      : a_(a), a_at_b_(a_at_b), b_(b) {}

  std::vector<Difference> run() {
    hypotheses();
    claims();
    params();
    rules();
    return std::move(out_);
  }

 private:
  const sem::Program& a_;
  const sem::Program& a_at_b_;
  const sem::Program& b_;
  std::vector<Difference> out_;

  Difference& add(DifferenceKind kind, std::optional<std::string> before, std::optional<std::string> after) {
    Difference d;
    d.kind = kind;
    d.before = std::move(before);
    d.after = std::move(after);
    out_.push_back(std::move(d));
    return out_.back();
  }

  void hypotheses() {
    for (const auto& h : a_.hypotheses)
      if (!has_hypothesis(b_, h.name))
        add(DifferenceKind::hypothesis_removed, h.text, std::nullopt).hypothesis = h.name;
    for (const auto& h : b_.hypotheses)
      if (!has_hypothesis(a_, h.name))
        add(DifferenceKind::hypothesis_added, std::nullopt, h.text).hypothesis = h.name;
  }

  void claims() {
    for (std::size_t c = 0; c < a_.claims.size(); ++c) {
      const sem::Claim& claim = a_.claims[c];
      const sem::Claim* theirs = find_named(b_.claims, claim.name);
      if (!theirs) {
        add(DifferenceKind::claim_removed, claim.text, std::nullopt).claim = claim.name;
        continue;
      }
      form(claim, a_at_b_.claims[c], *theirs);
      from(claim, *theirs);
      links(claim, *theirs);
    }
    for (const auto& claim : b_.claims)
      if (!find_named(a_.claims, claim.name))
        add(DifferenceKind::claim_added, std::nullopt, claim.text).claim = claim.name;
  }

  // `mine_at_b` is A's claim with B's parameter values, `mine` the same as A wrote it.
  void form(const sem::Claim& mine, const sem::Claim& mine_at_b, const sem::Claim& theirs) {
    std::vector<CanonicalLine> ours = claim_form_lines(a_at_b_, mine_at_b);
    const std::vector<CanonicalLine> as_written = claim_form_lines(a_, mine);
    for (std::size_t i = 0; i < ours.size() && i < as_written.size(); ++i) ours[i].shown = as_written[i].shown;
    const std::vector<CanonicalLine> other = claim_form_lines(b_, theirs);
    auto before = lines_only_in(ours, other);
    auto after = lines_only_in(other, ours);
    if (before.empty() && after.empty()) return;
    add(DifferenceKind::claim_changed, joined(before, "; ", before.size()), joined(after, "; ", after.size())).claim =
        mine.name;
  }

  void from(const sem::Claim& mine, const sem::Claim& theirs) {
    if (mine.observable_from == theirs.observable_from) return;
    auto year = [](const std::optional<int>& y) {
      return y ? std::optional<std::string>(std::to_string(*y)) : std::nullopt;
    };
    add(DifferenceKind::claim_from, year(mine.observable_from), year(theirs.observable_from)).claim = mine.name;
  }

  const sem::Link* link_to(const sem::Program& program, const sem::Claim& claim, const std::string& hypothesis) {
    for (const auto& l : claim.links)
      if (program.hypotheses[l.hypothesis].name == hypothesis) return &l;
    return nullptr;
  }

  // Links to a hypothesis only one program has belong to that hypothesis's difference.
  void links(const sem::Claim& mine, const sem::Claim& theirs) {
    auto add_link = [&](DifferenceKind kind, const std::string& hypothesis, std::optional<std::string> before,
                        std::optional<std::string> after) {
      Difference& d = add(kind, std::move(before), std::move(after));
      d.claim = mine.name;
      d.hypothesis = hypothesis;
    };
    for (const auto& ours : mine.links) {
      const std::string& h = a_.hypotheses[ours.hypothesis].name;
      if (!has_hypothesis(b_, h)) continue;
      const sem::Link* other = link_to(b_, theirs, h);
      if (!other) {
        add_link(DifferenceKind::link_removed, h, link_text(a_, ours), std::nullopt);
        continue;
      }
      if (ours.supports != other->supports)
        add_link(DifferenceKind::link_direction, h, ours.supports ? "supports" : "opposes",
                 other->supports ? "supports" : "opposes");
      if (ours.test != other->test)
        add_link(DifferenceKind::link_test, h, sem::test_name(ours.test), sem::test_name(other->test));
      if (ours.because != other->because) add_link(DifferenceKind::link_because, h, ours.because, other->because);
      // Without explicit probabilities a link has its test's defaults: a test change says it.
      const bool explicit_probability = ours.explicit_probability || other->explicit_probability;
      if (explicit_probability && (ours.p_h != other->p_h || ours.p_not_h != other->p_not_h))
        add_link(DifferenceKind::link_probability, h, probability_text(ours), probability_text(*other));
    }
    for (const auto& other : theirs.links) {
      const std::string& h = b_.hypotheses[other.hypothesis].name;
      if (has_hypothesis(a_, h) && !link_to(a_, mine, h))
        add_link(DifferenceKind::link_added, h, std::nullopt, link_text(b_, other));
    }
  }

  void params() {
    for (const auto& p : a_.params) {
      const sem::Param* other = find_param(b_, p.name);
      if (!other) {
        Difference& d = add(DifferenceKind::param_removed, param_text(a_, p), std::nullopt);
        d.param = p.name;
        d.tried = false;
        continue;
      }
      const std::string before = param_text(a_, p), after = param_text(b_, *other);
      if (p.kind == other->kind && before == after) continue;
      Difference& d = add(DifferenceKind::param_changed, before, after);
      d.param = p.name;
      d.tried = p.kind == other->kind;  // a value of another kind cannot be given to A
    }
    for (const auto& p : b_.params) {
      if (find_param(a_, p.name)) continue;
      Difference& d = add(DifferenceKind::param_added, std::nullopt, param_text(b_, p));
      d.param = p.name;
      d.tried = false;
    }
  }

  // Each relation's rules and facts, as canonical lines; A's shown as A wrote them.
  std::map<std::string, std::vector<CanonicalLine>> rules_by_relation(const sem::Program& program,
                                                                      const sem::Program* as_written) {
    std::map<std::string, std::vector<CanonicalLine>> out;
    for (std::size_t r = 0; r < program.rules.size(); ++r) {
      const sem::Rule& rule = program.rules[r];
      CanonicalLine line = rule_line(program, rule);
      if (as_written) line.shown = rule_line(*as_written, as_written->rules[r]).shown;
      out[program.relations[rule.head].name].push_back(std::move(line));
    }
    return out;
  }

  // Relations in A's declaration order, then those only B declares.
  void rules() {
    auto ours = rules_by_relation(a_at_b_, &a_);
    auto theirs = rules_by_relation(b_, nullptr);
    std::vector<std::string> relations;
    for (const auto& r : a_.relations) relations.push_back(r.name);
    for (const auto& r : b_.relations)
      if (!a_.find_relation(r.name)) relations.push_back(r.name);
    for (const auto& relation : relations) {
      const auto& mine = ours[relation];
      const auto& other = theirs[relation];
      auto before = lines_only_in(mine, other);
      auto after = lines_only_in(other, mine);
      if (before.empty() && after.empty()) continue;
      Difference& d =
          add(DifferenceKind::rules_changed, joined(before, "\n", shown_rules), joined(after, "\n", shown_rules));
      d.relation = relation;
      d.tried = false;
    }
  }
};

}  // namespace

std::vector<CanonicalLine> claim_form_lines(const sem::Program& program, const sem::Claim& claim) {
  std::vector<CanonicalLine> lines;
  lines.push_back({sem::claim_form_name(claim.form), sem::claim_form_name(claim.form)});
  add_alternatives(lines, program, "body", claim.body, claim.slots);
  add_alternatives(lines, program, "conclusion", claim.conclusion, claim.slots);
  if (claim.form == sem::ClaimForm::share)
    lines.push_back(canonical(claim.slots, [&](const sem::Slots& s) {
      return fmt::format("share {} {}", sem::cmp_text(claim.cmp), sem::to_string(program, claim.bound, s));
    }));
  if (claim.form == sem::ClaimForm::holds) {
    for (const auto& l : claim.holds_aggregates)
      lines.push_back(canonical(claim.slots, [&](const sem::Slots& s) { return sem::to_string(program, l, s); }));
    lines.push_back(canonical(claim.slots, [&](const sem::Slots& s) {
      return fmt::format("holds {} {} {}", sem::to_string(program, claim.lhs, s), sem::cmp_text(claim.cmp),
                         sem::to_string(program, claim.rhs, s));
    }));
  }
  return lines;
}

std::vector<std::pair<std::string, std::string>> b_param_values(const sem::Program& a, const sem::Program& b) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : a.params) {
    const sem::Param* other = find_param(b, p.name);
    if (other && other->kind == p.kind && param_text(a, p) != param_text(b, *other))
      out.emplace_back(p.name, override_text(b, *other));
  }
  return out;
}

std::vector<Difference> compare_programs(const sem::Program& a, const sem::Program& a_at_b, const sem::Program& b) {
  return Comparison(a, a_at_b, b).run();
}

}  // namespace kz::argument
