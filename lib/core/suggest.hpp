// "Did you mean": the known name closest to a misspelled one, for error messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kz {

// The candidate nearest `name` by edit distance (insertions, deletions, substitutions
// and swaps of neighbours), if it is near enough to be a likely typo: at most a third of
// the name's length (names of one or two letters get no suggestion).
std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates);

// " (did you mean 'fpg'?)" for the closest candidate, or "" when none is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace kz
