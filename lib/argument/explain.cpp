// Explanations: proof trees from recorded provenance (rule and height of each derived
// row), "why not" from the deepest point a head-bound search of each rule reaches, and
// claim instances with the proofs of the atoms behind them.
#include "kzrules/explain.hpp"

#include <functional>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/internal.hpp"
#include "argument/claims.hpp"
#include "eval/engine.hpp"
#include "syntax/grammar.hpp"
#include "core/source.hpp"

namespace kz {

namespace {

[[noreturn]] void atom_error(std::string_view text, std::uint32_t offset, std::string message) {
  SourceFile source("<atom>", std::string(text));
  throw Error(ErrorKind::bad_input, make_error(source.locate(offset), std::move(message)));
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string quoted(const eval::Engine& engine, Kind kind, std::uint64_t word) {
  std::string text = engine.format(kind, word);
  if (kind != Kind::symbol) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string atom_text(const eval::Engine& engine, std::uint32_t relation, const eval::RowRef& row) {
  const auto& r = engine.program().relations[relation];
  std::vector<std::string> args;
  for (std::size_t c = 0; c < r.arity(); ++c) args.push_back(quoted(engine, r.attributes[c].kind, row[c]));
  return fmt::format("{}({})", r.name, fmt::join(args, ", "));
}

std::string source_text(const sem::Program& program, const sem::Loc& loc) {
  const std::string& text = program.sources.file(loc.file).text();
  if (loc.offset >= text.size()) return {};
  return collapse_spaces(std::string_view(text).substr(loc.offset, loc.length));
}

struct StopSearch {};

class Explainer {
 public:
  explicit Explainer(Database& db) : engine_(api::engine_of(db)), program_(engine_.program()) {}

  ProofNode prove(std::uint32_t relation, std::uint32_t row, int depth = 0) {
    ProofNode node;
    const auto& rel = program_.relations[relation];
    node.atom = atom_text(engine_, relation, engine_.relation(relation).row(row));
    for (std::size_t c = 0; c < rel.arity(); ++c)
      if (rel.attributes[c].name == "source" && rel.attributes[c].kind == Kind::symbol)
        node.source = engine_.format(Kind::symbol, engine_.relation(relation).row(row)[c]);
    if (const auto* origin = engine_.input_origin(relation, row)) {
      node.kind = ProofKind::input;
      node.location = fmt::format("{}:{}", engine_.input_files()[origin->file], origin->line);
      return node;
    }
    auto rule_id = engine_.deriving_rule(relation, row);
    if (!rule_id) {
      node.kind = ProofKind::host;
      node.location = "added from code";
      return node;
    }
    const sem::Rule& rule = program_.rules[*rule_id];
    node.location = program_.sources.file_line(rule.loc);
    if (rule.is_fact()) {
      node.kind = ProofKind::fact;
      return node;
    }
    node.kind = ProofKind::rule;
    node.rule_text = source_text(program_, rule.loc);
    if (depth > 500 || ++nodes_ > 20000) {
      node.children.push_back(ProofNode{"...", ProofKind::truncated, "", "", "", {}});
      return node;
    }
    const std::uint32_t height = engine_.height(relation, row);
    auto rows = body_rows(rule, engine_.relation(relation).row(row), height);
    for (auto [r, i] : rows) node.children.push_back(prove(r, i, depth + 1));
    return node;
  }

  // The body rows of one derivation of `head` by `rule`, all of lower height.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> body_rows(const sem::Rule& rule, const eval::RowRef& head,
                                                                 std::uint32_t height) {
    const auto& head_plan = plan_for(rule);
    std::vector<std::uint64_t> regs(std::max<std::size_t>(1, rule.slots.size()), 0);
    std::vector<std::uint64_t> want;
    for (std::size_t c = 0; c < rule.head_args.size(); ++c) want.push_back(head[c]);
    for (std::size_t c = 0; c < rule.head_args.size(); ++c)
      if (rule.head_args[c].op == sem::ExprOp::variable) regs[static_cast<std::size_t>(rule.head_args[c].slot)] = want[c];
    eval::Engine::Trace trace;
    trace.register_count = regs.size();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> found;
    engine_.set_trace(&trace);
    try {
      engine_.run(head_plan, regs.data(), [&](const std::uint64_t* r) {
        for (std::size_t c = 0; c < rule.head_args.size(); ++c)
          if (engine_.eval(rule.head_args[c], r) != want[c]) return;
        for (auto [rel, i] : trace.rows)
          if (engine_.height(rel, i) >= height) return;
        found = trace.rows;
        throw StopSearch{};
      });
    } catch (const StopSearch&) {
    }
    engine_.set_trace(nullptr);
    return found;
  }

  const std::vector<plan::Op>& plan_for(const sem::Rule& rule) {
    auto it = plans_.find(rule.id);
    if (it != plans_.end()) return it->second;
    std::vector<bool> bound(rule.slots.size(), false);
    for (const auto& h : rule.head_args)
      if (h.op == sem::ExprOp::variable) bound[static_cast<std::size_t>(h.slot)] = true;
    auto result = engine_.plan_query(rule.body, bound);
    std::vector<plan::Op> ops;
    if (auto* p = std::get_if<std::vector<plan::Op>>(&result)) ops = std::move(*p);
    return plans_.emplace(rule.id, std::move(ops)).first->second;
  }

  RuleAttempt attempt(const sem::Rule& rule, const std::vector<std::uint64_t>& want) {
    RuleAttempt a;
    a.location = program_.sources.file_line(rule.loc);
    a.rule_text = source_text(program_, rule.loc);
    std::vector<std::uint64_t> regs(std::max<std::size_t>(1, rule.slots.size()), 0);
    std::vector<bool> bound(rule.slots.size(), false);
    for (std::size_t c = 0; c < rule.head_args.size(); ++c) {
      const auto& h = rule.head_args[c];
      if (h.op == sem::ExprOp::variable) {
        const auto s = static_cast<std::size_t>(h.slot);
        if (bound[s] && regs[s] != want[c]) {
          a.failed_literal = "the head: its repeated variable cannot take both values";
          return a;
        }
        regs[s] = want[c];
        bound[s] = true;
      } else if (h.op == sem::ExprOp::constant && h.value != want[c]) {
        a.failed_literal = fmt::format("the head: attribute {} is always {}", c + 1,
                                       quoted(engine_, h.kind, h.value));
        return a;
      }
    }
    const auto& ops = plan_for(rule);
    eval::Engine::Trace trace;
    trace.register_count = regs.size();
    trace.deepest_registers = regs;
    bool derived = false;
    engine_.set_trace(&trace);
    try {
      engine_.run(ops, regs.data(), [&](const std::uint64_t* r) {
        for (std::size_t c = 0; c < rule.head_args.size(); ++c)
          if (engine_.eval(rule.head_args[c], r) != want[c]) return;
        derived = true;
        throw StopSearch{};
      });
    } catch (const StopSearch&) {
    }
    engine_.set_trace(nullptr);
    if (derived) return a;
    // Bindings at the deepest point: the head's, then whatever the passed ops bound.
    for (std::size_t i = 0; i < trace.deepest && i < ops.size(); ++i) {
      for (auto& [col, slot] : ops[i].binds) bound[static_cast<std::size_t>(slot)] = true;
      if (ops[i].type == plan::Op::Type::assign || ops[i].type == plan::Op::Type::aggregate)
        bound[static_cast<std::size_t>(ops[i].slot)] = true;
    }
    for (std::size_t s = 0; s < rule.slots.size(); ++s)
      if (bound[s] && !rule.slots.names[s].empty() && rule.slots.names[s][0] != '<')
        a.bindings.emplace_back(rule.slots.names[s], quoted(engine_, rule.slots.kinds[s], trace.deepest_registers[s]));
    if (trace.deepest < ops.size()) {
      const auto* literal = ops[trace.deepest].source;
      a.failed_literal = literal ? source_text(program_, literal->loc) : "a body literal";
    } else {
      a.failed_literal = "the head: the body holds, but its head expressions give another tuple";
    }
    return a;
  }

  eval::Engine& engine_;
  const sem::Program& program_;
  std::unordered_map<std::uint32_t, std::vector<plan::Op>> plans_;
  std::size_t nodes_ = 0;
};

void require_provenance(const eval::Engine& engine) {
  if (!engine.evaluated() || !engine.provenance()) {
    Diagnostic d;
    d.message = "explanations need provenance: evaluate with EvalOptions::record_provenance = true";
    throw Error(ErrorKind::bad_input, d);
  }
}

}  // namespace

namespace {

std::pair<std::string, Pattern> read_atom(const Program& program, std::string_view text, bool wildcards) {
  std::string source(text);
  while (!source.empty() && (source.back() == ' ' || source.back() == '.' || source.back() == '\n')) source.pop_back();
  auto tree = syntax::parse_program(source + ".");
  if (auto* e = std::get_if<syntax::SyntaxError>(&tree)) atom_error(source, e->offset, e->message);
  const auto& items = std::get<syntax::ast::Program>(tree);
  const syntax::ast::Clause* clause = items.size() == 1 ? boost::get<syntax::ast::Clause>(&items[0]) : nullptr;
  if (!clause || clause->heads.size() != 1 || clause->body)
    atom_error(source, 0, "expected one atom such as path(1, 3) or horde(\"Ablyazov\", \"senior\")");
  const auto& atom = clause->heads[0];
  const auto& model = api::model_of(program);
  auto id = model.find_relation(atom.name.name);
  if (!id) atom_error(source, atom.name.offset, fmt::format("unknown relation '{}'", atom.name.name));
  const auto& rel = model.relations[*id];
  if (rel.arity() != atom.args.size())
    atom_error(source, atom.offset, fmt::format("'{}' has {} attributes, not {}", rel.name, rel.arity(), atom.args.size()));
  Pattern values;
  for (std::size_t c = 0; c < atom.args.size(); ++c) {
    const auto& e = atom.args[c];
    const syntax::ast::Operand* operand = &e.first;
    // Unwrap the precedence levels down to a single operand.
    while (auto const* nested = boost::get<boost::spirit::x3::forward_ast<syntax::ast::Expression>>(operand)) {
      if (!nested->get().rest.empty()) break;
      operand = &nested->get().first;
    }
    bool negative = false;
    if (auto const* u = boost::get<boost::spirit::x3::forward_ast<syntax::ast::Unary>>(operand)) {
      negative = true;
      operand = &u->get().operand;
    }
    const Kind kind = rel.attributes[c].kind;
    if (boost::get<syntax::ast::Wildcard>(operand) && wildcards && !negative) {
      values.emplace_back(std::nullopt);
      continue;
    }
    if (auto const* s = boost::get<syntax::ast::StringLit>(operand); s && kind == Kind::symbol && !negative) {
      values.emplace_back(s->value);
      continue;
    }
    if (auto const* n = boost::get<syntax::ast::NumberLit>(operand); n && kind != Kind::symbol) {
      const std::string t = (negative ? "-" : "") + n->text;
      try {
        std::size_t used = 0;
        if (kind == Kind::float_number) values.emplace_back(std::stod(t, &used));
        else if (kind == Kind::unsigned_number && !negative) values.emplace_back(static_cast<std::uint64_t>(std::stoull(t, &used)));
        else values.emplace_back(static_cast<std::int64_t>(std::stoll(t, &used)));
        if (used == t.size() || (kind != Kind::float_number && t.back() == 'u')) continue;
      } catch (const std::exception&) {
      }
    }
    atom_error(source, e.offset, fmt::format("expected a {} constant for attribute '{}' of '{}'",
                                             kind_name(kind), rel.attributes[c].name, rel.name));
  }
  return {rel.name, std::move(values)};
}

}  // namespace

std::pair<std::string, Tuple> parse_atom(const Program& program, std::string_view text) {
  auto [name, pattern] = read_atom(program, text, false);
  Tuple tuple;
  for (auto& v : pattern) tuple.push_back(std::move(*v));
  return {name, tuple};
}

std::pair<std::string, Pattern> parse_pattern(const Program& program, std::string_view text) {
  return read_atom(program, text, true);
}

Explanation explain_atom(Database& database, std::string_view text) {
  auto& engine = api::engine_of(database);
  require_provenance(engine);
  auto [name, tuple] = parse_atom(database.program(), text);
  const auto& program = engine.program();
  const std::uint32_t relation = *program.find_relation(name);
  std::vector<std::uint64_t> words;
  for (std::size_t c = 0; c < tuple.size(); ++c) {
    auto w = engine.symbols().find(format_value(tuple[c]));
    const Kind kind = program.relations[relation].attributes[c].kind;
    if (kind == Kind::symbol) words.push_back(w ? *w : ~0ull);
    else words.push_back(*engine.from_value(kind, tuple[c]));
  }
  Explanation out;
  Explainer explainer(database);
  const bool unknown_symbol = std::find(words.begin(), words.end(), ~0ull) != words.end();
  const std::uint32_t row = unknown_symbol ? eval::no_row : engine.relation(relation).find(words.data());
  if (row != eval::no_row) {
    out.derived = true;
    out.proof = explainer.prove(relation, row);
    out.atom = out.proof.atom;
    return out;
  }
  out.atom = std::string(text);
  std::size_t rules = 0;
  for (const auto& rule : program.rules) {
    if (rule.head != relation || rule.is_fact()) continue;
    ++rules;
    if (unknown_symbol) {
      out.attempts.push_back(RuleAttempt{program.sources.file_line(rule.loc), source_text(program, rule.loc),
                                         "a constant of the atom appears nowhere in the facts", {}});
      continue;
    }
    out.attempts.push_back(explainer.attempt(rule, words));
  }
  out.input_relation = rules == 0;
  return out;
}

ClaimExplanation explain_claim(Database& database, std::string_view name, std::size_t max_instances) {
  auto& engine = api::engine_of(database);
  require_provenance(engine);
  const auto& program = engine.program();
  std::size_t index = program.claims.size();
  for (std::size_t c = 0; c < program.claims.size(); ++c)
    if (program.claims[c].name == name) index = c;
  if (index == program.claims.size()) {
    Diagnostic d;
    d.message = fmt::format("no claim named '{}'", name);
    throw Error(ErrorKind::bad_input, d);
  }
  const sem::Claim& claim = program.claims[index];
  ClaimExplanation out;
  out.result = argument::evaluate_claim(engine, index);
  Explainer explainer(database);
  const auto& instances = out.result.witnesses.empty() ? out.result.counterexamples : out.result.witnesses;
  const bool counterexamples = out.result.witnesses.empty();
  for (std::size_t k = 0; k < instances.size() && k < max_instances; ++k) {
    InstanceExplanation inst;
    inst.binding = instances[k];
    std::vector<std::uint64_t> regs(std::max<std::size_t>(1, claim.slots.size()), 0);
    for (std::size_t i = 0; i < claim.reported.size(); ++i) {
      const auto s = static_cast<std::size_t>(claim.reported[i]);
      regs[s] = *engine.from_value(claim.slots.kinds[s], inst.binding[i].second);
    }
    // The body's atoms for this instance, from the first disjunct that produces it.
    for (const auto& conj : claim.body) {
      std::vector<bool> bound(claim.slots.size(), false);
      for (auto s : claim.reported) bound[static_cast<std::size_t>(s)] = true;
      auto planned = engine.plan_query(conj, bound);
      auto* ops = std::get_if<std::vector<plan::Op>>(&planned);
      if (!ops) continue;
      eval::Engine::Trace trace;
      trace.register_count = regs.size();
      std::vector<std::pair<std::uint32_t, std::uint32_t>> rows;
      bool found = false;
      engine.set_trace(&trace);
      try {
        engine.run(*ops, regs.data(), [&](const std::uint64_t*) {
          rows = trace.rows;
          found = true;
          throw StopSearch{};
        });
      } catch (const StopSearch&) {
      }
      engine.set_trace(nullptr);
      if (!found) continue;
      for (auto [r, i] : rows) inst.proofs.push_back(explainer.prove(r, i));
      break;
    }
    if (counterexamples && !claim.conclusion.empty()) {
      // Which literal of the conclusion no extension passes.
      const auto& plan = engine.plan().claims[index];
      std::string failing;
      for (const auto& ops : plan.conclusion) {
        eval::Engine::Trace trace;
        trace.register_count = regs.size();
        engine.set_trace(&trace);
        engine.run(ops, regs.data(), [](const std::uint64_t*) {});
        engine.set_trace(nullptr);
        if (trace.deepest < ops.size() && ops[trace.deepest].source)
          failing = source_text(program, ops[trace.deepest].source->loc);
        break;
      }
      inst.note = failing.empty() ? "the conclusion has no solution" : fmt::format("the conclusion fails at {}", failing);
    }
    out.instances.push_back(std::move(inst));
  }
  return out;
}

namespace {

void render_node(std::string& out, const ProofNode& node, const std::string& prefix, bool last, bool root) {
  std::string line = node.atom;
  if (node.kind == ProofKind::rule) line += fmt::format("   [rule {}]", node.location);
  else if (node.kind == ProofKind::input) line += fmt::format("   [fact {}]", node.location);
  else if (node.kind == ProofKind::fact) line += fmt::format("   [fact {}]", node.location);
  else if (node.kind == ProofKind::host) line += "   [added from code]";
  if (!node.source.empty()) line += fmt::format("   source: {}", node.source);
  out += root ? line + "\n" : prefix + (last ? "└── " : "├── ") + line + "\n";
  const std::string child_prefix = root ? "" : prefix + (last ? "    " : "│   ");
  for (std::size_t i = 0; i < node.children.size(); ++i)
    render_node(out, node.children[i], child_prefix, i + 1 == node.children.size(), false);
}

nlohmann::ordered_json node_json(const ProofNode& node) {
  nlohmann::ordered_json j;
  j["atom"] = node.atom;
  j["kind"] = proof_kind_name(node.kind);
  j["location"] = node.location;
  if (!node.source.empty()) j["source"] = node.source;
  if (!node.rule_text.empty()) j["rule"] = node.rule_text;
  j["children"] = nlohmann::ordered_json::array();
  for (const auto& c : node.children) j["children"].push_back(node_json(c));
  return j;
}

std::string binding_text(const Binding& b) {
  std::vector<std::string> parts;
  for (const auto& [n, v] : b)
    parts.push_back(n + ": " + (std::holds_alternative<std::string>(v) ? "\"" + format_value(v) + "\"" : format_value(v)));
  return "{" + fmt::format("{}", fmt::join(parts, ", ")) + "}";
}

}  // namespace

std::string render_proof(const ProofNode& proof) {
  std::string out;
  render_node(out, proof, "", true, true);
  return out;
}

std::string render_explanation(const Explanation& e) {
  if (e.derived) return render_proof(e.proof);
  std::string out = fmt::format("{} is not derived.\n", e.atom);
  if (e.input_relation) out += "  No rule derives this relation: it holds only the facts given to it.\n";
  for (const auto& a : e.attempts) {
    out += fmt::format("  rule {}: {}\n", a.location, a.rule_text);
    if (a.failed_literal.empty()) {
      out += "    (this rule derives it with other bindings only)\n";
      continue;
    }
    out += fmt::format("    fails at: {}\n", a.failed_literal);
    if (!a.bindings.empty()) {
      std::vector<std::string> parts;
      for (const auto& [n, v] : a.bindings) parts.push_back(n + " = " + v);
      out += fmt::format("    closest match: {}\n", fmt::join(parts, ", "));
    }
  }
  return out;
}

std::string render_claim_explanation(const ClaimExplanation& e) {
  const auto& c = e.result;
  std::string out = fmt::format("claim {} ({}, {}): {}\n  {}\n", c.name, claim_form_name(c.form), c.location, outcome_name(c.outcome), c.text);
  if (c.form == ClaimForm::holds && c.values.size() == 2)
    out += fmt::format("  values: {} {} {}\n", format_value(c.values[0]), c.comparison, format_value(c.values[1]));
  const bool witnesses = !c.witnesses.empty();
  const std::size_t total = witnesses ? c.witnesses.size() : c.counterexamples.size();
  if (total > 0)
    out += fmt::format("  {} ({} of {} shown):\n", witnesses ? "witnesses" : "counterexamples", e.instances.size(), total);
  for (const auto& inst : e.instances) {
    out += fmt::format("\n  {}\n", binding_text(inst.binding));
    if (!inst.note.empty()) out += fmt::format("    {}\n", inst.note);
    for (const auto& p : inst.proofs) {
      std::string tree = render_proof(p);
      std::string indented;
      std::size_t start = 0;
      while (start < tree.size()) {
        auto end = tree.find('\n', start);
        indented += "    " + tree.substr(start, end - start) + "\n";
        start = end + 1;
      }
      out += indented;
    }
  }
  return out;
}

std::string explanation_json(const Explanation& e) {
  nlohmann::ordered_json j;
  j["atom"] = e.atom;
  j["derived"] = e.derived;
  if (e.derived) {
    j["proof"] = node_json(e.proof);
  } else {
    j["attempts"] = nlohmann::ordered_json::array();
    for (const auto& a : e.attempts) {
      nlohmann::ordered_json aj;
      aj["rule"] = a.rule_text;
      aj["location"] = a.location;
      aj["failed_literal"] = a.failed_literal;
      aj["bindings"] = nlohmann::ordered_json::object();
      for (const auto& [n, v] : a.bindings) aj["bindings"][n] = v;
      j["attempts"].push_back(std::move(aj));
    }
  }
  return j.dump(2) + "\n";
}

std::string claim_explanation_json(const ClaimExplanation& e) {
  nlohmann::ordered_json j;
  j["claim"] = e.result.name;
  j["form"] = claim_form_name(e.result.form);
  j["outcome"] = outcome_name(e.result.outcome);
  j["instances"] = nlohmann::ordered_json::array();
  for (const auto& inst : e.instances) {
    nlohmann::ordered_json ij;
    ij["binding"] = nlohmann::ordered_json::object();
    for (const auto& [n, v] : inst.binding)
      ij["binding"][n] = std::visit([](const auto& x) { return nlohmann::ordered_json(x); }, v);
    if (!inst.note.empty()) ij["note"] = inst.note;
    ij["proofs"] = nlohmann::ordered_json::array();
    for (const auto& p : inst.proofs) ij["proofs"].push_back(node_json(p));
    j["instances"].push_back(std::move(ij));
  }
  return j.dump(2) + "\n";
}

}  // namespace kz
