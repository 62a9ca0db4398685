// kzrules/database.hpp — load facts, evaluate, read relations.
//
// A Database is one evaluation of a Program over one set of facts: the facts written in
// the program, those read through `.input` from a folder, and those a host adds from
// code. evaluate() computes the least fixpoint, stratum by stratum (semi-naive within a
// recursive stratum). Errors are thrown as kz::Error (bad_input or resource_limit).
// A Database is not safe to use from two threads at once; two Databases are independent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "kzrules/eval_options.hpp"
#include "kzrules/program.hpp"
#include "kzrules/value.hpp"

namespace kz {

namespace eval {
class Engine;
}
namespace api {
struct Access;
struct RemoteClaims;
}


// A tuple with holes: each attribute a value, or empty for "any".
using Pattern = std::vector<std::optional<Value>>;

class Database {
 public:
  explicit Database(Program program);
  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;

  const Program& program() const noexcept;

  // Reads every `.input` relation from `fact_dir` (`<rel>.facts` or its `filename=`).
  void load_inputs(const std::filesystem::path& fact_dir);
  // load_inputs(fact_dir) then evaluate(options), but with
  // EvalOptions::release_intermediate each input is read just before the first stratum
  // that needs it, so an input read late never adds to the memory the earlier strata
  // peak at. (Not with a backend, proofs or dated facts: those read every input first.)
  // A file that cannot be opened is reported before evaluation starts; a malformed one
  // when it is read, with nothing of the model to read afterwards.
  void evaluate_inputs(const std::filesystem::path& fact_dir, const EvalOptions& options = {});
  // Adds one tuple; values must match the relation's attribute kinds (an int64 is
  // accepted for unsigned and float columns when it converts exactly).
  void add_fact(std::string_view relation, const Tuple& values);
  // Removes input facts before evaluation (what-if analysis): those equal to `pattern`
  // where it holds a value (an empty optional matches anything). Returns how many went.
  std::size_t remove_facts(std::string_view relation, const Pattern& pattern);

  // Computes the model. Call it once, after all facts are loaded. With
  // EvalOptions::backend the model is computed there (kzrules/backend.hpp); a relation
  // the backend left on the server (PostgresOptions::fetch_all off) then has only its
  // size here, and rows() or contains() on it throw kz::Error (library_misuse).
  void evaluate(const EvalOptions& options = {});
  // What evaluation warned of where Soufflé warns and goes on (W0007 a malformed match()
  // pattern, which fails; W0008 substr out of range, which gives ""), once a place. Under
  // ParseOptions::strict those are errors: evaluate() throws instead.
  const std::vector<Diagnostic>& warnings() const noexcept;

  // The relation's tuples in the documented output order: by column, numbers numerically,
  // symbols by their text.
  std::vector<Tuple> rows(std::string_view relation) const;
  std::size_t size(std::string_view relation) const;
  bool contains(std::string_view relation, const Tuple& values) const;

  // Writes every `.output` relation into `out_dir`, all or nothing: each file under a
  // temporary name in its folder, renamed over the old one only when every file is
  // written (kzrules/files.hpp); on an error the old files stay and no temporary is left.
  // Then the IO=stdout outputs go to `console`. Throws kz::Error (E0305 cannot_write,
  // saying why) when a file or `console` cannot be written.
  void write_outputs(const std::filesystem::path& out_dir, std::ostream* console = nullptr) const;
  // Writes every `.output` relation to a stream, as Soufflé's `-D -` does, and flushes
  // it; a failed write throws kz::Error (E0305).
  void write_outputs(std::ostream& out) const;
  // The `.printsize` relations with their sizes, in declaration order.
  std::vector<std::pair<std::string, std::size_t>> print_sizes() const;

 private:
  friend struct api::Access;  // the library's own stages reach the engine
  Program program_;
  std::unique_ptr<eval::Engine> engine_;
  // After evaluation on a backend: for each relation left on the server, its size; and
  // what the server found for each claim (check reads those instead of the relations).
  std::vector<std::optional<std::size_t>> remote_sizes_;
  std::shared_ptr<const api::RemoteClaims> remote_claims_;
};

}  // namespace kz
