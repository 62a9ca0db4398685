// COPY's text format (see copy_text.hpp).
#include "postgres/copy_text.hpp"

namespace kz::postgres {

void append_escaped(std::string& out, std::string_view field) {
  for (char c : field) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool split_row(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  fields.emplace_back();
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\t') {
      fields.emplace_back();
      continue;
    }
    if (c != '\\') {
      fields.back() += c;
      continue;
    }
    if (++i == line.size()) return false;
    const char e = line[i];
    switch (e) {
      case 'b': fields.back() += '\b'; break;
      case 'f': fields.back() += '\f'; break;
      case 'n': fields.back() += '\n'; break;
      case 'r': fields.back() += '\r'; break;
      case 't': fields.back() += '\t'; break;
      case 'v': fields.back() += '\v'; break;
      case 'N': return false;
      case 'x': {
        int value = 0, digits = 0;
        while (digits < 2 && i + 1 < line.size() && hex_value(line[i + 1]) >= 0) value = value * 16 + hex_value(line[++i]), ++digits;
        if (digits == 0) return false;
        fields.back() += static_cast<char>(value);
        break;
      }
      default:
        if (is_octal(e)) {
          int value = e - '0', digits = 1;
          while (digits < 3 && i + 1 < line.size() && is_octal(line[i + 1])) value = value * 8 + (line[++i] - '0'), ++digits;
          fields.back() += static_cast<char>(value);
        } else {
          fields.back() += e;  // \\ and any other character stand for themselves
        }
    }
  }
  return true;
}

}  // namespace kz::postgres
