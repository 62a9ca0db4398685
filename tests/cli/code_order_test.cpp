// The CLI is linked with the functions common commands execute placed together
// (tools/code-order/): a run then keeps a fraction of the binary's code resident. These
// tests read the built binary's symbol table: the listed functions must still exist (a
// list gone stale after a refactoring orders nothing) and sit next to each other.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

// Address and size of each function the binary defines, by mangled name.
std::map<std::string, std::pair<unsigned long long, unsigned long long>> functions_of(const std::string& binary) {
  std::map<std::string, std::pair<unsigned long long, unsigned long long>> out;
  std::unique_ptr<FILE, int (*)(FILE*)> nm(popen(("nm -S --defined-only '" + binary + "'").c_str(), "r"), pclose);
  REQUIRE(nm);
  char line[8192];
  while (std::fgets(line, sizeof line, nm.get())) {
    std::istringstream fields(line);
    std::string address, size, type, name;
    if (!(fields >> address >> size >> type >> name)) continue;  // no size: not a function we list
    if (type != "t" && type != "T" && type != "W" && type != "w") continue;
    out[name] = {std::stoull(address, nullptr, 16), std::stoull(size, nullptr, 16)};
  }
  return out;
}

std::vector<std::string> listed_functions() {
  std::ifstream in(std::string(KZ_SOURCE_DIR) + "/tools/code-order/kzrules.order");
  REQUIRE(in);
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') names.push_back(line);
  return names;
}

}  // namespace

TEST_CASE("the CLI's commonly run code is linked together, in the listed order", "[cli][code-order]") {
#ifndef KZ_CODE_ORDERED
  WARN("built without lld (KZ_ORDER_CODE): the CLI's code is in source order");
#else
  const auto functions = functions_of(KZ_CLI);
  const auto listed = listed_functions();
  REQUIRE(listed.size() > 300);
  std::vector<std::pair<unsigned long long, unsigned long long>> placed;  // address, size, in list order
  for (const auto& name : listed) {
    auto it = functions.find(name);
    if (it != functions.end()) placed.push_back(it->second);
  }
  // A list made before a large change names functions that are gone: regenerate it
  // (tools/code-order/code_order.py) when this fails.
  INFO(placed.size() << " of " << listed.size() << " listed functions are in the binary");
  CHECK(placed.size() * 10 >= listed.size() * 9);
  // In list order, and with nothing else between them: their span is their total size
  // but for alignment padding.
  CHECK(std::is_sorted(placed.begin(), placed.end()));
  unsigned long long total = 0, lowest = ~0ull, highest = 0;
  for (const auto& [address, size] : placed) {
    total += size;
    lowest = std::min(lowest, address);
    highest = std::max(highest, address + size);
  }
  INFO("listed code " << total << " bytes, spread over " << (highest - lowest));
  CHECK(highest - lowest < total + total / 4);
#endif
}
