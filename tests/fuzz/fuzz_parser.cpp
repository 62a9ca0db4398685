// libFuzzer harness: the parser and checker on arbitrary bytes.
//
// parse_string never throws for bad input (program.hpp): it returns a Program or the
// diagnostics that explain why there is none. Any exception, crash, sanitizer report,
// leak or hang here is a finding. The diagnostics are rendered too, since every error
// quotes its source line and puts a caret under the spot.
#include <cstddef>
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>

#include "kzrules/kzrules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  kz::ParseResult result = kz::parse_string(text, "fuzz.dl");
  const std::string rendered = kz::render(result.diagnostics, /*color=*/(size & 1) != 0);
  // A message must be meant for people: "expected N5boost6spirit2x3..." is the mangled
  // type of an unnamed X3 parser leaking out of an expectation failure.
  for (const auto& d : result.diagnostics)
    if (d.message.rfind("expected N", 0) == 0 && d.message.size() > 10 && d.message[10] >= '0' &&
        d.message[10] <= '9') {
      fprintf(stderr, "mangled name in a diagnostic:\n%s\n", rendered.c_str());
      __builtin_trap();
    }
  if (!result.ok()) {
    // A failed parse must say why.
    if (result.diagnostics.empty()) __builtin_trap();
    return 0;
  }
  const kz::Program& program = *result.program;
  const auto relations = program.relations();
  if (!relations.empty() && !program.relation(relations.back().name)) __builtin_trap();
  if (program.relation("?no such relation")) __builtin_trap();
  for (const auto& param : program.params()) (void)kz::format_value(param.value);
  (void)program.rule_count();
  return 0;
}
