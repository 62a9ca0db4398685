// Reading "YYYY[-MM[-DD]]" strictly: a date that does not exist is refused, so a typo in
// a fact's date is an error rather than a fact quietly kept or dropped.
#include "core/calendar.hpp"

#include <fmt/format.h>

namespace kz {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

}  // namespace

std::string CalendarDate::text() const {
  if (month == 0) return fmt::format("{}", year);
  if (day == 0) return fmt::format("{:04}-{:02}", year, month);
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::optional<CalendarDate> calendar_year(std::int64_t year) {
  if (year < 1 || year > 9999) return std::nullopt;
  return CalendarDate{static_cast<int>(year), 0, 0};
}

std::optional<CalendarDate> parse_calendar_date(std::string_view text) {
  const auto year_part = text.substr(0, text.find('-'));
  if (year_part.size() != 4 || !all_digits(year_part)) return std::nullopt;
  CalendarDate date{to_int(year_part), 0, 0};
  if (date.year < 1) return std::nullopt;
  if (year_part.size() == text.size()) return date;
  text.remove_prefix(5);
  const auto month_part = text.substr(0, text.find('-'));
  if (month_part.size() != 2 || !all_digits(month_part)) return std::nullopt;
  date.month = to_int(month_part);
  if (date.month < 1 || date.month > 12) return std::nullopt;
  if (month_part.size() == text.size()) return date;
  text.remove_prefix(3);
  if (text.size() != 2 || !all_digits(text)) return std::nullopt;
  date.day = to_int(text);
  if (date.day < 1 || date.day > days_in_month(date.year, date.month)) return std::nullopt;
  return date;
}

}  // namespace kz
