// A small grader: each student hands in a fact set (a folder of fact files) for the same
// argument; the grader checks every fact set and compares the hypotheses it supports
// with the ones the teacher expects.
//
//   kz-example-grader RULES EXPECTED STUDENT_FOLDER...
//   kz-example-grader examples/grader/rules examples/grader/expected.txt examples/grader/students/*
//
// EXPECTED has one line a student: the name of the student's folder, then the hypotheses
// that fact set should support, or `-` for none. `#` starts a comment.
//
//   alice  rotation
//   carol  -
//
// Prints PASS or FAIL a student; exits 0 when every student passes, 1 when one does not,
// 2 when the rules or EXPECTED cannot be read.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "kzrules/kzrules.hpp"

namespace {

using Expected = std::map<std::string, std::vector<std::string>>;

bool read_expected(const std::filesystem::path& path, Expected& out) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    std::string student, hypothesis;
    if (!(words >> student)) continue;
    auto& hypotheses = out[student];
    while (words >> hypothesis)
      if (hypothesis != "-") hypotheses.push_back(hypothesis);
    std::sort(hypotheses.begin(), hypotheses.end());
  }
  return true;
}

std::string join(const std::vector<std::string>& names) {
  if (names.empty()) return "-";
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " ") + n;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: kz-example-grader RULES EXPECTED STUDENT_FOLDER...\n";
    return 2;
  }
  Expected expected;
  if (!read_expected(argv[2], expected)) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 2;
  }

  // The argument is parsed and checked once; each student gets a Database of their own
  // over the same immutable Program.
  kz::ParseResult parsed = kz::parse_path(argv[1]);
  std::cerr << kz::render(parsed.diagnostics);  // errors, or warnings worth seeing
  if (!parsed.ok()) return 2;
  const kz::Program& program = *parsed.program;

  int failed = 0;
  for (int i = 3; i < argc; ++i) {
    const std::filesystem::path folder = argv[i];
    const std::string student = folder.filename().empty() ? folder.parent_path().filename().string()
                                                          : folder.filename().string();
    std::string verdict, detail;
    try {
      kz::Database db(program);
      db.load_inputs(folder);
      kz::EvalOptions limits;
      limits.timeout_seconds = 10;  // a student's facts cannot hang the grader
      db.evaluate(limits);
      kz::FactSetReport report = kz::check_database(db, student);
      std::vector<std::string> supports = report.supports;
      std::sort(supports.begin(), supports.end());

      auto want = expected.find(student);
      if (want == expected.end()) {
        verdict = "FAIL";
        detail = "supports: " + join(supports) + "; not in " + std::string(argv[2]);
      } else if (supports != want->second) {
        verdict = "FAIL";
        detail = "supports: " + join(supports) + "; expected: " + join(want->second);
      } else {
        verdict = "PASS";
        detail = "supports: " + join(supports);
      }
    } catch (const kz::Error& e) {
      // A malformed fact file fails this student only; the diagnostic says where.
      verdict = "FAIL";
      detail = "error: " + (e.diagnostics().empty() ? std::string(e.what()) : e.diagnostics().front().message);
      std::cerr << kz::render(e.diagnostics());
    }
    if (verdict != "PASS") ++failed;
    std::cout << verdict << "  " << student << "  " << detail << "\n";
  }
  std::cout << (argc - 3 - failed) << " of " << (argc - 3) << " students pass\n";
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
