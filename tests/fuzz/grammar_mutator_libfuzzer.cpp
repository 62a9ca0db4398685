// libFuzzer's custom mutator for the harnesses that read program text: three mutations in
// four work on the language's tokens (grammar_mutator.hpp), the fourth is libFuzzer's own
// byte-level one, which still finds what tokens cannot (bad UTF-8, stray bytes, cut-off
// literals).
#include <cstring>

#include "grammar_mutator.hpp"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  if (seed % 4 == 0) return LLVMFuzzerMutate(data, size, max_size);
  const std::string mutated =
      kz::fuzz::mutate_program(std::string_view(reinterpret_cast<const char*>(data), size), seed / 4, max_size);
  std::memcpy(data, mutated.data(), mutated.size());
  return mutated.size();
}
