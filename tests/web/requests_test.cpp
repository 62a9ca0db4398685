// The workbench engine's requests (web/engine/requests.hpp), natively: the same handler
// the WebAssembly module runs, fed the corpus as the page feeds it (every file by relative
// path), held to what the library gives on the same files read from disk.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "kzrules/check.hpp"
#include "requests.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const fs::path corpus = fs::path(KZ_SOURCE_DIR) / "rules" / "kazakhstan";

// The corpus as the page holds it: "kazakhstan/<path inside the corpus>" -> text.
json corpus_files() {
  json files = json::object();
  for (const auto& entry : fs::recursive_directory_iterator(corpus))
    if (entry.is_regular_file())
      files["kazakhstan/" + entry.path().lexically_relative(corpus).generic_string()] = kz::test::read_text(entry.path());
  return files;
}

json call(const json& request) { return json::parse(kzweb::handle_request(request.dump())); }

std::map<std::string, std::string> verdicts_of(const json& factset) {
  std::map<std::string, std::string> verdicts;
  for (const json& hypothesis : factset["hypotheses"]) verdicts[hypothesis["name"]] = hypothesis["verdict"];
  return verdicts;
}

std::string first_code(const json& response) { return response["diagnostics"].at(0)["code"].get<std::string>(); }

}  // namespace

TEST_CASE("the workbench's check gives the verdicts the library gives on the same files", "[web]") {
  const json response = call({{"command", "check"},
                              {"files", corpus_files()},
                              {"rules", "kazakhstan"},
                              {"factsets", {"kazakhstan/facts/2007", "kazakhstan/facts/counterfactual-strongmen"}}});
  REQUIRE(response["ok"] == true);
  const json& report = response["report"];
  CHECK(report["rules"] == "kazakhstan");  // the page's own names, not the engine's folder
  REQUIRE(report["factsets"].size() == 2);
  CHECK(report["factsets"][0]["name"] == "kazakhstan/facts/2007");
  CHECK(response["elapsed_ms"].get<double>() > 0);

  const kz::CheckReport direct = kz::check(corpus, {corpus / "facts" / "2007", corpus / "facts" / "counterfactual-strongmen"});
  for (std::size_t f = 0; f < 2; ++f) {
    const std::map<std::string, std::string> verdicts = verdicts_of(report["factsets"][f]);
    REQUIRE(verdicts.size() == direct.factsets[f].hypotheses.size());
    for (const kz::HypothesisResult& hypothesis : direct.factsets[f].hypotheses)
      CHECK(verdicts.at(hypothesis.name) == kz::verdict_name(hypothesis.verdict));
  }
  CHECK(verdicts_of(report["factsets"][0]).at("fpg") == "supported");  // the article's conclusion for 2007
}

TEST_CASE("switching off the rows a flip names moves the verdict the flip says it moves", "[web]") {
  // Seen as of 1996 the centre-periphery verdict rests on a few facts (the corpus's
  // robustness report says which); on the whole record no single fact moves it.
  json files = corpus_files();
  const json flipped = call({{"command", "flip"},
                             {"files", files},
                             {"rules", "kazakhstan"},
                             {"factset", "kazakhstan/facts/2007"},
                             {"as_of", {"1996"}},
                             {"hypothesis", "centre_periphery"},
                             {"max_size", 1}});
  REQUIRE(flipped["ok"] == true);
  CHECK(flipped["before"] == "undecided");
  REQUIRE(flipped["after"].is_string());
  REQUIRE(flipped["removed"].size() == 1);
  // The page switches the row off: the file without that line.
  const json after = call({{"command", "check"},
                           {"files", files},
                           {"rules", "kazakhstan"},
                           {"factsets", {"kazakhstan/facts/2007"}},
                           {"as_of", {"1996"}},
                           {"without", flipped["removed"]}});
  REQUIRE(after["ok"] == true);
  CHECK(after["report"]["factsets"][0]["name"] == "kazakhstan/facts/2007@1996");
  CHECK(verdicts_of(after["report"]["factsets"][0]).at("centre_periphery") == flipped["after"]);
}

TEST_CASE("the workbench's diff sees both encodings as of the date asked", "[web]") {
  const json corpus_only = corpus_files();
  json files = corpus_only;
  // A second encoding: the corpus with a longer tenure limit.
  for (const auto& [name, text] : corpus_only.items())
    if (name.find("/facts/") == std::string::npos) files["other/" + name.substr(11)] = text;
  std::string params = files["other/params.kz"].get<std::string>();
  const std::string limit = ".param tenure_limit = 3.0";
  REQUIRE(params.find(limit) != std::string::npos);
  files["other/params.kz"] = params.replace(params.find(limit), limit.size(), ".param tenure_limit = 3.5");
  const json diff = call({{"command", "diff"},
                          {"files", files},
                          {"rules_a", "kazakhstan"},
                          {"rules_b", "other"},
                          {"factsets", {"kazakhstan/facts/2007"}},
                          {"as_of", {"1996"}}});
  REQUIRE(diff["ok"] == true);
  CHECK(diff["report"]["factsets"].at(0)["name"] == "kazakhstan/facts/2007@1996");
  CHECK(diff["report"]["differences"].size() == 1);
}

TEST_CASE("the workbench's diagnose places a syntax error in the page's file, with its code", "[web]") {
  const json response = call({{"command", "diagnose"},
                              {"files", {{"arg/rules.kz", ".decl edge(a: number, b: number)\nedge(1, 2\n"}}},
                              {"rules", "arg"}});
  REQUIRE(response["ok"] == true);
  CHECK(response["program_ok"] == false);
  const json& diagnostic = response["diagnostics"].at(0);
  CHECK(diagnostic["code"] == "E0006");
  CHECK(diagnostic["file"] == "arg/rules.kz");
  CHECK(diagnostic["line"] == 2);

  const json good = call({{"command", "diagnose"}, {"files", corpus_files()}, {"rules", "kazakhstan"}});
  REQUIRE(good["program_ok"] == true);
  CHECK(good["hypotheses"].size() == 3);
  bool akim_term_is_input = false;
  for (const json& relation : good["relations"])
    if (relation["name"] == "akim_term") akim_term_is_input = relation["input"] == true;
  CHECK(akim_term_is_input);
  CHECK_FALSE(good["params"].empty());
}

TEST_CASE("the workbench explains a claim with its proofs and says why a tuple is not derived", "[web]") {
  const json files = corpus_files();
  const json claim = call({{"command", "explain"},
                           {"files", files},
                           {"rules", "kazakhstan"},
                           {"factset", "kazakhstan/facts/2007"},
                           {"target", "claim:rakhatgate_sidelined_kin"}});
  REQUIRE(claim["ok"] == true);
  CHECK(claim["explanation"].dump().find("rakhatgate_sidelined_kin") != std::string::npos);
  const json graph = call({{"command", "graph"}, {"files", files}, {"rules", "kazakhstan"}, {"factset", "kazakhstan/facts/2007"}});
  REQUIRE(graph["ok"] == true);
  CHECK(graph["dot"].get<std::string>().rfind("digraph", 0) == 0);
}

TEST_CASE("bad workbench requests get a coded diagnostic, never a crash, and leave nothing behind", "[web]") {
  const fs::path before = fs::current_path();
  CHECK(first_code(call(json("not an object"))) == "E0703");
  CHECK(first_code(json::parse(kzweb::handle_request("{\"command\": "))) == "E0703");
  // Bytes that are not UTF-8, quoted back in the error, do not make the handler throw.
  CHECK(first_code(json::parse(kzweb::handle_request("{\"command\": \"\xff\xfe"))) == "E0703");
  CHECK(first_code(json::parse(kzweb::handle_request("\xff"))) == "E0703");
  CHECK(first_code(call({{"command", "launch"}, {"files", json::object()}})) == "E0703");
  CHECK(first_code(call({{"command", "check"}, {"files", {{"../escape.kz", ""}}}, {"rules", "x"}})) == "E0703");
  CHECK(first_code(call({{"command", "check"}, {"files", {{"/abs.kz", ""}}}, {"rules", "x"}})) == "E0703");
  CHECK(first_code(call({{"command", "check"}, {"files", {{"a.kz", 3}}}, {"rules", "a.kz"}})) == "E0703");
  // A missing fact set is the library's own error, as the CLI reports it.
  const json missing = call({{"command", "check"},
                             {"files", {{"a.kz", ".decl p(x: number)\np(1).\n"}}},
                             {"rules", "a.kz"},
                             {"factsets", {"nowhere"}}});
  CHECK(missing["ok"] == false);
  CHECK(first_code(missing).rfind("E03", 0) == 0);
  // A resource limit says so, for the page to offer a larger one.
  const json limited = call({{"command", "check"},
                             {"files", {{"a.kz", ".decl n(x: number)\nn(0).\nn(x + 1) :- n(x), x < 100000.\n"}}},
                             {"rules", "a.kz"},
                             {"max_tuples", 100}});
  CHECK(limited["ok"] == false);
  CHECK(limited["limit"] == true);
  CHECK(fs::current_path() == before);
  const std::string ours = "kzrules-web-" + std::to_string(::getpid()) + "-";
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path()))
    CHECK(entry.path().filename().string().rfind(ours, 0) != 0);
}
