// How large a regular expression of match() would grow once compiled, estimated before
// std::regex sees it. libstdc++ copies a counted repetition's automaton once per count
// ((a{1000}){1000} is a million states), and it reads the count into an int without an
// overflow check (a{99999999999} is undefined behaviour, found by fuzz_pipeline). A
// pattern past the limit is a clear "bad regular expression" error instead.
#pragma once

#include <cstddef>
#include <string_view>

namespace kz::eval {

inline constexpr double max_regex_states = 10000;
// Groups nested deeper than this are refused: libstdc++ compiles them recursively, so a
// deep enough pattern overflows the stack.
inline constexpr std::size_t max_regex_nesting = 100;
// The breadth-first matcher steps through every state for every character: a match
// whose states times characters passes this is refused rather than run for minutes
// (a 3,000-way alternation against a 200,000-character symbol took 21 s), so --timeout
// holds for match() too.
inline constexpr double max_regex_work = 5e7;

// An upper estimate of the compiled pattern's states: each literal, class or group
// counts one, a group its contents plus one, alternatives the sum of their branches
// (each is a path of its own in the automaton), and a {n}, {n,} or {n,m} repetition
// multiplies what it repeats by its largest count. Infinity when groups nest deeper
// than max_regex_nesting.
double regex_states(std::string_view pattern);

}  // namespace kz::eval
