#include "semantics/magic.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include <boost/variant/get.hpp>

#include "semantics/variables.hpp"

namespace kz::sem {

namespace {

// The quoted strings of a directive as written: `.pragma "magic-transform" "*"` gives
// {"magic-transform", "*"}.
std::vector<std::string> quoted_strings(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '"') continue;
    std::string s;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;
      s += text[i];
    }
    out.push_back(std::move(s));
  }
  return out;
}

void add_relations(const std::vector<Literal>& body, std::vector<std::uint32_t>& out) {
  for (const auto& l : body) {
    if (l.type == Literal::Type::atom || l.type == Literal::Type::negation) out.push_back(l.relation);
    if (l.type == Literal::Type::aggregate && l.aggregate) add_relations(l.aggregate->body, out);
  }
}

class MagicSets {
 public:
  MagicSets(Program& program, const MagicRequest& request) : p_(program) {
    const std::size_t n = p_.relations.size();
    transformable_.assign(n, false);
    plain_head_.resize(n);
    rules_of_.resize(n);
    for (std::uint32_t r = 0; r < p_.rules.size(); ++r) rules_of_[p_.rules[r].head].push_back(r);
    std::vector<bool> excluded(n, false);
    std::vector<std::uint32_t> read_by_claims;
    for (const auto& claim : p_.claims) {
      for (const auto& conjunction : claim.body) add_relations(conjunction, read_by_claims);
      for (const auto& conjunction : claim.conclusion) add_relations(conjunction, read_by_claims);
      add_relations(claim.holds_aggregates, read_by_claims);
    }
    for (auto r : read_by_claims) excluded[r] = true;
    for (const auto& u : p_.unobserved) excluded[u.relation] = true;
    for (const auto& d : p_.datings) excluded[d.relation] = true;
    for (std::uint32_t r = 0; r < n; ++r) {
      const Relation& rel = p_.relations[r];
      const bool asked = request.all || request.relations.count(rel.name) != 0;
      const bool has_rules = std::any_of(rules_of_[r].begin(), rules_of_[r].end(),
                                         [&](std::uint32_t id) { return !p_.rules[id].body.empty(); });
      transformable_[r] = asked && has_rules && !excluded[r] && !rel.input && rel.more_inputs.empty() &&
                          rel.outputs.empty() && !rel.printsize;
      // A bound position must be a variable or a constant in every rule's head, so that
      // the magic literal can be written from the head.
      plain_head_[r].assign(rel.arity(), true);
      for (auto id : rules_of_[r])
        for (std::uint32_t i = 0; i < rel.arity(); ++i) {
          const Expr& a = p_.rules[id].head_args[i];
          if (a.op != ExprOp::variable && a.op != ExprOp::constant) plain_head_[r][i] = false;
        }
    }
  }

  bool run() {
    const std::size_t original_rules = p_.rules.size();
    std::vector<Rule> out;
    // The rules of relations that stay as they are ask first.
    for (std::uint32_t id = 0; id < original_rules; ++id) {
      const Rule& rule = p_.rules[id];
      if (transformable_[rule.head]) continue;
      Rule copy = rule;
      copy.body = adorn_body(rule, {}, std::nullopt, out);
      out.push_back(std::move(copy));
    }
    // Then each relation asked for with a pattern of bound arguments, once per pattern.
    for (std::size_t next = 0; next < worklist_.size(); ++next) {
      const auto [relation, pattern] = worklist_[next];
      const std::uint32_t adorned = adorned_.at({relation, pattern});
      const std::uint32_t magic = magic_.at({relation, pattern});
      for (auto id : rules_of_[relation]) {
        const Rule& rule = p_.rules[id];
        Literal ask;
        ask.type = Literal::Type::atom;
        ask.relation = magic;
        ask.loc = rule.loc;
        std::set<std::int32_t> bound;
        for (std::size_t i = 0; i < pattern.size(); ++i)
          if (pattern[i] == 'b') {
            ask.args.push_back(rule.head_args[i]);
            add_variables(rule.head_args[i], bound);
          }
        Rule copy = rule;
        copy.head = adorned;
        copy.body = adorn_body(rule, bound, ask, out);
        out.push_back(std::move(copy));
      }
    }
    if (worklist_.empty()) return false;
    // Original rules stay for relations something still reads unadorned (a negation, an
    // aggregate, an atom with nothing bound), and for what those read in turn.
    std::vector<bool> needed(p_.relations.size(), false);
    std::vector<std::uint32_t> pending;
    auto need = [&](const std::vector<Literal>& body) {
      std::vector<std::uint32_t> read;
      add_relations(body, read);
      for (auto r : read)
        if (r < transformable_.size() && transformable_[r] && !needed[r]) {
          needed[r] = true;
          pending.push_back(r);
        }
    };
    for (const auto& rule : out) need(rule.body);
    while (!pending.empty()) {
      const auto r = pending.back();
      pending.pop_back();
      for (auto id : rules_of_[r]) need(p_.rules[id].body);
    }
    for (std::uint32_t id = 0; id < original_rules; ++id)
      if (transformable_[p_.rules[id].head] && needed[p_.rules[id].head]) out.push_back(p_.rules[id]);
    for (std::uint32_t id = 0; id < out.size(); ++id) out[id].id = id;
    p_.rules = std::move(out);
    return true;
  }

 private:
  using Key = std::pair<std::uint32_t, std::string>;

  // The rule's body with each atom over a transformable relation that has bound
  // arguments replaced by its adorned copy, and the magic rule that asks for it added to
  // `out`. `bound`: the variables bound before the body (by the head's bound arguments);
  // `ask`: the magic literal that comes first in an adorned rule.
  std::vector<Literal> adorn_body(const Rule& rule, std::set<std::int32_t> bound, std::optional<Literal> ask,
                                  std::vector<Rule>& out) {
    std::vector<Literal> body;
    std::vector<Literal> prefix;  // what a magic rule for the next atom may read: binds as `bound` says
    if (ask) {
      body.push_back(*ask);
      prefix.push_back(*ask);
    }
    auto is_bound = [&](std::int32_t slot) { return bound.count(slot) != 0; };
    for (const Literal& literal : rule.body) {
      Literal rewritten = literal;
      if (literal.type == Literal::Type::atom) {
        // An expression argument may use what is bound before and what the atom's own
        // variables bind; otherwise the atom is left out of magic rules (they then ask for
        // more, never for less).
        std::set<std::int32_t> usable_slots = bound;
        for (const auto& a : literal.args)
          if (a.op == ExprOp::variable) usable_slots.insert(a.slot);
        const bool usable = std::all_of(literal.args.begin(), literal.args.end(), [&](const Expr& a) {
          std::set<std::int32_t> slots;
          add_variables(a, slots);
          return std::includes(usable_slots.begin(), usable_slots.end(), slots.begin(), slots.end());
        });
        const std::uint32_t q = literal.relation;
        if (transformable_[q]) {
          std::string pattern;
          for (std::size_t i = 0; i < literal.args.size(); ++i) {
            // Only a constant or a variable passes a binding: through an expression (`gen(x +
            // 1)`) each question would ask a new one, without end.
            const Expr& a = literal.args[i];
            const bool b = (a.op == ExprOp::constant || (a.op == ExprOp::variable && is_bound(a.slot))) &&
                           plain_head_[q][i];
            pattern += b ? 'b' : 'f';
          }
          if (pattern.find('b') != std::string::npos) {
            rewritten.relation = adorned_relation(q, pattern);
            Rule asks;
            asks.head = magic_.at({q, pattern});
            asks.slots = rule.slots;
            asks.loc = literal.loc;
            for (std::size_t i = 0; i < pattern.size(); ++i)
              if (pattern[i] == 'b') asks.head_args.push_back(literal.args[i]);
            asks.body = prefix;
            out.push_back(std::move(asks));
          }
        }
        if (usable) {
          prefix.push_back(rewritten);
          for (const auto& a : literal.args)
            if (a.op == ExprOp::variable) bound.insert(a.slot);
        }
      } else {
        // What a comparison or an aggregate computes passes no binding on, for the same
        // reason: `y = x + 1` would make each question ask the next.
        // A filter (negation, comparison, contains, match, aggregate) is kept in magic
        // rules only when its variables are bound there; leaving one out asks for more,
        // not less.
        std::set<std::int32_t> slots;
        if (literal.aggregate) {
          slots.insert(literal.aggregate->outer_slots.begin(), literal.aggregate->outer_slots.end());
          slots.insert(literal.aggregate->result_slot);
        }
        for (const auto& a : literal.args) add_variables(a, slots);
        add_variables(literal.lhs, slots);
        add_variables(literal.rhs, slots);
        if (std::all_of(slots.begin(), slots.end(), is_bound)) prefix.push_back(literal);
      }
      body.push_back(std::move(rewritten));
    }
    return body;
  }

  // The adorned copy of `q` for `pattern` ('b' bound, 'f' free), made with its magic
  // relation and queued the first time it is asked for.
  std::uint32_t adorned_relation(std::uint32_t q, const std::string& pattern) {
    const Key key{q, pattern};
    auto found = adorned_.find(key);
    if (found != adorned_.end()) return found->second;
    const Relation original = p_.relations[q];
    Relation adorned;
    adorned.name = original.name + "@" + pattern;
    adorned.attributes = original.attributes;
    adorned.loc = original.loc;
    Relation magic;
    magic.name = "@magic." + adorned.name;
    magic.loc = original.loc;
    for (std::size_t i = 0; i < pattern.size(); ++i)
      if (pattern[i] == 'b') magic.attributes.push_back(original.attributes[i]);
    const auto adorned_id = add_relation(std::move(adorned));
    const auto magic_id = add_relation(std::move(magic));
    adorned_[key] = adorned_id;
    magic_[key] = magic_id;
    worklist_.push_back(key);
    return adorned_id;
  }

  std::uint32_t add_relation(Relation relation) {
    const auto id = static_cast<std::uint32_t>(p_.relations.size());
    p_.relation_ids[relation.name] = id;
    p_.relations.push_back(std::move(relation));
    transformable_.push_back(false);
    plain_head_.emplace_back();
    rules_of_.emplace_back();
    return id;
  }

  Program& p_;
  std::vector<bool> transformable_;
  std::vector<std::vector<bool>> plain_head_;
  std::vector<std::vector<std::uint32_t>> rules_of_;
  std::map<Key, std::uint32_t> adorned_, magic_;
  std::vector<Key> worklist_;
};

}  // namespace

std::optional<MagicRequest> magic_request(const std::vector<ParsedFile>& files) {
  std::optional<MagicRequest> request;
  for (const auto& file : files)
    for (const auto& item : file.ast) {
      const auto* ignored = boost::get<syntax::ast::Ignored>(&item);
      // The text as read may begin with the comments and blanks before the directive.
      const std::size_t at = ignored ? ignored->text.find(".pragma") : std::string::npos;
      if (at == std::string::npos) continue;
      const auto strings = quoted_strings(ignored->text.substr(at));
      if (strings.empty() || strings[0] != "magic-transform") continue;
      if (!request) request.emplace();
      const std::string value = strings.size() > 1 ? strings[1] : "*";
      std::size_t start = 0;
      while (start <= value.size()) {  // "*", or names separated by commas
        std::size_t comma = value.find(',', start);
        if (comma == std::string::npos) comma = value.size();
        std::string name = value.substr(start, comma - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (name == "*") request->all = true;
        else if (!name.empty()) request->relations.insert(name);
        start = comma + 1;
      }
    }
  return request;
}

bool apply_magic_sets(Program& program, const MagicRequest& request) { return MagicSets(program, request).run(); }

}  // namespace kz::sem
