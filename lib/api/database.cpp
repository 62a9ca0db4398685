// The Database facade over the evaluator and the fact readers and writers.
#include "kzrules/database.hpp"

#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "api/dating.hpp"
#include "kzrules/backend.hpp"
#include "api/internal.hpp"
#include "core/bad_input.hpp"

#include "eval/engine.hpp"
#include "eval/ordered_input.hpp"
#include "io/atomic_file.hpp"
#include "io/compression.hpp"
#include "io/delimited.hpp"
#include "io/output_files.hpp"

namespace kz {

namespace {

[[noreturn]] void fail(ErrorCode code, std::string message) { throw_bad_input(code, std::move(message)); }

// A stream's writes may be buffered: flushing shows whether they all arrived.
void check_stream(std::ostream& out) {
  out.flush();
  if (!out)
    fail(ErrorCode::cannot_write,
         "cannot write the outputs: a write to the output stream failed (a full disk, or a closed pipe?)");
}

}  // namespace

Database::Database(Program program)
    : program_(std::move(program)),
      engine_(std::make_unique<eval::Engine>(api::shared_model_of(program_), api::shared_plan_of(program_))) {
  engine_->set_strict(program_.parse_options().strict);
}
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

const Program& Database::program() const noexcept { return program_; }

namespace {

// Rows read from a fact file go into one relation of the engine, each new row with the
// file and line it came from (what `explain` shows for a fact).
class EngineSink final : public io::RowSink {
 public:
  EngineSink(eval::Engine& engine, std::uint32_t relation)
      : engine_(engine), relation_id_(relation), relation_(engine.relation(relation)), rows_(relation_) {}
  std::uint64_t intern(const std::string& symbol) override { return engine_.symbols().intern(symbol); }
  void add(const std::uint64_t* row, const std::string& file, std::uint32_t line) override {
    if (rows_.add(row))
      engine_.record_input(relation_id_, static_cast<std::uint32_t>(relation_.size() - 1), file, line);
  }
  void warn(Diagnostic warning) override { engine_.add_warning(std::move(warning)); }

 private:
  eval::Engine& engine_;
  std::uint32_t relation_id_;
  eval::Relation& relation_;
  eval::OrderedInput rows_;  // a file read in order needs no deduplication set
};

// Feeds a relation's rows, in the contract's output order, to io::write_rows.
void write_relation(const eval::Engine& engine, std::uint32_t relation_id, std::ostream& out,
                    const io::Format& format) {
  const sem::Relation& relation = engine.program().relations[relation_id];
  const eval::Relation& rows = engine.relation(relation_id);
  const std::vector<std::uint32_t> order = engine.sorted_rows(relation_id);
  std::size_t next = 0;
  io::write_rows(relation, out, format, [&](std::vector<std::string>& fields) {
    if (next == order.size() || !out) return false;  // after a failed write, the rest would fail too
    const eval::RowRef row = rows.row(order[next++]);
    for (std::size_t c = 0; c < fields.size(); ++c) fields[c] = engine.format(relation.attributes[c].kind, row[c]);
    return true;
  });
}

// Reads one `.input` relation's files into the engine.
void load_input(eval::Engine& engine, std::uint32_t r, const std::filesystem::path& fact_dir) {
  const auto& relation = engine.program().relations[r];
  // The indexes are built after the files are read and the deduplication set is let
  // go, so that a large input never holds its set and its indexes at once.
  eval::Relation& stored = engine.relation(r);
  stored.suspend_indexes();
  try {
    for (const auto* spec : relation.inputs()) {
      EngineSink sink(engine, r);
      io::read_relation(relation, io::input_path(relation, *spec, fact_dir), io::format_of(*spec), sink);
    }
  } catch (...) {
    stored.resume_indexes();  // the rows read so far stay usable, as before
    throw;
  }
  engine.drop_set_if_unused(r);
  stored.shrink_rows();
  stored.resume_indexes();
}

}  // namespace

void Database::load_inputs(const std::filesystem::path& fact_dir) {
  const auto& model = api::model_of(program_);
  for (std::uint32_t r = 0; r < model.relations.size(); ++r)
    if (!model.relations[r].inputs().empty()) load_input(*engine_, r, fact_dir);
}

void Database::evaluate_inputs(const std::filesystem::path& fact_dir, const EvalOptions& options) {
  if (engine_->evaluated()) fail(ErrorCode::library_misuse, "evaluate was already called on this database");
  const auto& model = api::model_of(program_);
  // Dated facts are filtered, and a backend sent, before the evaluation starts: those
  // need every row first. So do proofs, which keep every relation anyway.
  const bool defer = options.release_intermediate && !options.backend && !options.record_provenance && model.datings.empty();
  if (!defer) {
    load_inputs(fact_dir);
    evaluate(options);
    return;
  }
  for (std::uint32_t r = 0; r < model.relations.size(); ++r) {
    const auto& relation = model.relations[r];
    if (relation.inputs().empty()) continue;
    // A missing file is reported now, before any work, as load_inputs would.
    for (const auto* spec : relation.inputs()) io::check_readable(relation, io::input_path(relation, *spec, fact_dir));
    engine_->defer_input(r, [engine = engine_.get(), r, fact_dir] { load_input(*engine, r, fact_dir); });
  }
  evaluate(options);
}

namespace {

std::uint32_t relation_id(const sem::Program& model, std::string_view name) {
  auto id = model.find_relation(std::string(name));
  if (!id) fail(ErrorCode::unknown_relation, fmt::format("unknown relation '{}'", name));
  return *id;
}

std::vector<std::uint64_t> to_words(eval::Engine& engine, std::uint32_t id, const Tuple& values) {
  const auto& relation = engine.program().relations[id];
  if (values.size() != relation.arity())
    fail(ErrorCode::wrong_arity, fmt::format("'{}' has {} attributes, not {}", relation.name, relation.arity(), values.size()));
  std::vector<std::uint64_t> words(values.size());
  for (std::size_t c = 0; c < values.size(); ++c) {
    auto w = engine.from_value(relation.attributes[c].kind, values[c]);
    if (!w)
      fail(ErrorCode::type_clash, fmt::format("attribute '{}' of '{}' is a {}; the value given does not fit", relation.attributes[c].name,
                       relation.name, kind_name(relation.attributes[c].kind)));
    words[c] = *w;
  }
  return words;
}

// Soufflé's layout for a relation printed to the console: its name, with `-D -` its
// attributes' names, then its rows between rules.
enum class AttributeLine : bool { left_out, printed };
void write_console(const eval::Engine& engine, std::ostream& out, std::uint32_t relation, const io::Format& format,
                   AttributeLine attribute_line) {
  const auto& declared = engine.program().relations[relation];
  out << "---------------\n" << declared.name << "\n";
  if (attribute_line == AttributeLine::printed) {
    std::vector<std::string> names;
    for (const auto& attribute : declared.attributes) names.push_back(attribute.name);
    out << fmt::format("{}", fmt::join(names, "\t")) << "\n";
  }
  out << "===============\n";
  write_relation(engine, relation, out, format);
  out << "===============\n";
}

}  // namespace

void Database::add_fact(std::string_view relation, const Tuple& values) {
  if (engine_->evaluated()) fail(ErrorCode::library_misuse, "add_fact after evaluate: load every fact first, then evaluate once");
  const auto id = relation_id(api::model_of(program_), relation);
  auto words = to_words(*engine_, id, values);
  engine_->relation(id).insert(words.data());
}

std::size_t Database::remove_facts(std::string_view relation, const Pattern& pattern) {
  if (engine_->evaluated()) fail(ErrorCode::library_misuse, "remove_facts after evaluate: remove facts first, then evaluate once");
  const auto id = relation_id(api::model_of(program_), relation);
  const auto& attrs = api::model_of(program_).relations[id].attributes;
  if (pattern.size() != attrs.size())
    fail(ErrorCode::wrong_arity, fmt::format("'{}' has {} attributes, not {}", relation, attrs.size(), pattern.size()));
  std::vector<std::uint64_t> words(attrs.size(), 0);
  std::vector<bool> mask(attrs.size(), false);
  for (std::size_t c = 0; c < attrs.size(); ++c) {
    if (!pattern[c]) continue;
    if (attrs[c].kind == Kind::symbol) {
      auto id_of = engine_->symbols().find(format_value(*pattern[c]));
      if (!id_of) return 0;  // a symbol nobody uses matches nothing
      words[c] = *id_of;
    } else {
      auto w = engine_->from_value(attrs[c].kind, *pattern[c]);
      if (!w) fail(ErrorCode::type_clash, fmt::format("attribute '{}' of '{}' is a {}", attrs[c].name, relation, kind_name(attrs[c].kind)));
      words[c] = *w;
    }
    mask[c] = true;
  }
  return engine_->remove_matching(id, words, mask);
}

namespace api {

void evaluate_without_facts(Database& database, const EvalOptions& options,
                            const std::vector<std::uint32_t>& fact_rules) {
  auto& engine = engine_of(database);
  if (engine.evaluated()) fail(ErrorCode::library_misuse, "evaluate was already called on this database");
  leave_out_rows_after_as_of(engine);
  engine.evaluate_without(options, fact_rules);
}

}  // namespace api

void Database::evaluate(const EvalOptions& options) {
  if (engine_->evaluated()) fail(ErrorCode::library_misuse, "evaluate was already called on this database");
  api::leave_out_rows_after_as_of(*engine_);
  if (!options.backend) {
    engine_->evaluate(options);
    return;
  }
  if (options.record_provenance)
    fail(ErrorCode::library_misuse,
         fmt::format("proofs (explain) need the evaluation in process; {} keeps none", options.backend->describe()));
  options.backend->evaluate(*this, options);
  if (!engine_->evaluated())
    fail(ErrorCode::internal_error, fmt::format("{} returned without a model", options.backend->describe()));
}

namespace api {

void finish_backend_evaluation(Database& database, std::vector<std::optional<std::size_t>> remote_sizes,
                               std::shared_ptr<const RemoteClaims> claims) {
  Access::remote_sizes(database) = std::move(remote_sizes);
  Access::remote_claims(database) = std::move(claims);
  engine_of(database).mark_evaluated();
}

const RemoteClaim* remote_claim(const Database& database, std::size_t index) {
  const auto& claims = Access::remote_claims(database);
  if (!claims || index >= claims->claims.size()) return nullptr;
  return &claims->claims[index];
}

}  // namespace api

namespace {

// A relation a backend left on the server has no rows here to read.
void require_local(const std::vector<std::optional<std::size_t>>& remote_sizes, std::uint32_t id,
                   std::string_view relation) {
  if (id < remote_sizes.size() && remote_sizes[id])
    fail(ErrorCode::library_misuse,
         fmt::format("'{}' stayed on the server: evaluate with PostgresOptions::fetch_all to read its rows here",
                     relation));
}

void require_kept(const eval::Engine& engine, std::uint32_t id, std::string_view relation) {
  if (engine.released(id))
    fail(ErrorCode::library_misuse,
         fmt::format("'{}' was freed after its last use (EvalOptions::release_intermediate keeps only outputs, "
                     ".printsize relations and what claims read)",
                     relation));
}

}  // namespace

const std::vector<Diagnostic>& Database::warnings() const noexcept { return engine_->runtime_warnings(); }

std::vector<Tuple> Database::rows(std::string_view relation) const {
  const auto id = relation_id(api::model_of(program_), relation);
  require_local(remote_sizes_, id, relation);
  require_kept(*engine_, id, relation);
  const auto& attrs = api::model_of(program_).relations[id].attributes;
  const auto& rel = engine_->relation(id);
  std::vector<Tuple> out;
  for (auto r : engine_->sorted_rows(id)) {
    Tuple t;
    for (std::size_t c = 0; c < attrs.size(); ++c) t.push_back(engine_->to_value(attrs[c].kind, rel.row(r)[c]));
    out.push_back(std::move(t));
  }
  return out;
}

std::size_t Database::size(std::string_view relation) const {
  const auto id = relation_id(api::model_of(program_), relation);
  if (id < remote_sizes_.size() && remote_sizes_[id]) return *remote_sizes_[id];
  require_kept(*engine_, id, relation);
  return engine_->relation(id).size();
}

bool Database::contains(std::string_view relation, const Tuple& values) const {
  const auto id = relation_id(api::model_of(program_), relation);
  require_local(remote_sizes_, id, relation);
  require_kept(*engine_, id, relation);
  const auto& attrs = api::model_of(program_).relations[id].attributes;
  if (values.size() != attrs.size())
    fail(ErrorCode::wrong_arity, fmt::format("'{}' has {} attributes, not {}", relation, attrs.size(), values.size()));
  // A lookup must not add symbols: a symbol nobody uses is in no tuple.
  std::vector<std::uint64_t> words(values.size());
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (attrs[c].kind == Kind::symbol) {
      auto const* text = std::get_if<std::string>(&values[c]);
      if (!text) fail(ErrorCode::type_clash, fmt::format("attribute '{}' of '{}' is a symbol", attrs[c].name, relation));
      auto found = engine_->symbols().find(*text);
      if (!found) return false;
      words[c] = *found;
    } else {
      auto w = engine_->from_value(attrs[c].kind, values[c]);
      if (!w) fail(ErrorCode::type_clash, fmt::format("attribute '{}' of '{}' is a {}", attrs[c].name, relation, kind_name(attrs[c].kind)));
      words[c] = *w;
    }
  }
  return engine_->relation(id).contains(words.data());
}

void Database::write_outputs(const std::filesystem::path& out_dir, std::ostream* console) const {
  const auto& model = api::model_of(program_);
  const std::vector<io::OutputFile> files = io::output_files(model, out_dir);
  // Names that clash only once the folder is known (an absolute filename= and a relative
  // one); the others were refused when the program was checked.
  if (auto clash = io::same_file(files)) {
    fail(ErrorCode::cannot_write,
         fmt::format("'{}' and '{}' would both write {}", model.relations[files[clash->first].relation].name,
                     model.relations[files[clash->second].relation].name, files[clash->second].path.string()));
  }
  // Every file is written in full before any replaces its old version: all or nothing.
  io::FileBatch batch;
  for (const io::OutputFile& file : files) {
    std::ostream& out = batch.add(file.path, io::MissingFolders::create);
    if (io::truthy(file.spec->get("compress", "false"))) {  // gzip, as Soufflé writes it
      std::ostringstream plain;
      write_relation(*engine_, file.relation, plain, io::format_of(*file.spec));
      out << io::gzip(plain.str());
    } else {
      write_relation(*engine_, file.relation, out, io::format_of(*file.spec));
    }
  }
  batch.commit();
  if (!console) return;
  for (std::uint32_t r = 0; r < model.relations.size(); ++r)
    for (const auto& spec : model.relations[r].outputs)
      if (spec.get("IO", "file") == "stdout")
        write_console(*engine_, *console, r, io::format_of(spec), AttributeLine::left_out);
  check_stream(*console);
}

void Database::write_outputs(std::ostream& out) const {
  const auto& model = api::model_of(program_);
  for (std::uint32_t r = 0; r < model.relations.size(); ++r) {
    const auto& relation = model.relations[r];
    if (relation.outputs.empty()) continue;
    write_console(*engine_, out, r, io::Format{}, AttributeLine::printed);
  }
  check_stream(out);
}

std::vector<std::pair<std::string, std::size_t>> Database::print_sizes() const {
  std::vector<std::pair<std::string, std::size_t>> out;
  const auto& model = api::model_of(program_);
  for (std::uint32_t r = 0; r < model.relations.size(); ++r)
    if (model.relations[r].printsize)
      out.emplace_back(model.relations[r].name,
                       r < remote_sizes_.size() && remote_sizes_[r] ? *remote_sizes_[r] : engine_->relation(r).size());
  return out;
}

}  // namespace kz
