// The helper functions (kz_substr, kz_date, kz_range, ...) a translated program calls:
// each a `CREATE OR REPLACE FUNCTION` statement, created before the tables.
#pragma once

#include <string>
#include <vector>

namespace kz::sql {

std::vector<std::string> helper_functions();

}  // namespace kz::sql
