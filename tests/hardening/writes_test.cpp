// Hardening regressions (issue 16, round 2): every write safe, checked and all or
// nothing. Each case is a finding of docs/reliability.md ("Writes"), reproduced as it was
// found and now refused or survived: links planted at temporary names, outputs half
// replaced, temporaries left by a signal, full disks and closed standard outputs that
// exited 0, and file errors without a code.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "io/atomic_file.hpp"
#include "support.hpp"

using namespace kz;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// The names in a folder, sorted (hidden ones too: that is where temporaries would be).
std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    names.insert(entry.path().filename().string());
  return names;
}

// Runs `script` with sh in `cwd`, with $KZ naming the CLI; its status and standard
// error. The script redirects standard output itself.
test::CommandResult shell(const std::string& script, const fs::path& cwd) {
  test::TempDir capture;
  const auto err = capture.path() / "err";
  const std::string command = "cd '" + cwd.string() + "' && KZ='" + KZ_CLI + "' && ( " + script +
                              " ) 2>'" + err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  test::CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = test::read_text(err);
  return result;
}

// The error a thrown kz::Error carries, rendered.
template <typename Action>
std::string error_of(Action&& action) {
  try {
    action();
  } catch (const Error& error) {
    return render(error.diagnostics());
  }
  FAIL("no kz::Error was thrown");
  return {};
}

const std::string two_outputs =
    ".decl a(x: number)\n.decl b(x: number)\n.output a\n.output b\na(1).\nb(2).\n";

// A program whose output `big` has 100000 rows (1 MB).
const std::string big_output =
    ".decl d(x: number)\n.decl big(a: number, b: number, c: number, d: number, e: number)\n.output "
    "big\n"
    "d(0). d(1). d(2). d(3). d(4). d(5). d(6). d(7). d(8). d(9).\n"
    "big(a, b, c, d, e) :- d(a), d(b), d(c), d(d), d(e).\n";

// An argument whose map is 1.3 KB, that gives no warning (the tests that limit the size
// of every file the CLI writes need standard error short).
const std::string small_argument =
    ".decl akim(person: symbol, years: float)\n"
    ".input akim\n"  // read from a fact set; without it, akim would be undefined (W0005)
    ".hypothesis strongmen \"Long-serving regional governors build a base and challenge the "
    "centre\"\n"
    ".hypothesis rotation \"The centre rotates governors before they can build a base\"\n"
    ".claim short_tenure \"Akims serve short terms: mean tenure under three years\"\n"
    "    holds mean y : { akim(_, y) } < 3.0\n"
    "    opposes strongmen as hoop because \"a strongman needs years in office to build a base\",\n"
    "    supports rotation as straw.\n"
    ".claim long_tenure \"Some akim served ten years or more\"\n"
    "    exists { akim(_, y), y >= 10.0 }\n"
    "    supports strongmen as smoking_gun because \"only a strongman survives ten years\",\n"
    "    opposes rotation as straw.\n";

}  // namespace

// Finding 5: temporaries were `<out>.kztmp<PID>`, opened without O_EXCL or O_NOFOLLOW.
TEST_CASE("a link planted at the old temporary names redirects no write", "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl", two_outputs);
  test::write_text(dir.path() / "victim.txt", "precious\n");
  fs::create_directories(dir.path() / "out");
  // The attack: a link at each name the next few hundred processes would have used.
  const int pid = static_cast<int>(::getpid());
  for (int next = pid; next < pid + 400; ++next)
    fs::create_symlink(dir.path() / "victim.txt",
                       dir.path() / "out" / ("a.csv.kztmp" + std::to_string(next)));
  auto r = test::run_cli("run p.dl -D out", dir.path());
  CHECK(r.exit_code == 0);
  CHECK(test::read_text(dir.path() / "victim.txt") == "precious\n");
  CHECK(test::read_text(dir.path() / "out" / "a.csv") == "1\n");
  CHECK(fs::is_regular_file(fs::symlink_status(dir.path() / "out" / "a.csv")));
}

TEST_CASE("an output that is a link is replaced by a file, the file it pointed to untouched",
          "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl", two_outputs);
  test::write_text(dir.path() / "victim.txt", "precious\n");
  fs::create_directories(dir.path() / "out");
  fs::create_symlink(dir.path() / "victim.txt", dir.path() / "out" / "a.csv");
  auto r = test::run_cli("run p.dl -D out", dir.path());
  CHECK(r.exit_code == 0);
  CHECK(test::read_text(dir.path() / "victim.txt") == "precious\n");
  CHECK(fs::is_regular_file(fs::symlink_status(dir.path() / "out" / "a.csv")));
  CHECK(test::read_text(dir.path() / "out" / "a.csv") == "1\n");
  CHECK(names_in(dir.path() / "out") == std::set<std::string>{"a.csv", "b.csv"});
}

TEST_CASE("a temporary is a new hidden file next to its target, and goes when unused",
          "[hardening][writes]") {
  test::TempDir dir;
  {
    io::FileBatch batch;
    batch.add(dir.path() / "a.csv") << "new\n";
    const auto names = names_in(dir.path());
    REQUIRE(names.size() == 1);
    const std::string temporary = *names.begin();
    CHECK(temporary.rfind(".a.csv.kztmp-", 0) == 0);
    CHECK(fs::is_regular_file(fs::symlink_status(dir.path() / temporary)));
  }  // never committed
  CHECK(names_in(dir.path()).empty());
}

TEST_CASE("a replaced file keeps its permissions", "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "map.dot", "old\n");
  fs::permissions(dir.path() / "map.dot",
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  replace_file(dir.path() / "map.dot", "new\n");
  CHECK(test::read_text(dir.path() / "map.dot") == "new\n");
  CHECK((fs::status(dir.path() / "map.dot").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

// Finding 6: with b.csv a folder, a.csv was replaced all the same.
TEST_CASE("when one output cannot be written, none is replaced and no temporary stays",
          "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl", two_outputs);
  test::write_text(dir.path() / "out" / "a.csv", "old a\n");
  fs::create_directories(dir.path() / "out" / "b.csv");
  auto r = test::run_cli("run p.dl -D out", dir.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("error: cannot write out/b.csv: it is a folder [E0305]"));
  CHECK(test::read_text(dir.path() / "out" / "a.csv") == "old a\n");
  CHECK(names_in(dir.path() / "out") == std::set<std::string>{"a.csv", "b.csv"});
}

TEST_CASE("a rename that fails puts back the files renamed before it", "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "a.csv", "old a\n");
  io::FileBatch batch;
  batch.add(dir.path() / "a.csv") << "new a\n";
  batch.add(dir.path() / "b.csv") << "new b\n";
  batch.add(dir.path() / "c.csv") << "new c\n";
  // Between writing and renaming, c.csv becomes a folder that is not empty: a's and b's
  // renames succeed, c's fails.
  test::write_text(dir.path() / "c.csv" / "inside", "x");
  CHECK_THAT(error_of([&] { batch.commit(); }),
             Contains("cannot write " + (dir.path() / "c.csv").string()));
  CHECK(test::read_text(dir.path() / "a.csv") == "old a\n");
  CHECK_FALSE(fs::exists(dir.path() / "b.csv"));
  CHECK(names_in(dir.path()) == std::set<std::string>{"a.csv", "c.csv"});
}

TEST_CASE("a failed batch removes the folders it created", "[hardening][writes]") {
  test::TempDir dir;
  {
    io::FileBatch batch;
    batch.add(dir.path() / "new" / "deeper" / "a.csv", io::MissingFolders::create) << "a\n";
    CHECK(fs::is_directory(dir.path() / "new" / "deeper"));
  }
  CHECK(names_in(dir.path()).empty());
  CHECK_THAT(error_of([&] { replace_file(dir.path() / "missing" / "a.csv", "a\n"); }),
             Contains("cannot create a file in " + (dir.path() / "missing").string() +
                      ": no such file or folder"));
  CHECK(names_in(dir.path()).empty());
}

// Finding 6: two `.output`s with the same filename= wrote one file and then failed.
TEST_CASE("two outputs of one file are refused before evaluation", "[hardening][writes]") {
  CHECK_THAT(
      test::parse_errors(".decl a(x: number)\n.decl b(x: number)\n.output a(filename=\"x.csv\")\n"
                         ".output b(filename=\"./x.csv\")\n"),
      Contains(
          "test.dl:4:1: error: 'a' and 'b' both write x.csv: give one of them another filename= "
          "[E0113]") &&
          Contains("test.dl:3:1: note: 'a' writes x.csv here"));
  CHECK_THAT(test::parse_errors(".decl a(x: number)\n.output a\n.output a\n"),
             Contains("test.dl:3:1: error: 'a' is written to a.csv twice"));
  CHECK_THAT(
      test::parse_errors(
          ".decl a(x: number)\n.decl b(x: number)\n.output a\n.output b(filename=\"a.csv\")\n"),
      Contains("'a' and 'b' both write a.csv"));
  // Printing twice, or one file each, is fine.
  test::must_parse(
      ".decl a(x: number)\n.output a(IO=stdout)\n.output a(IO=stdout)\n.output a\n"
      ".output a(filename=\"other.csv\")\n");

  test::TempDir dir;
  // The loop would never end: a clash must be found before evaluating.
  test::write_text(dir.path() / "p.dl",
                   ".decl n(x: number)\n.decl m(x: number)\n.output n(filename=\"r.csv\")\n"
                   ".output m(filename=\"r.csv\")\nn(0).\nn(x + 1) :- n(x).\nm(1).\n");
  auto r = test::run_cli("run p.dl -D out --max-tuples 100000", dir.path());
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("p.dl:4:1: error: 'n' and 'm' both write r.csv"));
  CHECK_FALSE(fs::exists(dir.path() / "out"));
}

TEST_CASE("an absolute filename= that clashes under the output folder writes nothing",
          "[hardening][writes]") {
  test::TempDir dir;
  auto db =
      test::evaluate(".decl a(x: number)\n.decl b(x: number)\n.output a\n.output b(filename=\"" +
                     (dir.path() / "out" / "a.csv").string() + "\")\na(1).\nb(2).\n");
  CHECK_THAT(error_of([&] { db.write_outputs(dir.path() / "out"); }),
             Contains("'a' and 'b' would both write") && Contains("[E0305]"));
  CHECK(names_in(dir.path()).empty());
}

// Finding 7: an interrupted run left a 21 MB `a.csv.kztmp<PID>`.
TEST_CASE("removing the temporaries removes a file being written, whose batch then fails",
          "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "a.csv", "old\n");
  io::FileBatch batch;
  std::ostream& out = batch.add(dir.path() / "a.csv");
  out << std::string(100000, 'x');
  out.flush();
  CHECK(names_in(dir.path()).size() == 2);
  remove_temporary_files();  // what the signal handler does
  CHECK(names_in(dir.path()) == std::set<std::string>{"a.csv"});
  CHECK_THAT(error_of([&] { batch.commit(); }), Contains("[E0305]"));
  CHECK(test::read_text(dir.path() / "a.csv") == "old\n");
}

TEST_CASE("SIGTERM while writing removes the temporaries, then ends the process by SIGTERM",
          "[hardening][writes]") {
  test::TempDir dir;
  const fs::path target = dir.path() / "a.csv";
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The handler is installed only on request, over default dispositions only.
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGHUP, SIG_IGN);
    struct sigaction before {};
    ::sigaction(SIGTERM, nullptr, &before);
    if (before.sa_handler != SIG_DFL) ::_exit(3);
    remove_temporary_files_on_signals();
    struct sigaction term {
    }, hup{};
    ::sigaction(SIGTERM, nullptr, &term);
    ::sigaction(SIGHUP, nullptr, &hup);
    if (term.sa_handler == SIG_DFL) ::_exit(4);
    if (hup.sa_handler != SIG_IGN) ::_exit(5);  // nohup stays in force
    io::FileBatch batch;
    std::ostream& out = batch.add(target);
    out << std::string(1 << 20, 'x');
    out.flush();
    ::raise(SIGTERM);
    ::_exit(6);  // not reached: SIGTERM's default action ends the process
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  INFO("exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK(names_in(dir.path()).empty());
}

TEST_CASE("a CLI killed by a signal in the middle of writing an output leaves no temporary",
          "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl", big_output);
  test::write_text(dir.path() / "out" / "big.csv", "old\n");
  // A file size limit of 64 KB: the write that crosses it raises SIGXFSZ, whose default
  // action ends the process, at a point always inside the output's write.
  shell("ulimit -f 128; \"$KZ\" run p.dl -D out >/dev/null; echo $? >status", dir.path());
  CHECK(test::read_text(dir.path() / "status") == std::to_string(128 + SIGXFSZ) + "\n");
  CHECK(test::read_text(dir.path() / "out" / "big.csv") == "old\n");
  CHECK(names_in(dir.path() / "out") == std::set<std::string>{"big.csv"});
}

// Finding 8: a full disk destroyed the old map; writes to a full standard output exited 0.
TEST_CASE("graph -o on a full disk keeps the old map", "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "map.dot", "old map\n");
  test::write_text(dir.path() / "a.kz", small_argument);
  auto unlimited = test::run_cli("graph a.kz", dir.path());
  REQUIRE(unlimited.exit_code == 0);
  REQUIRE(unlimited.err.empty());
  REQUIRE(unlimited.out.size() > 1024);
  // A file size limit of 512 bytes, with SIGXFSZ ignored: a write past it fails as on a
  // full disk.
  auto r = shell("ulimit -f 1; trap '' XFSZ; \"$KZ\" graph a.kz -o map.dot", dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err == "error: cannot write map.dot: file too large [E0305]\n");
  CHECK(test::read_text(dir.path() / "map.dot") == "old map\n");
  CHECK(names_in(dir.path()) == std::set<std::string>{"a.kz", "map.dot"});

  auto to_stdout = shell("ulimit -f 1; trap '' XFSZ; \"$KZ\" graph a.kz > map2.dot", dir.path());
  CHECK(to_stdout.exit_code == 2);
  CHECK(to_stdout.err == "error: cannot write the standard output: file too large [E0305]\n");
}

TEST_CASE("graph -o into a folder that cannot be written keeps the old map",
          "[hardening][writes]") {
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl", two_outputs);
  auto missing = test::run_cli("graph p.dl -o nowhere/map.dot", dir.path());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Contains("error: cannot write nowhere/map.dot: cannot create a file in "
                                   "nowhere: no such file or folder "
                                   "[E0305]"));
  CHECK_FALSE(fs::exists(dir.path() / "nowhere"));

  test::write_text(dir.path() / "locked" / "map.dot", "old map\n");
  fs::permissions(dir.path() / "locked", fs::perms::owner_read | fs::perms::owner_exec);
  if (::access((dir.path() / "locked").c_str(), W_OK) == 0) {
    fs::permissions(dir.path() / "locked", fs::perms::owner_all);
    WARN("running as root, a folder without write permission is still writable: not checked");
    return;
  }
  auto locked = test::run_cli("graph p.dl -o locked/map.dot", dir.path());
  fs::permissions(dir.path() / "locked", fs::perms::owner_all);
  CHECK(locked.exit_code == 2);
  CHECK_THAT(
      locked.err,
      Contains("error: cannot write locked/map.dot: cannot create a file in locked: permission "
               "denied [E0305]"));
  CHECK(test::read_text(dir.path() / "locked" / "map.dot") == "old map\n");
  CHECK(names_in(dir.path() / "locked") == std::set<std::string>{"map.dot"});
}

TEST_CASE("a full or closed standard output is an error for every command", "[hardening][writes]") {
  if (!fs::exists("/dev/full")) {
    WARN("no /dev/full: not checked");
    return;
  }
  test::TempDir dir;
  test::write_text(dir.path() / "p.dl",
                   two_outputs + ".decl c(x: number)\n.output c(IO=stdout)\nc(3).\n");
  const std::string rules = std::string(KZ_SOURCE_DIR) + "/rules/kazakhstan";
  const std::string argument = "'" + rules + "' '" + rules + "/facts/2007'";
  const std::vector<std::string> commands = {"check " + argument + " --format html",
                                             "check " + argument,
                                             "check " + argument + " --format json",
                                             "explain " + argument + " claim:akim_turnover_high",
                                             "graph '" + rules + "'",
                                             "graph '" + rules + "' --format argdown",
                                             "run p.dl -D -",
                                             "run p.dl -D out",
                                             "run p.dl --show ir",
                                             "explain-error",
                                             "explain-error E0305",
                                             "--help",
                                             "--version"};
  for (const std::string& command : commands) {
    for (const char* redirect : {">/dev/full", ">&-"}) {
      INFO(command << " " << redirect);
      auto r = shell("\"$KZ\" " + command + " " + redirect, dir.path());
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Contains("[E0305]"));
    }
  }
  auto full = shell("\"$KZ\" explain-error >/dev/full", dir.path());
  CHECK_THAT(full.err,
             Contains("error: cannot write the standard output: no space left on device [E0305]"));
  auto closed = shell("\"$KZ\" explain-error >&-", dir.path());
  CHECK_THAT(closed.err,
             Contains("error: cannot write the standard output: bad file descriptor [E0305]"));
  // The files were written before the IO=stdout output failed.
  CHECK(test::read_text(dir.path() / "out" / "a.csv") == "1\n");
}

TEST_CASE("a stream that fails is an error of write_outputs", "[hardening][writes]") {
  auto db = test::evaluate(two_outputs);
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  CHECK_THAT(error_of([&] { db.write_outputs(out); }),
             Contains("cannot write the outputs") && Contains("[E0305]"));
}

// Finding 16 (part): file errors without a code, or with the file system's raw text.
TEST_CASE("unreadable rules say why, with a code", "[hardening][writes]") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "loops");
  fs::create_symlink("l2.kz", dir.path() / "loops" / "l1.kz");
  fs::create_symlink("l1.kz", dir.path() / "loops" / "l2.kz");
  fs::create_directories(dir.path() / "loop_not_rules");
  fs::create_symlink("b", dir.path() / "loop_not_rules" / "a");
  fs::create_symlink("a", dir.path() / "loop_not_rules" / "b");
  test::write_text(dir.path() / "loop_not_rules" / "p.dl", two_outputs);
  fs::create_directories(dir.path() / "empty");
  fs::create_symlink("self", dir.path() / "self");

  auto loop = test::run_cli("run loops", dir.path());
  CHECK(loop.exit_code == 2);
  CHECK_THAT(loop.err,
             Contains("error: cannot read loops/l1.kz: too many levels of symbolic links"));
  CHECK_THAT(loop.err, Contains("[E0301]"));
  CHECK_THAT(loop.err, !Contains("filesystem error"));
  // A loop among files that are not rules is none of kzrules's business.
  CHECK(test::run_cli("run loop_not_rules -D out", dir.path()).exit_code == 0);
  CHECK_THAT(test::run_cli("run self", dir.path()).err,
             Contains("error: cannot read self: too many levels of symbolic links") &&
                 Contains("[E0301]"));
  CHECK_THAT(test::run_cli("run nowhere.dl", dir.path()).err,
             Contains("error: cannot read nowhere.dl: no such file or folder [E0301]"));
  CHECK_THAT(
      test::run_cli("check empty", dir.path()).err,
      Contains(
          "error: cannot read rules from empty: the folder holds no .kz or .dl files [E0301]"));
  // Writing over a looping link replaces the link (kzrules/files.hpp).
  CHECK(test::run_cli("graph loop_not_rules/p.dl -o self", dir.path()).exit_code == 0);
  CHECK(fs::is_regular_file(fs::symlink_status(dir.path() / "self")));
}
