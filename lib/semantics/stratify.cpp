// Stratification: the precedence graph of relations, its strongly connected components in
// dependency order, and the check that no negation or aggregate runs through a cycle.
#include <algorithm>
#include <deque>

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "semantics/lower.hpp"

namespace kz::sem {

namespace {

struct Edge {
  std::uint32_t to;  // the body relation the head depends on
  bool strict;       // through negation or an aggregate
  const Literal* literal;
};

using Graph = std::vector<std::vector<Edge>>;

void add_edges(Graph& graph, std::uint32_t head, const std::vector<Literal>& body, bool inside_aggregate) {
  for (const auto& l : body) {
    if (l.type == Literal::Type::atom) graph[head].push_back({l.relation, inside_aggregate, &l});
    if (l.type == Literal::Type::negation) graph[head].push_back({l.relation, true, &l});
    if (l.type == Literal::Type::aggregate) add_edges(graph, head, l.aggregate->body, true);
  }
}

// Head -> body edges, one per body atom of every rule.
Graph precedence_graph(const Program& program) {
  Graph graph(program.relations.size());
  for (const auto& rule : program.rules) add_edges(graph, rule.head, rule.body, false);
  return graph;
}

struct Components {
  std::vector<std::vector<std::uint32_t>> members;  // dependencies first, each sorted
  std::vector<int> of;                              // a relation's component
};

// Tarjan's algorithm; with head -> body edges it emits dependencies first. Iterative: a
// chain of tens of thousands of rules (r1 :- r2. r2 :- r3. ...) must not overflow the stack.
Components strongly_connected_components(const Graph& graph) {
  const auto n = static_cast<std::uint32_t>(graph.size());
  Components out;
  out.of.assign(n, -1);
  std::vector<int> index(n, -1), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::uint32_t> stack;
  int counter = 0;
  std::vector<std::pair<std::uint32_t, std::size_t>> calls;  // a vertex, its next edge to follow
  auto enter = [&](std::uint32_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    calls.emplace_back(v, 0);
  };
  auto pop_component = [&](std::uint32_t v) {
    std::vector<std::uint32_t> members;
    std::uint32_t w;
    do {
      w = stack.back();
      stack.pop_back();
      on_stack[w] = false;
      out.of[w] = static_cast<int>(out.members.size());
      members.push_back(w);
    } while (w != v);
    std::sort(members.begin(), members.end());
    out.members.push_back(std::move(members));
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
      if (low[v] == index[v]) pop_component(v);
    }
  }
  return out;
}

// The relations on the way from `head` through `e` back to `head` (head first and last),
// found breadth-first inside their component, for the message.
std::vector<std::string> cycle_through(const Program& program, const Graph& graph,
                                       const Components& components, std::uint32_t head, const Edge& e) {
  const auto& component = components.of;
  std::vector<int> parent(graph.size(), -2);
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
  return path;
}

Diagnostic cycle_error(const Program& program, std::uint32_t head, const Edge& e,
                       const std::vector<std::string>& path) {
  const bool negation = e.literal->type == Literal::Type::negation;
  Diagnostic d = coded_error(
      ErrorCode::unstratifiable,
      fmt::format("'{}' depends on itself through {}: the program cannot be stratified (cycle: {})",
                  program.relations[head].name,
                  negation ? fmt::format("the negation of '{}'", program.relations[e.to].name)
                           : fmt::format("an aggregate over '{}'", program.relations[e.to].name),
                  fmt::join(path, " -> ")),
      program.sources.locate(e.literal->loc));
  Diagnostic note;
  note.severity = Severity::note;
  note.message = fmt::format("'{}' is declared here", program.relations[head].name);
  note.where = program.sources.locate(program.relations[head].loc);
  d.notes.push_back(std::move(note));
  return d;
}

// Reports each negation or aggregate inside a cycle; false when there is one.
bool check_strict_edges(const Program& program, const Graph& graph, const Components& components,
                        std::vector<Diagnostic>& diagnostics) {
  bool ok = true;
  for (std::uint32_t head = 0; head < graph.size(); ++head) {
    for (const auto& e : graph[head]) {
      if (!e.strict || components.of[e.to] != components.of[head]) continue;
      diagnostics.push_back(cycle_error(program, head, e, cycle_through(program, graph, components, head, e)));
      ok = false;
      if (diagnostics.size() > 50) return false;
    }
  }
  return ok;
}

// One stratum per component, in dependency order, with the rules whose head it holds.
void assign_strata(Program& program, const Graph& graph, const Components& components) {
  program.strata.clear();
  std::vector<int> stratum_of(graph.size(), -1);
  for (const auto& members : components.members) {
    Stratum s;
    s.relations = members;
    for (auto r : members) {
      stratum_of[r] = static_cast<int>(program.strata.size());
      for (const auto& e : graph[r])
        if (components.of[e.to] == components.of[r]) s.recursive = true;
    }
    program.strata.push_back(std::move(s));
  }
  for (const auto& rule : program.rules)
    program.strata[static_cast<std::size_t>(stratum_of[rule.head])].rules.push_back(rule.id);
}

}  // namespace

bool stratify(Program& program, std::vector<Diagnostic>& diagnostics) {
  const Graph graph = precedence_graph(program);
  const Components components = strongly_connected_components(graph);
  if (!check_strict_edges(program, graph, components, diagnostics)) return false;
  assign_strata(program, graph, components);
  return true;
}

}  // namespace kz::sem
