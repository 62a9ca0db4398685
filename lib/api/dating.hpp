// Leaving out the rows dated after the date a program is seen as of (lib/api/dating.cpp).
#pragma once

#include "eval/engine.hpp"

namespace kz::api {

// Checks the date of every row of each `.dated` relation and removes those dated after
// the program's as-of date. Throws kz::Error (bad_date) at the first row whose date is
// not a date, naming its file and line.
void leave_out_rows_after_as_of(eval::Engine& engine);

}  // namespace kz::api
