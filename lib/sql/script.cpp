// The whole program as SQL (see script.hpp): tables, inputs, indexes, strata.
#include "sql/script.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "io/delimited.hpp"
#include "semantics/print.hpp"
#include "sql/helpers.hpp"
#include "sql/translate.hpp"

namespace kz::sql {

namespace {

// PostgreSQL cuts identifiers at 63 bytes; a longer name keeps a prefix and a hash of
// the whole, so two long names never meet.
std::string fit_identifier(const std::string& name) {
  if (name.size() <= 48) return name;
  std::uint32_t hash = 2166136261u;
  for (char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  std::string prefix = name.substr(0, 40);
  while (!prefix.empty() && (static_cast<unsigned char>(prefix.back()) & 0xC0) == 0x80) prefix.pop_back();
  if (!prefix.empty() && static_cast<unsigned char>(prefix.back()) >= 0xC0) prefix.pop_back();
  return fmt::format("{}_{:08x}", prefix, hash);
}

bool unique_attribute_names(const sem::Relation& relation) {
  std::set<std::string> seen;
  for (const auto& a : relation.attributes)
    if (a.name.empty() || !seen.insert(a.name).second) return false;
  return true;
}

std::vector<std::string> all_columns(const sem::Program& program, std::uint32_t relation) {
  std::vector<std::string> out;
  const std::uint32_t arity = program.relations[relation].arity();
  for (std::uint32_t c = 0; c < std::max(arity, 1u); ++c) out.push_back(column_name(program, relation, c));
  return out;
}

// A rule as the program wrote it (in DNF), for the comment above its statement.
std::string rule_comment(const sem::Program& program, const sem::Rule& rule) {
  std::string text = sem::atom_text(program, rule.head, rule.head_args, rule.slots);
  if (!rule.body.empty()) {
    std::vector<std::string> literals;
    for (const auto& l : rule.body) literals.push_back(sem::to_string(program, l, rule.slots));
    text += " :- " + join(literals, ", ");
  }
  text += ".";
  // Slots print as x#0; the comment is for people.
  std::string clean;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) ++i;
      continue;
    }
    clean += text[i] == '\n' ? ' ' : text[i];
  }
  return program.sources.file_line(rule.loc) + ": " + clean;
}

class Compiler {
 public:
  Compiler(const sem::Program& program, const plan::ProgramPlan& plan, const ScriptOptions& options)
      : program_(program), plan_(plan), options_(options), names_{program, {}} {}

  Script run() {
    read_by_rules_.assign(program_.relations.size(), false);
    for (const auto& rule : program_.rules) mark_read(rule.body);
    setup();
    load();
    indexes();
    for (std::size_t s = 0; s < program_.strata.size(); ++s) stratum(s);
    return std::move(script_);
  }

 private:
  void setup() {
    if (options_.schema) {
      add(script_.setup, fmt::format("CREATE SCHEMA IF NOT EXISTS {}", quote_identifier(*options_.schema)),
          "the schema of this program's tables");
      add(script_.setup, fmt::format("SET search_path TO {}, public", quote_identifier(*options_.schema)), "");
    }
    bool first = true;
    for (auto& f : helper_functions()) {
      add(script_.setup, std::move(f), first ? "helper functions: where PostgreSQL's operators differ from kzrules's" : "");
      first = false;
    }
    for (std::uint32_t r = 0; r < program_.relations.size(); ++r) {
      const auto& relation = program_.relations[r];
      std::vector<std::string> columns;
      for (std::uint32_t c = 0; c < relation.arity(); ++c)
        columns.push_back(fmt::format("{} {} NOT NULL", column_name(program_, r, c),
                                      column_type(relation.attributes[c].kind)));
      if (columns.empty()) columns.push_back(column_name(program_, r, 0) + " boolean NOT NULL");  // nullary
      const std::string table = table_name(program_, r);
      add(script_.setup, fmt::format("DROP TABLE IF EXISTS {} CASCADE", table), "relation " + relation.name);
      add(script_.setup,
          fmt::format("CREATE {}TABLE {} ({})", options_.unlogged ? "UNLOGGED " : "", table, join(columns, ", ")), "");
      if (!recursive_relation(r)) continue;
      // A recursive relation's last round (delta) and this round's new rows, for the loop.
      for (const std::string& part : {names_.delta(r), names_.fresh(r)}) {
        add(script_.setup, fmt::format("DROP TABLE IF EXISTS pg_temp.{}", part), "");
        add(script_.setup, fmt::format("CREATE TEMPORARY TABLE {} (LIKE {})", part, table), "");
      }
    }
  }

  bool recursive_relation(std::uint32_t r) const {
    for (const auto& s : program_.strata)
      if (s.recursive && std::find(s.relations.begin(), s.relations.end(), r) != s.relations.end()) return true;
    return false;
  }

  void load() {
    for (std::uint32_t r = 0; r < program_.relations.size(); ++r) {
      const auto& relation = program_.relations[r];
      if (!relation.input) continue;
      script_.loaded.push_back(r);
      if (!options_.fact_dir) continue;
      for (const auto* spec : relation.inputs()) copy_from_file(r, *spec);
    }
  }

  // `\copy` of one `.input`'s file into the relation's table.
  void copy_from_file(std::uint32_t r, const sem::IoSpec& spec) {
    const auto& relation = program_.relations[r];
    {
      const io::Format format = io::format_of(spec);
      std::vector<std::string> copy_options;
      copy_options.push_back("FORMAT csv");
      const std::string delimiter = format.delimiter.substr(0, 1);
      copy_options.push_back("DELIMITER " + (delimiter == "\t" ? std::string("E'\\t'") : quote_literal(delimiter)));
      // kzrules's own files quote nothing: a quote character no text holds.
      copy_options.push_back(format.rfc4180 ? "QUOTE '\"'" : "QUOTE E'\\x01'");
      copy_options.push_back("NULL E'\\x02'");
      if (format.headers) copy_options.push_back("HEADER true");
      const std::string path = io::input_path(relation, spec, *options_.fact_dir).string();
      Statement s;
      s.text = fmt::format("\\copy {} FROM {} WITH ({})", table_name(program_, r), quote_literal(path),
                           join(copy_options, ", "));
      s.comment = "input " + relation.name;
      script_.load.push_back(std::move(s));
    }
  }

  // A relation's unique index (its rows are a set; it answers every lookup on a prefix
  // of its columns) and the other lookups the plan makes, each made once.
  void index_relation(std::vector<Statement>& list, std::uint32_t r, bool unique, const char* comment) {
    const std::string table = table_name(program_, r);
    if (unique && unique_indexed_.insert(r).second)
      add(list, fmt::format("CREATE UNIQUE INDEX ON {} ({})", table, join(all_columns(program_, r), ", ")), comment);
    if (!lookups_made_.insert(r).second || r >= plan_.indexes.by_relation.size()) return;
    std::set<std::vector<std::uint32_t>> made;
    for (const auto& key : plan_.indexes.by_relation[r]) {
      // A prefix of the columns is the unique index's lookup, when it has one.
      bool prefix = unique_indexed_.count(r) > 0;
      for (std::size_t k = 0; k < key.size(); ++k) prefix = prefix && key[k] == k;
      if (key.empty() || prefix || !made.insert(key).second) continue;
      std::vector<std::string> names;
      for (auto c : key) names.push_back(column_name(program_, r, c));
      add(list, fmt::format("CREATE INDEX ON {} ({})", table, join(names, ", ")), "");
    }
  }

  // Relations no rule derives (and inputs) are indexed once their rows are in; derived
  // relations after their stratum, when one bulk build is cheaper than keeping an index
  // up to date row by row.
  void indexes() {
    bool first = true;
    for (std::uint32_t r = 0; r < program_.relations.size(); ++r) {
      if (has_rules(r) && !program_.relations[r].input) continue;
      // Its rows are a set already (kzrules or the file made them one): lookups only.
      index_relation(script_.indexes, r, false,
                     first ? "indexes: the lookups the plan makes" : "");
      first = false;
      add(script_.indexes, fmt::format("ANALYZE {}", table_name(program_, r)), "");
    }
  }

  // A value for column `c` of `relation`, with exactly the column's type and collation, so
  // that every branch of a UNION or recursive query agrees with the table.
  std::string typed(std::uint32_t relation, std::size_t c, const std::string& value) const {
    return typed_value(program_.relations[relation].attributes[c].kind, value);
  }

  bool preloaded(std::uint32_t relation) const {
    if (relation < options_.preloaded.size()) return options_.preloaded[relation];
    return program_.relations[relation].input.has_value();
  }

  // A block that replaces `relation`'s table with one made from `query` (every row the
  // relation ends with): CREATE TABLE AS writes in bulk, where INSERT goes row by row,
  // and needs no anti-join. The query starts on line 5 of the block.
  std::string replacement(std::uint32_t relation, const std::string& query, bool limited) {
    const std::string table = table_name(program_, relation);
    const std::string next = suffixed_table(program_, relation, "$next");
    const auto columns = all_columns(program_, relation);
    std::vector<std::string> lines = {
        "DO $kz$", "DECLARE", "  added bigint;", "BEGIN",
        fmt::format("  CREATE {}TABLE {} ({}) AS\n  {};", options_.unlogged ? "UNLOGGED " : "", next,
                    join(columns, ", "), query),
        "  GET DIAGNOSTICS added = ROW_COUNT;"};
    if (limited) {
      lines.push_back(fmt::format("  IF added > {} THEN", options_.max_tuples));
      lines.push_back(fmt::format("    RAISE EXCEPTION 'resource limit: more than {} tuples derived' USING ERRCODE = '{}';",
                                  options_.max_tuples, tuple_limit_state));
      lines.push_back("  END IF;");
    }
    lines.push_back(fmt::format("  DROP TABLE {};", table));
    lines.push_back(fmt::format("  ALTER TABLE {} RENAME TO {};", next, table));
    if (!options_.unlogged) {  // a table that is kept says what it holds
      std::vector<std::string> not_null;
      for (const auto& c : columns) not_null.push_back("ALTER COLUMN " + c + " SET NOT NULL");
      lines.push_back(fmt::format("  ALTER TABLE {} {};", table, join(not_null, ", ")));
    }
    lines.push_back("END");
    lines.push_back("$kz$");
    // The new table has no index yet.
    unique_indexed_.erase(relation);
    lookups_made_.erase(relation);
    return join(lines, "\n");
  }

  // SELECT DISTINCT of one rule version's head, from its planned body; a delta scan reads
  // `delta_table` when given (the recursive CTE's own name).
  std::string rule_select(const plan::RulePlan& rp, const std::string& delta_table = {}) const {
    const sem::Rule& rule = program_.rules[rp.rule];
    TableNames names = names_;
    names.delta_override = delta_table;
    BodyTranslator body(program_, names, rule.slots.size());
    body.add(rp.ops);
    std::vector<std::string> head;
    for (std::size_t c = 0; c < rule.head_args.size(); ++c)
      head.push_back(fmt::format("{} AS c{}", typed(rule.head, c, body.expression(rule.head_args[c])), c));
    if (head.empty()) head.push_back("true AS c0");
    // In a recursive query, UNION removes duplicates already.
    return body.select(head, delta_table.empty());
  }

  // The facts of one relation, written in the program, as one multi-row VALUES.
  std::string facts_values(const std::vector<const plan::RulePlan*>& facts) const {
    std::vector<std::string> rows;
    for (const auto* rp : facts) {
      const sem::Rule& rule = program_.rules[rp->rule];
      BodyTranslator empty(program_, names_, rule.slots.size());
      std::vector<std::string> values;
      for (std::size_t c = 0; c < rule.head_args.size(); ++c)
        values.push_back(typed(rule.head, c, empty.expression(rule.head_args[c])));
      if (values.empty()) values.push_back("true");
      rows.push_back("(" + join(values, ", ") + ")");
    }
    return "VALUES " + join(rows, ",\n       ");
  }

  // What the initial rules of a stratum derive, each a SELECT with its origin and
  // comment: the facts written in the program grouped by relation, then each rule.
  struct Part {
    std::uint32_t head = 0;
    std::string select;
    Loc origin;
    std::string comment;
  };
  std::vector<Part> initial_parts(const plan::StratumPlan& sp) const {
    std::vector<Part> out;
    std::vector<std::pair<std::uint32_t, std::vector<const plan::RulePlan*>>> facts;
    for (const auto& rp : sp.initial) {
      const sem::Rule& rule = program_.rules[rp.rule];
      if (!rule.is_fact()) continue;
      auto it = std::find_if(facts.begin(), facts.end(), [&](auto& f) { return f.first == rule.head; });
      if (it == facts.end()) it = facts.insert(facts.end(), {rule.head, {}});
      it->second.push_back(&rp);
    }
    for (const auto& [relation, group] : facts)
      out.push_back({relation, "SELECT DISTINCT * FROM (" + facts_values(group) + ") AS v",
                     program_.rules[group.front()->rule].loc,
                     fmt::format("{} fact{} of {} written in the program", group.size(), group.size() == 1 ? "" : "s",
                                 program_.relations[relation].name)});
    for (const auto& rp : sp.initial) {
      const sem::Rule& rule = program_.rules[rp.rule];
      if (rule.is_fact()) continue;
      out.push_back({rule.head, rule_select(rp), rule.loc, rule_comment(program_, rule)});
    }
    return out;
  }

  // `relation` = `relation` ∪ rows of `select` (a SELECT DISTINCT), new rows only: an
  // anti-join, so the table needs no index while it fills.
  std::string insert_new(std::uint32_t relation, const std::string& select) const {
    std::vector<std::string> names, same;
    const auto columns = all_columns(program_, relation);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      names.push_back(fmt::format("c{}", c));
      same.push_back(fmt::format("o.{} = u.c{}", columns[c], c));
    }
    return fmt::format("INSERT INTO {0} SELECT * FROM ({1}) AS u({2})\n  WHERE NOT EXISTS (SELECT 1 FROM {0} AS o WHERE {3})",
                       table_name(program_, relation), select, join(names, ", "), join(same, " AND "));
  }

  void stratum(std::size_t index) {
    const sem::Stratum& stratum = program_.strata[index];
    const plan::StratumPlan& sp = plan_.strata[index];
    if (sp.initial.empty() && sp.delta.empty()) return;
    if (!stratum.recursive) {
      const auto parts = initial_parts(sp);
      for (auto r : stratum.relations) {
        Statement s;
        std::vector<std::string> branches, comments;
        if (preloaded(r)) branches.push_back("SELECT * FROM " + table_name(program_, r));
        for (const auto& part : parts) {
          if (part.head != r) continue;
          branches.push_back(part.select);
          comments.push_back(part.comment);
          // The fallback: a rule at a time, so that a failure names its rule.
          Statement one;
          one.text = insert_new(part.head, part.select);
          one.origin = part.origin;
          s.fallback.push_back(std::move(one));
        }
        if (s.fallback.empty()) continue;
        if (options_.plain_statements) {  // the table stays; each rule inserts what is new
          for (std::size_t k = 0; k < s.fallback.size(); ++k) {
            s.fallback[k].comment = comments[k];
            script_.strata.push_back(std::move(s.fallback[k]));
          }
          continue;
        }
        s.comment = join(comments, "\n-- ");
        s.origin = s.fallback.front().origin;
        if (s.fallback.size() == 1) s.block_lines.emplace_back(5, *s.origin);
        // One rule's SELECT DISTINCT is a set; several are made one by UNION.
        s.text = replacement(r, join(branches, "\n  UNION\n  "), false);
        script_.strata.push_back(std::move(s));
      }
    } else if (!options_.plain_statements && stratum.relations.size() == 1 && sp.delta.size() == 1) {
      script_.strata.push_back(recursive_query(stratum, sp));
    } else {
      for (auto r : stratum.relations) index_relation(script_.strata, r, true, "");
      script_.strata.push_back(recursive_block(stratum, sp));
    }
    // What later strata read of it, they find by its lookup indexes and plan with its
    // statistics; a relation no rule reads needs neither.
    for (auto r : stratum.relations) {
      if (!has_rules(r) || !read_by_rules_[r]) continue;
      index_relation(script_.strata, r, false, "");
      add(script_.strata, fmt::format("ANALYZE {}", table_name(program_, r)), "");
    }
  }

  void mark_read(const std::vector<sem::Literal>& body) {
    for (const auto& l : body) {
      if (l.type == sem::Literal::Type::atom || l.type == sem::Literal::Type::negation) read_by_rules_[l.relation] = true;
      if (l.aggregate) mark_read(l.aggregate->body);
    }
  }

  bool has_rules(std::uint32_t relation) const {
    return std::any_of(program_.rules.begin(), program_.rules.end(), [&](const sem::Rule& r) { return r.head == relation; });
  }

  // One relation whose one recursive rule reads it once (a closure, same generation):
  // PostgreSQL's own WITH RECURSIVE is that semi-naive loop, deduplicating in memory.
  // Should the server reject it, the same stratum as a PL/pgSQL loop (the fallback)
  // names the rule to blame.
  Statement recursive_query(const sem::Stratum& stratum, const plan::StratumPlan& sp) {
    const std::uint32_t r = stratum.relations.front();
    const std::string table = table_name(program_, r);
    const std::string own = suffixed_table(program_, r, "$rec");
    std::vector<std::string> branches, comments;
    if (preloaded(r)) branches.push_back("SELECT * FROM " + table);
    for (const auto& part : initial_parts(sp)) {
      branches.push_back(part.select);
      comments.push_back(part.comment);
    }
    const plan::RulePlan& step = sp.delta.front();
    comments.push_back(rule_comment(program_, program_.rules[step.rule]) + " (round after round)");
    Statement s;
    s.comment = "recursive stratum " + program_.relations[r].name + ", as a recursive query:\n-- " + join(comments, "\n-- ");
    // The query holds the table's old rows too (its first branch, when it may have any),
    // and makes the new table. PostgreSQL runs a recursive query only as far as its
    // reader asks: the LIMIT stops a recursion that never ends at the tuple limit.
    const std::string query =
        fmt::format("WITH RECURSIVE {0}({1}) AS (\n      {2}\n    UNION\n      {3}\n  )\n  SELECT * FROM {0} LIMIT {4}",
                    own, join(all_columns(program_, r), ", "), join(branches, "\n    UNION\n      "),
                    rule_select(step, own), options_.max_tuples + 1);
    // The fallback below starts from the old table: build it before replacing.
    std::vector<Statement> fallback;
    Statement index;
    index.text = fmt::format("CREATE UNIQUE INDEX ON {} ({})", table, join(all_columns(program_, r), ", "));
    fallback.push_back(std::move(index));
    fallback.push_back(recursive_block(stratum, sp));
    s.text = replacement(r, query, true);
    s.block_lines.emplace_back(5, program_.rules[step.rule].loc);  // the query: line 5 of the block as the server counts
    s.origin = program_.rules[step.rule].loc;
    // The fallback: the loop, with the index it needs; the loop's lines name rules.
    s.fallback = std::move(fallback);
    return s;
  }

  // The semi-naive loop of one recursive stratum, as one PL/pgSQL block. Its relations
  // have their unique index already: a new row is one that index lets in.
  Statement recursive_block(const sem::Stratum& stratum, const plan::StratumPlan& sp) const {
    Statement block;
    std::vector<std::string> names;
    for (auto r : stratum.relations) names.push_back(program_.relations[r].name);
    block.comment = "recursive stratum: " + join(names, ", ");
    std::vector<std::string> lines;  // the body; the server counts its lines from 2
    auto line = [&](int depth, const std::string& text) {
      // A statement may span lines: each counts.
      std::size_t start = 0;
      for (;;) {
        const auto nl = text.find('\n', start);
        lines.push_back(std::string(static_cast<std::size_t>(depth) * 2, ' ') + text.substr(start, nl - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
    };
    auto statement = [&](int depth, const std::string& comment, const Loc& origin, const std::string& text) {
      if (!comment.empty()) line(depth, "-- " + comment);
      block.block_lines.emplace_back(static_cast<int>(lines.size()) + 2, origin);
      line(depth, text + ";");
    };
    line(0, "DECLARE");
    line(1, "added bigint;");
    line(1, "round_added bigint;");
    line(1, "derived bigint := 0;");
    line(0, "BEGIN");
    for (const auto& part : initial_parts(sp))
      statement(1, part.comment, part.origin,
                fmt::format("INSERT INTO {} {} ON CONFLICT DO NOTHING", table_name(program_, part.head), part.select));
    for (auto r : stratum.relations) {
      line(1, fmt::format("TRUNCATE {};", names_.delta(r)));
      line(1, fmt::format("INSERT INTO {} SELECT * FROM {};", names_.delta(r), table_name(program_, r)));
      line(1, fmt::format("ANALYZE {};", table_name(program_, r)));
    }
    line(1, "LOOP");
    line(2, "round_added := 0;");
    for (const auto& rp : sp.delta) {
      const sem::Rule& rule = program_.rules[rp.rule];
      const std::uint32_t head = rule.head;
      // Into the full table; what the unique index lets in is new, and goes on to the
      // next round's delta. No anti-join over the whole relation: each candidate is one
      // index probe, as in process.
      statement(2,
                fmt::format("{} (new rows of {})", rule_comment(program_, rule),
                            program_.relations[rp.delta_relation].name),
                rule.loc,
                fmt::format("WITH fresh AS (INSERT INTO {} {}\n    ON CONFLICT DO NOTHING RETURNING *)\n  INSERT INTO {} SELECT * FROM fresh",
                            table_name(program_, head), rule_select(rp), names_.fresh(head)));
      line(2, "GET DIAGNOSTICS added = ROW_COUNT;");
      line(2, "round_added := round_added + added;");
    }
    line(2, "EXIT WHEN round_added = 0;");
    line(2, "derived := derived + round_added;");
    line(2, fmt::format("IF derived > {} THEN", options_.max_tuples));
    line(3, fmt::format("RAISE EXCEPTION 'resource limit: more than {} tuples derived' USING ERRCODE = '{}';",
                        options_.max_tuples, tuple_limit_state));
    line(2, "END IF;");
    for (auto r : stratum.relations) {
      line(2, fmt::format("TRUNCATE {};", names_.delta(r)));
      line(2, fmt::format("INSERT INTO {} SELECT * FROM {};", names_.delta(r), names_.fresh(r)));
      line(2, fmt::format("TRUNCATE {};", names_.fresh(r)));
    }
    line(1, "END LOOP;");
    for (auto r : stratum.relations) line(1, fmt::format("TRUNCATE {}, {};", names_.delta(r), names_.fresh(r)));
    line(0, "END");
    block.text = "DO $kz$\n" + join(lines, "\n") + "\n$kz$";
    return block;
  }

  static void add(std::vector<Statement>& list, std::string text, std::string comment) {
    Statement s;
    s.text = std::move(text);
    s.comment = std::move(comment);
    list.push_back(std::move(s));
  }

  const sem::Program& program_;
  const plan::ProgramPlan& plan_;
  const ScriptOptions& options_;
  TableNames names_;
  Script script_;
  std::set<std::uint32_t> unique_indexed_, lookups_made_;
  std::vector<bool> read_by_rules_;  // by relation: some rule's body reads it
};

}  // namespace

namespace {

// SQL quotes by doubling the quote character inside.
std::string quoted(const std::string& text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}

}  // namespace

std::string quote_identifier(const std::string& name) { return quoted(name, '"'); }

std::string quote_literal(const std::string& text) { return quoted(text, '\''); }

std::string table_name(const sem::Program& program, std::uint32_t relation) {
  return quote_identifier(fit_identifier(program.relations.at(relation).name));
}

std::string column_name(const sem::Program& program, std::uint32_t relation, std::uint32_t attribute) {
  const auto& r = program.relations.at(relation);
  if (r.arity() == 0) return "kz_unit";
  if (unique_attribute_names(r)) return quote_identifier(fit_identifier(r.attributes.at(attribute).name));
  return fmt::format("c{}", attribute);
}

const char* column_type(Kind kind) noexcept {
  switch (kind) {
    case Kind::number:
    case Kind::unsigned_number: return "bigint";
    case Kind::float_number: return "double precision";
    case Kind::symbol: return "text COLLATE \"C\"";
  }
  return "text";
}

Script compile(const sem::Program& program, const plan::ProgramPlan& plan, const ScriptOptions& options) {
  // PostgreSQL's bigint arithmetic stops on overflow; wrapping it would take a
  // rewrite of every operator.
  if (program.wrap_integers)
    throw_bad_input(ErrorCode::backend_unsupported,
                    "--wrap-integers has no SQL translation (PostgreSQL's integers stop on overflow): run this "
                    "program without --backend");
  return Compiler(program, plan, options).run();
}

std::string render(const sem::Program& program, const Script& script) {
  (void)program;
  std::string out;
  out += "-- Generated by kzrules sql. Run with: psql -v ON_ERROR_STOP=1 -f THIS_FILE\n";
  out += "\\set ON_ERROR_STOP on\n";
  out += "-- One transaction: a failure leaves the tables as they were.\n";
  out += "BEGIN;\n";
  out += "SET LOCAL client_min_messages = warning;\n";
  out += "-- Recursive queries keep every row in one hash table: room for it in memory.\n";
  out += "DO $kz$ BEGIN IF pg_size_bytes(current_setting('work_mem')) < pg_size_bytes('256MB') THEN "
         "SET LOCAL work_mem = '256MB'; END IF; END $kz$;\n";
  auto section = [&](const char* title, const std::vector<Statement>& list) {
    if (list.empty()) return;
    out += fmt::format("\n-- ==== {} ====\n", title);
    for (const auto& s : list) {
      if (!s.comment.empty()) out += "-- " + s.comment + "\n";
      out += s.text;
      if (s.text.rfind("\\", 0) != 0) out += ";";  // psql's backslash commands end at the line
      out += "\n";
    }
  };
  section("tables", script.setup);
  section("inputs", script.load);
  section("indexes", script.indexes);
  section("strata", script.strata);
  out += "\nCOMMIT;\n";
  return out;
}

}  // namespace kz::sql
