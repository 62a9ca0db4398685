// A structure-aware mutator for program text: it works on the language's tokens, not on
// bytes, so that a fuzzer reaches deep and unusual constructs (aggregates nested in atom
// arguments, claims inside brackets, long chains of directives) that byte flips almost
// never assemble. Issue 16's exponential parse was 24 nested aggregates in 429 bytes.
//
// mutate_program is a pure function of its input and seed, so it is tested like any
// other code (tests/hardening/grammar_mutator_test.cpp); grammar_mutator_libfuzzer.cpp
// hands it to libFuzzer as LLVMFuzzerCustomMutator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kz::fuzz {

// The text cut into the language's tokens (words and directives, numbers, strings,
// comments, operators, brackets) with the whitespace before each kept on it, so that
// joining the tokens gives the text back.
std::vector<std::string> tokens_of(std::string_view text);

// One mutation of `text` chosen by `seed`: a token replaced by a keyword or operator of the
// language, a span wrapped in a construct that nests (an aggregate, brackets, a negation,
// a functor call), a bracketed group put inside a copy of itself, a span copied, a
// fragment of a declaration, rule or claim inserted, a span removed, or two tokens
// swapped. The result is at most `max_size` bytes (the text unchanged when every try
// would exceed it).
std::string mutate_program(std::string_view text, std::uint32_t seed, std::size_t max_size);

}  // namespace kz::fuzz
