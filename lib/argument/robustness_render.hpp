// The robustness section each check renderer adds to a fact set's part when the check
// ran with CheckOptions::robustness (each gives nothing otherwise), and the pieces the
// robustness report itself is made of (robustness_render.cpp). Kept out of render.cpp
// and html.cpp, which call these in one line each.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kzrules/check.hpp"
#include "kzrules/robustness.hpp"

namespace kz::argument {

std::string robustness_text(const FactSetReport& report, const RenderOptions& options);
std::string robustness_markdown(const FactSetReport& report);
std::string robustness_html(const FactSetReport& report);
// Adds "robustness" to a fact set's JSON object.
void add_robustness_json(const FactSetReport& report, nlohmann::ordered_json& factset);

}  // namespace kz::argument
