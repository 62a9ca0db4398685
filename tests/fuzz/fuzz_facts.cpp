// libFuzzer harness: the fact and CSV readers.
//
// Input layout: byte 0 picks the format (bits 0-1: delimiter tab , ; |, bit 2: headers,
// bit 3: rfc4180), byte 1 the arity (1 + bits 0-1), byte 2 the kind of each column (two
// bits a column: number, unsigned, float, symbol); the rest is the file's content.
//
// Each input is (1) split by kz::io::read_records, whose fields must point inside the
// file; (2) loaded through Database::load_inputs from a temporary folder, with a
// program whose `.input` carries those IO parameters; (3) with rfc4180, written back with
// the same format and read again: every row must come back as it printed (nothing lost).
// kz::Error is an expected answer to a bad file; a crash, a sanitizer report, a leak, a
// hang or any other exception is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/internal.hpp"
#include "io/delimited.hpp"
#include "kzrules/kzrules.hpp"

namespace {

namespace fs = std::filesystem;

struct Config {
  kz::io::Format format;
  std::vector<kz::Kind> kinds;
  int key = 0;
};

Config config_of(const std::uint8_t* head) {
  Config c;
  static const char* const delimiters[] = {"\t", ",", ";", "|"};
  c.format.delimiter = delimiters[head[0] & 3];
  c.format.headers = (head[0] & 4) != 0;
  c.format.rfc4180 = (head[0] & 8) != 0;
  const int arity = 1 + (head[1] & 3);
  static const kz::Kind kinds[] = {kz::Kind::number, kz::Kind::unsigned_number, kz::Kind::float_number,
                                   kz::Kind::symbol};
  for (int a = 0; a < arity; ++a) c.kinds.push_back(kinds[(head[2] >> (2 * a)) & 3]);
  c.key = (head[0] & 15) | (arity << 4) | (head[2] << 8);
  return c;
}

// A folder of its own for this process, removed at exit.
struct Scratch {
  fs::path dir;
  Scratch() {
    char templ[] = "/tmp/kzfuzz-facts-XXXXXX";
    if (!::mkdtemp(templ)) std::abort();
    dir = templ;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

Scratch& scratch() {
  static Scratch s;
  return s;
}

const kz::Program& program_for(const Config& c) {
  static std::map<int, kz::Program> cache;
  auto it = cache.find(c.key);
  if (it != cache.end()) return it->second;
  static const char* type_names[] = {"number", "unsigned", "float", "symbol"};
  std::string text = ".decl r(";
  for (std::size_t a = 0; a < c.kinds.size(); ++a) {
    if (a) text += ", ";
    text += "c" + std::to_string(a) + ": " + type_names[static_cast<int>(c.kinds[a])];
  }
  text += ")\n.input r(IO=file, filename=\"r.data\", delimiter=\"";
  text += kz::io::delimiter_text(c.format);
  text += "\", headers=";
  text += c.format.headers ? "true" : "false";
  text += ", rfc4180=";
  text += c.format.rfc4180 ? "true" : "false";
  text += ")\n.output r\n";
  auto parsed = kz::parse_string(text, "fuzz_facts.dl");
  if (!parsed.ok()) {
    fprintf(stderr, "harness program does not parse:\n%s\n%s\n", text.c_str(), kz::render(parsed.diagnostics).c_str());
    std::abort();
  }
  return cache.emplace(c.key, *parsed.program).first->second;
}

void write_file(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) std::abort();
}

// The rows of r as kzrules prints them. Floats print with at most 9 significant digits
// (LANGUAGE.md), so two floats that differ further print alike and read back as one row:
// the round trip keeps every printed row, not every bit. Text also makes NaN equal NaN.
std::set<std::string> rows_text(const kz::Database& db) {
  std::set<std::string> out;
  for (const auto& row : db.rows("r")) {
    std::string line;
    for (const auto& v : row) {
      line += kz::format_value(v);
      line += '\x1f';
    }
    out.insert(line);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const Config config = config_of(data);
  const std::string content(reinterpret_cast<const char*>(data) + 3, size - 3);

  // (1) The record splitter on its own.
  try {
    kz::io::read_records("fuzz.data", content, config.format,
                         [&](std::vector<kz::io::Field>& fields, std::uint32_t offset) {
                           if (offset > content.size() || fields.empty()) __builtin_trap();
                           for (const auto& f : fields)
                             if (f.offset > content.size() || f.text.size() > content.size()) __builtin_trap();
                         });
  } catch (const kz::Error& e) {
    if (e.diagnostics().empty()) __builtin_trap();
    (void)kz::render(e.diagnostics());
  }

  // (2) The same bytes as the file of an `.input` relation.
  const kz::Program& program = program_for(config);
  const fs::path file = scratch().dir / "r.data";
  write_file(file, content);
  kz::Database db(program);
  try {
    db.load_inputs(scratch().dir);
  } catch (const kz::Error& e) {
    if (e.diagnostics().empty()) __builtin_trap();
    (void)kz::render(e.diagnostics());
    return 0;
  }
  db.evaluate();
  const auto rows = rows_text(db);
  std::ostringstream console;
  db.write_outputs(console);

  // (3) Write back in the same format and read again: nothing may be lost or changed.
  if (!config.format.rfc4180) return 0;
  const auto& model = kz::api::model_of(program);
  const auto& relation = model.relations[*model.find_relation("r")];
  const auto tuples = db.rows("r");
  std::size_t next = 0;
  std::ostringstream written;
  kz::io::write_rows(relation, written, config.format, [&](std::vector<std::string>& fields) {
    if (next == tuples.size()) return false;
    for (std::size_t c = 0; c < fields.size(); ++c) fields[c] = kz::format_value(tuples[next][c]);
    ++next;
    return true;
  });
  write_file(file, written.str());
  kz::Database again(program);
  try {
    again.load_inputs(scratch().dir);
  } catch (const kz::Error& e) {
    fprintf(stderr, "written facts do not read back:\n%s\n--- written:\n%s\n", kz::render(e.diagnostics()).c_str(),
            written.str().c_str());
    __builtin_trap();
  }
  again.evaluate();
  if (rows_text(again) != rows) {
    fprintf(stderr, "round trip changed the rows: %zu before, %zu after\n--- written:\n%s\n", rows.size(),
            again.size("r"), written.str().c_str());
    __builtin_trap();
  }
  return 0;
}
