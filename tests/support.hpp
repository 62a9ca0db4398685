// Helpers shared by the tests: run a program from text, read diagnostics, temp folders.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "kzrules/kzrules.hpp"

namespace kz::test {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("kztest-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Parses `text`; FAILs the test with the rendered diagnostics when it does not parse.
inline Program must_parse(const std::string& text) {
  auto r = parse_string(text, "test.dl");
  INFO(render(r.diagnostics));
  REQUIRE(r.ok());
  return *r.program;
}

// The rendered diagnostics of a program that must not parse.
inline std::string parse_errors(const std::string& text) {
  auto r = parse_string(text, "test.dl");
  REQUIRE_FALSE(r.ok());
  return render(r.diagnostics);
}

// Evaluates a program with no input folder.
inline Database evaluate(const std::string& text) {
  Database db(must_parse(text));
  db.evaluate();
  return db;
}

// A relation's rows as text, one line each, tab-separated (the output format).
inline std::string rows_text(const Database& db, const std::string& relation) {
  std::string out;
  for (const auto& row : db.rows(relation)) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "\t" : "") + format_value(row[i]);
    out += "\n";
  }
  return out;
}

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the kzrules CLI with arguments (a shell-quoted string), capturing both streams.
inline CommandResult run_cli(const std::string& args, const std::filesystem::path& cwd = {}) {
  TempDir capture;
  const auto out = capture.path() / "out", err = capture.path() / "err";
  std::string cmd;
  if (!cwd.empty()) cmd += "cd '" + cwd.string() + "' && ";
  cmd += std::string("'") + KZ_CLI + "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

}  // namespace kz::test
