// Stratification: the precedence graph of relations, its strongly connected components in
// dependency order, and the check that no negation or aggregate runs through a cycle.
#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "semantics/lower.hpp"

namespace kz::sem {

namespace {

struct Edge {
  std::uint32_t to;  // the body relation the head depends on
  bool strict;       // through negation or an aggregate
  const Literal* literal;
};

void add_edges(std::vector<std::vector<Edge>>& graph, std::uint32_t head,
               const std::vector<Literal>& body, bool inside_aggregate) {
  for (const auto& l : body) {
    if (l.type == Literal::Type::atom) graph[head].push_back({l.relation, inside_aggregate, &l});
    if (l.type == Literal::Type::negation) graph[head].push_back({l.relation, true, &l});
    if (l.type == Literal::Type::aggregate) add_edges(graph, head, l.aggregate->body, true);
  }
}

}  // namespace

bool stratify(Program& program, std::vector<Diagnostic>& diagnostics) {
  const auto n = static_cast<std::uint32_t>(program.relations.size());
  std::vector<std::vector<Edge>> graph(n);
  for (const auto& rule : program.rules) add_edges(graph, rule.head, rule.body, false);

  // Tarjan's algorithm; with head -> body edges it emits dependencies first. Iterative: a
  // chain of tens of thousands of rules (r1 :- r2. r2 :- r3. ...) must not overflow the stack.
  std::vector<int> index(n, -1), low(n, 0), component(n, -1);
  std::vector<bool> on_stack(n, false);
  std::vector<std::uint32_t> stack;
  std::vector<std::vector<std::uint32_t>> components;
  int counter = 0;
  std::vector<std::pair<std::uint32_t, std::size_t>> calls;  // a vertex, its next edge to follow
  auto enter = [&](std::uint32_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    calls.emplace_back(v, 0);
  };
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    enter(root);
    while (!calls.empty()) {
      const std::uint32_t v = calls.back().first;
      const std::size_t next = calls.back().second;
      if (next < graph[v].size()) {
        ++calls.back().second;
        const std::uint32_t to = graph[v][next].to;
        if (index[to] < 0) {
          enter(to);
        } else if (on_stack[to]) {
          low[v] = std::min(low[v], index[to]);
        }
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) {
        const std::uint32_t parent = calls.back().first;
        low[parent] = std::min(low[parent], low[v]);
      }
      if (low[v] == index[v]) {
        std::vector<std::uint32_t> members;
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component[w] = static_cast<int>(components.size());
          members.push_back(w);
        } while (w != v);
        std::sort(members.begin(), members.end());
        components.push_back(std::move(members));
      }
    }
  }

  bool ok = true;
  for (std::uint32_t head = 0; head < n; ++head) {
    for (const auto& e : graph[head]) {
      if (!e.strict || component[e.to] != component[head]) continue;
      // Find the way back from the body relation to the head, for the message.
      std::vector<int> parent(n, -2);
      std::deque<std::uint32_t> queue{e.to};
      parent[e.to] = -1;
      while (!queue.empty() && parent[head] == -2) {
        std::uint32_t v = queue.front();
        queue.pop_front();
        for (const auto& f : graph[v])
          if (component[f.to] == component[head] && parent[f.to] == -2) {
            parent[f.to] = static_cast<int>(v);
            queue.push_back(f.to);
          }
      }
      std::vector<std::string> chain;  // head, ..., the body relation
      for (int v = static_cast<int>(head); v >= 0; v = parent[static_cast<std::size_t>(v)])
        chain.push_back(program.relations[static_cast<std::size_t>(v)].name);
      std::vector<std::string> path{program.relations[head].name};
      path.insert(path.end(), chain.rbegin(), chain.rend());
      const bool negation = e.literal->type == Literal::Type::negation;
      Diagnostic d;
      d.message = fmt::format("'{}' depends on itself through {}: the program cannot be stratified "
                              "(cycle: {})",
                              program.relations[head].name,
                              negation ? fmt::format("the negation of '{}'", program.relations[e.to].name)
                                       : fmt::format("an aggregate over '{}'", program.relations[e.to].name),
                              fmt::join(path, " -> "));
      d.where = program.sources.locate(e.literal->loc);
      Diagnostic note;
      note.severity = Severity::note;
      note.message = fmt::format("'{}' is declared here", program.relations[head].name);
      note.where = program.sources.locate(program.relations[head].loc);
      d.notes.push_back(std::move(note));
      diagnostics.push_back(std::move(d));
      ok = false;
      if (diagnostics.size() > 50) return false;
    }
  }
  if (!ok) return false;

  program.strata.clear();
  std::vector<int> stratum_of(n, -1);
  for (const auto& members : components) {
    Stratum s;
    s.relations = members;
    for (auto r : members) {
      stratum_of[r] = static_cast<int>(program.strata.size());
      for (const auto& e : graph[r])
        if (component[e.to] == component[r]) s.recursive = true;
    }
    program.strata.push_back(std::move(s));
  }
  for (const auto& rule : program.rules)
    program.strata[static_cast<std::size_t>(stratum_of[rule.head])].rules.push_back(rule.id);
  return true;
}

}  // namespace kz::sem
