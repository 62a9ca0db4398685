// Lowering the declarations, which come before any rule: .type (resolved to one of the
// four kinds), .decl, .param (with the --param overrides) and the IO directives.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "core/words.hpp"
#include "semantics/lowerer.hpp"

namespace kz::sem::lowering {

namespace {

// Reads the --param text of a numeric parameter into `word`; false when the text is not
// a number of that kind. An integer parameter also takes a whole float (2.0).
bool parse_numeric_override(Kind kind, const std::string& text, std::uint64_t& word) {
  switch (kind) {
    case Kind::float_number: {
      char* end = nullptr;
      double d = std::strtod(text.c_str(), &end);
      word = float_to_word(d);
      return !text.empty() && end && *end == '\0';
    }
    case Kind::number: {
      std::int64_t v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      bool ok = r.ec == std::errc() && r.ptr == text.data() + text.size();
      if (!ok) {  // allow 2.5 for an integer parameter only when it is whole
        char* end = nullptr;
        double d = std::strtod(text.c_str(), &end);
        if (!text.empty() && end && *end == '\0' && d == std::floor(d)) {
          v = static_cast<std::int64_t>(d);
          ok = true;
        }
      }
      word = static_cast<std::uint64_t>(v);
      return ok;
    }
    case Kind::unsigned_number: {
      std::uint64_t v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      word = v;
      return r.ec == std::errc() && r.ptr == text.data() + text.size();
    }
    case Kind::symbol: break;
  }
  return false;
}

}  // namespace

// ---- types ---------------------------------------------------------------------------
void Lowerer::declare_type(const ast::TypeDecl& t) {
  const std::string& name = t.name.name;
  if (types_.count(name) || type_decls_.count(name)) {
    auto& d = error(loc(t.name), ErrorCode::declared_twice,
                    fmt::format("type '{}' is declared twice", name));
    if (auto it = type_decls_.find(name); it != type_decls_.end())
      note(d, it->second.loc, "first declared here");
    return;
  }
  type_decls_[name] = TypeEntry{t.relation, t.bases, loc(t.name)};
}

std::optional<Kind> Lowerer::resolve_type(const std::string& name, std::vector<std::string>& stack) {
  if (auto it = types_.find(name); it != types_.end()) return it->second;
  auto it = type_decls_.find(name);
  if (it == type_decls_.end()) return std::nullopt;
  if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
    error(it->second.loc, ErrorCode::unknown_type,
          fmt::format("type '{}' is defined in terms of itself", name));
    types_[name] = Kind::symbol;
    return Kind::symbol;
  }
  stack.push_back(name);
  std::optional<Kind> kind;
  for (const auto& base : it->second.bases) {
    auto k = resolve_type(base.name, stack);
    if (!k) {
      error(loc(base), ErrorCode::unknown_type, fmt::format("unknown type '{}'", base.name));
      k = Kind::symbol;
    }
    if (kind && *kind != *k) {
      error(loc(base), ErrorCode::unknown_type,
            fmt::format("union type '{}' mixes {} and {}", name, kind_name(*kind), kind_name(*k)));
    }
    kind = k;
  }
  stack.pop_back();
  types_[name] = kind.value_or(Kind::symbol);
  return types_[name];
}

void Lowerer::resolve_types() {
  for (const auto& [name, entry] : type_decls_) {
    std::vector<std::string> stack;
    resolve_type(name, stack);
  }
}

// ---- relations -----------------------------------------------------------------------
// `.decl a, b(x: number)` declares each name alike.
void Lowerer::declare_relation(const ast::RelationDecl& d) {
  for (const auto& name : d.names) declare_relation(d, name);
}

void Lowerer::declare_relation(const ast::RelationDecl& d, const ast::Identifier& declared) {
  const std::string& name = declared.name;
  if (auto existing = prog_.find_relation(name)) {
    auto& e = error(loc(declared), ErrorCode::declared_twice,
                    fmt::format("relation '{}' is declared twice", name));
    note(e, prog_.relations[*existing].loc, "first declared here");
    return;
  }
  Relation r;
  r.name = name;
  r.loc = loc(declared);
  std::unordered_set<std::string> seen;
  for (const auto& a : d.attributes) {
    if (aggregate_named(a.name.name))
      error(loc(a.name), ErrorCode::bad_attribute_name,
            fmt::format("attribute '{}' is named like an aggregate", a.name.name));
    if (!seen.insert(a.name.name).second)
      error(loc(a.name), ErrorCode::bad_attribute_name,
            fmt::format("attribute '{}' appears twice in '{}'", a.name.name, name));
    auto it = types_.find(a.type.name);
    if (it == types_.end()) {
      error(loc(a.type), ErrorCode::unknown_type,
            fmt::format("unknown type '{}' (expected number, unsigned, float, "
                        "symbol or a .type name)", a.type.name));
      continue;
    }
    r.attributes.push_back(Attribute{a.name.name, it->second, a.type.name});
  }
  for (const auto& q : d.qualifiers) {
    if (q.name == "input") r.input = IoSpec{{}, loc(q)};
    if (q.name == "output") r.outputs.push_back(IoSpec{{}, loc(q)});
    if (q.name == "printsize") r.printsize = true;
    if (q.name == "eqrel")
      error(loc(q), ErrorCode::unsupported_construct,
            "'eqrel' relations are not supported; write the equivalence rules out");
  }
  prog_.relation_ids[name] = static_cast<std::uint32_t>(prog_.relations.size());
  prog_.relations.push_back(std::move(r));
}

// ---- params --------------------------------------------------------------------------
void Lowerer::declare_param(const ast::ParamDecl& p) {
  const std::string& name = p.name.name;
  if (param_ids_.count(name)) {
    auto& e = error(loc(p.name), ErrorCode::declared_twice,
                    fmt::format("parameter '{}' is declared twice", name));
    note(e, prog_.params[param_ids_[name]].loc, "first declared here");
    return;
  }
  auto value = lower_constant(p.value);
  if (!value) {
    error(loc(p.value), ErrorCode::bad_parameter,
          "a parameter's value must be a constant: a number, a float or a string");
    return;
  }
  Param param{name, value->kind, value->value, loc(p.name), std::nullopt};
  if (p.range) {
    param.range = lower_param_range(*p.range, value->kind);
    if (!param.range) return;
  }
  param_ids_[name] = static_cast<std::uint32_t>(prog_.params.size());
  prog_.params.push_back(param);
}

void Lowerer::apply_overrides() {
  for (const auto& [name, text] : overrides_) {
    auto it = param_ids_.find(name);
    if (it == param_ids_.end()) {
      diags_.push_back(coded_error(ErrorCode::bad_parameter,
                                   fmt::format("--param {}: no parameter '{}' is declared with .param",
                                               name, name)));
      ++errors_;
      continue;
    }
    Param& p = prog_.params[it->second];
    bool ok = true;
    if (p.kind == Kind::symbol) p.value = intern(text);
    else ok = parse_numeric_override(p.kind, text, p.value);
    if (!ok) {
      diags_.push_back(coded_error(ErrorCode::bad_parameter,
                                   fmt::format("--param {}={}: not a {} (the parameter's kind)", name,
                                               text, kind_name(p.kind))));
      ++errors_;
    }
  }
}

// ---- IO --------------------------------------------------------------------------------
void Lowerer::declare_io(const ast::IoDirective& io) {
  IoSpec spec;
  spec.loc = loc(io);
  static const std::unordered_set<std::string> known = {
      "IO", "filename", "delimiter", "headers", "rfc4180", "attributeNames", "compress"};
  for (const auto& p : io.params) {
    if (!known.count(p.key.name))
      warning(loc(p.key), ErrorCode::ignored_io_parameter,
              fmt::format("unknown IO parameter '{}' is ignored", p.key.name));
    spec.params[p.key.name] = p.value;
  }
  const std::string kind = spec.get("IO", "file");
  if (kind != "file" && kind != "stdout") {
    error(loc(io), ErrorCode::bad_io_parameters,
          fmt::format("IO={} is not supported (use IO=file or IO=stdout)", kind));
    return;
  }
  if (io.directive == "input" && kind == "stdout") {
    error(loc(io), ErrorCode::bad_io_parameters, "IO=stdout cannot be used with .input");
    return;
  }
  const std::string delimiter = spec.get("delimiter", "\t");
  if (delimiter.empty() || delimiter.find_first_of("\n\r\"") != std::string::npos) {
    error(loc(io), ErrorCode::bad_io_parameters,
          fmt::format("a delimiter is one character or more, and no line end or quote: not \"{}\"", delimiter));
    return;
  }
  for (const auto& name : io.relations) {
    auto id = prog_.find_relation(name.name);
    if (!id) {
      error(loc(name), ErrorCode::unknown_relation,
            fmt::format("unknown relation '{}'{} (declare it with .decl)", name.name, relation_suggestion(name.name)));
      continue;
    }
    Relation& r = prog_.relations[*id];
    if (io.directive == "input" && r.input) r.more_inputs.push_back(spec);
    else if (io.directive == "input") r.input = spec;
    else if (io.directive == "output") r.outputs.push_back(spec);
    else r.printsize = true;
  }
}

}  // namespace kz::sem::lowering
