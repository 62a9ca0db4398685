// Dates as the argument layer reads them (`.dated`, `.as_of`, `check --as-of`): a year,
// or a date written "YYYY", "YYYY-MM" or "YYYY-MM-DD". Comparison is by year, then
// month, then day; a part that is not written counts as the first (month 1, day 1),
// except that an *as-of* date given as a year alone means that year's last day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kz {

struct CalendarDate {
  int year = 0;
  int month = 0;  // 0: not written
  int day = 0;    // 0: not written

  // The day this date stands for as a fact's date: missing parts count as the first.
  std::int64_t first_day_key() const noexcept {
    return std::int64_t{year} * 10000 + (month ? month : 1) * 100 + (day ? day : 1);
  }
  // The last day a fact may be dated to be seen as of this date: a year alone means
  // December 31; otherwise the date as written, missing parts counting as the first.
  std::int64_t as_of_key() const noexcept {
    if (month == 0) return std::int64_t{year} * 10000 + 1231;
    return first_day_key();
  }
  // As written: 1996, 2001-03, 2001-03-15.
  std::string text() const;
};

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a real month and a day that exists in that
// month (leap years included); nullopt otherwise. Years run from 1 to 9999.
std::optional<CalendarDate> parse_calendar_date(std::string_view text);
// A year given as a number: 1 to 9999.
std::optional<CalendarDate> calendar_year(std::int64_t year);

}  // namespace kz
