// Claims and verdicts: the argument layer on top of the evaluator.
#pragma once

#include <vector>

#include "kzrules/check.hpp"

namespace kz::eval {
class Engine;
}
namespace kz::sem {
struct Program;
}

namespace kz::argument {

// Evaluates claim `claim_index` of the engine's program on its (evaluated) relations.
ClaimResult evaluate_claim(eval::Engine& engine, std::size_t claim_index);

// Marks each link passed or failed (and weighs it under --bayes), then gives every
// hypothesis its verdict and fills `supports`.
void judge(const sem::Program& program, FactSetReport& report, bool bayes);

}  // namespace kz::argument
