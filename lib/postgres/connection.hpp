// One libpq connection: connecting (with the failure's cause told apart), statements,
// and COPY in and out. Messages name the server by its address without the password.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kzrules/diagnostic.hpp"

struct pg_conn;

namespace kz::postgres {

// What the server said about a failed statement.
struct ServerError {
  std::string sqlstate;  // 22003, KZ404, ...
  std::string message;   // the primary message
  std::string detail;
  std::string context;   // PL/pgSQL's "line N at SQL statement"
};

// The address as messages show it: `postgresql://user@host:port/db`, no password.
std::string display_address(const std::string& url);

class Connection {
 public:
  // Throws kz::Error: backend_refused when the server turned the credentials down,
  // backend_unreachable otherwise.
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& address() const noexcept { return address_; }

  // Runs one statement (or several, without results); the server's error, if any.
  std::optional<ServerError> run(const std::string& sql);
  // Runs a query and gives the first column of its first row.
  std::optional<ServerError> query_value(const std::string& sql, std::string& value);
  // COPY ... FROM STDIN, fed by `next` (which appends data to its argument and returns
  // false when there is no more).
  std::optional<ServerError> copy_in(const std::string& sql, const std::function<bool(std::string&)>& next);
  // COPY ... TO STDOUT, each line (without its newline) given to `line`; `line` returns
  // false to give up on bad data (the result is then an error "bad row").
  std::optional<ServerError> copy_out(const std::string& sql, const std::function<bool(std::string_view)>& line);

 private:
  std::optional<ServerError> result_error(void* result);
  ServerError connection_error() const;

  pg_conn* conn_ = nullptr;
  std::string address_;
};

}  // namespace kz::postgres
