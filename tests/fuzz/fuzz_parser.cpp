// libFuzzer harness: the parser and checker on arbitrary bytes.
//
// parse_string never throws for bad input (program.hpp): it returns a Program or the
// diagnostics that explain why there is none. Any exception, crash, sanitizer report,
// leak or hang here is a finding. The diagnostics are rendered too, since every error
// quotes its source line and puts a caret under the spot.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kzrules/kzrules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  kz::ParseResult result = kz::parse_string(text, "fuzz.dl");
  const std::string rendered = kz::render(result.diagnostics, /*color=*/(size & 1) != 0);
  if (!result.ok()) {
    // A failed parse must say why.
    if (result.diagnostics.empty()) __builtin_trap();
    return 0;
  }
  const kz::Program& program = *result.program;
  for (const auto& relation : program.relations()) (void)program.relation(relation.name);
  for (const auto& param : program.params()) (void)kz::format_value(param.value);
  (void)program.rule_count();
  return 0;
}
