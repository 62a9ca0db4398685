// Claims and verdicts: the argument layer on top of the evaluator.
#pragma once

#include <cstdint>
#include <vector>

#include "kzrules/check.hpp"

namespace kz::eval {
class Engine;
}
namespace kz::api {
struct RemoteClaim;
}
namespace kz::sem {
struct Program;
enum class ClaimForm : std::uint8_t;
enum class TestType : std::uint8_t;
}

namespace kz::argument {

// Evaluates claim `claim_index` of the engine's program on its (evaluated) relations, or,
// given `remote`, from what a backend's server found for it (its solutions, which of them
// the conclusion extends, the sides of `holds`): the same outcome, instances and order.
ClaimResult evaluate_claim(eval::Engine& engine, std::size_t claim_index, const api::RemoteClaim* remote = nullptr);

// Marks each link passed or failed (and weighs it under --bayes), then gives every
// hypothesis its verdict and fills `supports`.
void judge(const sem::Program& program, FactSetReport& report, bool bayes);

// The checked model's claim forms and test types as the public headers name them.
ClaimForm public_form(sem::ClaimForm form) noexcept;
TestType public_test(sem::TestType test) noexcept;

}  // namespace kz::argument
