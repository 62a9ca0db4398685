// Facts seen as of a date (docs/language.md, "Time"): before a database evaluates, the
// rows of each `.dated` relation that came from fact files or from code have their dates
// checked, and those dated after the program's as-of date are left out. Facts written
// in the language were dated when the program was read (lib/semantics/lower_coverage.cpp).
#include "api/dating.hpp"

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "core/calendar.hpp"

namespace kz::api {

void leave_out_rows_after_as_of(eval::Engine& engine) {
  const sem::Program& program = engine.program();
  for (const auto& dating : program.datings) {
    const sem::Relation& relation = program.relations[dating.relation];
    const Kind kind = relation.attributes[dating.attribute].kind;
    std::uint32_t row_number = 0;
    engine.remove_rows_if(dating.relation, [&](eval::RowRef row) {
      const std::uint32_t this_row = row_number++;
      const std::uint64_t word = row[dating.attribute];
      std::optional<CalendarDate> date = kind == Kind::symbol
                                             ? parse_calendar_date(engine.symbols().text(word))
                                             : calendar_year(static_cast<std::int64_t>(word));
      if (!date) {
        std::string where;
        if (const auto origin = engine.input_origin(dating.relation, this_row))
          where = fmt::format("{}:{}: ", engine.input_files()[origin->file], origin->line);
        throw_bad_input(ErrorCode::bad_date,
                        fmt::format("{}'{}' is dated by '{}', and {} is not a date: write a year or \"YYYY\", "
                                    "\"YYYY-MM\", \"YYYY-MM-DD\"",
                                    where, relation.name, relation.attributes[dating.attribute].name,
                                    engine.format(kind, word)));
      }
      return program.as_of && date->first_day_key() > program.as_of->as_of_key();
    });
  }
}

}  // namespace kz::api
