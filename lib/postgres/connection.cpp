// libpq behind Connection (see connection.hpp), opened at the first use (libpq.hpp).
#include "postgres/connection.hpp"

#include <memory>

#include <fmt/format.h>

#include "core/bad_input.hpp"
#include "postgres/libpq.hpp"

namespace kz::postgres {

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { libpq().clear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string field(const PGresult* r, int code) {
  const char* v = libpq().resultErrorField(r, code);
  return v ? v : "";
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The server turned the user, password or method down (as against no server there).
bool refused_credentials(const std::string& message) {
  for (const char* sign : {"authentication failed", "no pg_hba.conf entry", "password", "role \"",
                           "permission denied"})
    if (message.find(sign) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string display_address(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = libpq().conninfoParse(url.c_str(), &error);
  if (!options) {
    if (error) libpq().freemem(error);
    return "the server at an address libpq cannot read";
  }
  std::string user, host, port, dbname;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    const std::string key = o->keyword;
    if (key == "user") user = o->val;
    if (key == "host" || (key == "hostaddr" && host.empty())) host = o->val;
    if (key == "port") port = o->val;
    if (key == "dbname") dbname = o->val;
  }
  libpq().conninfoFree(options);
  std::string out = "postgresql://";
  if (!user.empty()) out += user + "@";
  if (host.empty() || host.front() == '/') {
    out += "/" + dbname;
    if (!host.empty()) out += "?host=" + host;
    if (!port.empty()) out += std::string(host.empty() ? "?" : "&") + "port=" + port;
    return out;
  }
  out += host;
  if (!port.empty()) out += ":" + port;
  return out + "/" + dbname;
}

Connection::Connection(const std::string& url) : address_(display_address(url)) {
  conn_ = libpq().connectdb(url.c_str());
  if (conn_ && libpq().status(conn_) == CONNECTION_OK) return;
  const std::string message = trimmed(conn_ ? libpq().errorMessage(conn_) : "out of memory");
  if (conn_) libpq().finish(conn_);
  conn_ = nullptr;
  if (refused_credentials(message))
    throw_bad_input(ErrorCode::backend_refused, fmt::format("{} refused the connection: {}", address_, message));
  throw_bad_input(ErrorCode::backend_unreachable, fmt::format("cannot reach {}: {}", address_, message));
}

Connection::~Connection() {
  if (conn_) libpq().finish(conn_);
}

ServerError Connection::connection_error() const {
  ServerError e;
  e.sqlstate = "08000";
  e.message = trimmed(libpq().errorMessage(conn_));
  return e;
}

std::optional<ServerError> Connection::result_error(void* raw) {
  Result r(static_cast<PGresult*>(raw));
  if (!r) return connection_error();
  const ExecStatusType status = libpq().resultStatus(r.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return std::nullopt;
  ServerError e;
  e.sqlstate = field(r.get(), PG_DIAG_SQLSTATE);
  e.message = field(r.get(), PG_DIAG_MESSAGE_PRIMARY);
  if (e.message.empty()) e.message = trimmed(libpq().resultErrorMessage(r.get()));
  e.detail = field(r.get(), PG_DIAG_MESSAGE_DETAIL);
  e.context = field(r.get(), PG_DIAG_CONTEXT);
  return e;
}

std::optional<ServerError> Connection::run(const std::string& sql) {
  auto error = result_error(libpq().exec(conn_, sql.c_str()));
  if (error) return error;
  // A dropped connection shows only on the next call: say so now.
  if (libpq().status(conn_) != CONNECTION_OK) return connection_error();
  return std::nullopt;
}

std::optional<ServerError> Connection::query_value(const std::string& sql, std::string& value) {
  Result r(libpq().exec(conn_, sql.c_str()));
  if (!r || libpq().resultStatus(r.get()) != PGRES_TUPLES_OK) return result_error(r.release());
  value = libpq().ntuples(r.get()) > 0 && libpq().nfields(r.get()) > 0 ? libpq().getvalue(r.get(), 0, 0) : "";
  return std::nullopt;
}

std::optional<ServerError> Connection::copy_in(const std::string& sql, const std::function<bool(std::string&)>& next) {
  Result start(libpq().exec(conn_, sql.c_str()));
  if (!start || libpq().resultStatus(start.get()) != PGRES_COPY_IN) return result_error(start.release());
  std::string chunk;
  bool more = true;
  while (more) {
    chunk.clear();
    more = next(chunk);
    if (!chunk.empty() && libpq().putCopyData(conn_, chunk.data(), static_cast<int>(chunk.size())) != 1) break;
  }
  if (libpq().putCopyEnd(conn_, nullptr) != 1) return connection_error();
  std::optional<ServerError> error;
  while (PGresult* r = libpq().getResult(conn_)) {
    auto e = result_error(r);
    if (e && !error) error = e;
  }
  return error;
}

std::optional<ServerError> Connection::copy_out(const std::string& sql,
                                                const std::function<bool(std::string_view)>& line) {
  Result start(libpq().exec(conn_, sql.c_str()));
  if (!start || libpq().resultStatus(start.get()) != PGRES_COPY_OUT) return result_error(start.release());
  bool good = true;
  for (;;) {
    char* buffer = nullptr;
    const int n = libpq().getCopyData(conn_, &buffer, 0);
    if (n < 0) break;  // -1: done; -2: failed, which PQgetResult tells
    std::string_view data(buffer, static_cast<std::size_t>(n));
    if (!data.empty() && data.back() == '\n') data.remove_suffix(1);
    if (good) good = line(data);
    libpq().freemem(buffer);
  }
  std::optional<ServerError> error;
  while (PGresult* r = libpq().getResult(conn_)) {
    auto e = result_error(r);
    if (e && !error) error = e;
  }
  if (!error && !good) error = ServerError{"XX000", "a row the server sent does not fit its relation", "", ""};
  return error;
}

}  // namespace kz::postgres
