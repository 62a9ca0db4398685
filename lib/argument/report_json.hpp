// The check report as JSON values, for the renderers that extend it (the what-if report
// adds its moves to the changed report's). Field names and nulls follow the contract
// (docs/cli.md, the JSON report): every claim carries every field.
#pragma once

#include <nlohmann/json.hpp>

#include "kzrules/check.hpp"
#include "kzrules/explain.hpp"

namespace kz::argument {

using Json = nlohmann::ordered_json;

Json value_json(const Value& value);
// A binding as an object from variable name to value, in the binding's order.
Json binding_json(const Binding& binding);
// A proof node with its children (explain.hpp's JSON and the report's proofs).
Json proof_json(const ProofNode& node);
// An instance with its proofs: {"binding", "note" (when set), "proofs"}.
Json instance_json(const InstanceExplanation& instance);

Json factset_json(const FactSetReport& report);
Json report_json(const CheckReport& report);

}  // namespace kz::argument
