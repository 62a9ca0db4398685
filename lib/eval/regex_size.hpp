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

// An upper estimate of the compiled pattern's states: each literal, class or group
// counts one, a group its contents plus one, alternatives their largest branch, and a
// {n}, {n,} or {n,m} repetition multiplies what it repeats by its largest count.
double regex_states(std::string_view pattern);

}  // namespace kz::eval
