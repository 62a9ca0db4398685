// Opening libpq at the first connection (see libpq.hpp).
#include "postgres/libpq.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "core/bad_input.hpp"

namespace kz::postgres {

namespace {

struct Loaded {
  LibPq functions{};
  std::string error;  // empty when every function was found
};

template <typename Function>
bool resolve(void* library, const char* name, Function& out) {
  out = reinterpret_cast<Function>(::dlsym(library, name));
  return out != nullptr;
}

Loaded load() {
  Loaded loaded;
  const char* configured = std::getenv("KZ_LIBPQ");
  const std::string path = configured && *configured ? configured : "libpq.so.5";
  // Kept open for the process's life: connections may be made until exit.
  void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char* why = ::dlerror();
    loaded.error = fmt::format("cannot open the PostgreSQL client library {} ({}): install libpq5, or name the "
                               "library in KZ_LIBPQ",
                               path, why ? why : "no reason given");
    return loaded;
  }
  LibPq& f = loaded.functions;
  const char* missing = nullptr;
  auto need = [&](const char* name, auto& function) {
    if (!missing && !resolve(library, name, function)) missing = name;
  };
  need("PQconnectdb", f.connectdb);
  need("PQstatus", f.status);
  need("PQerrorMessage", f.errorMessage);
  need("PQfinish", f.finish);
  need("PQexec", f.exec);
  need("PQresultStatus", f.resultStatus);
  need("PQresultErrorMessage", f.resultErrorMessage);
  need("PQresultErrorField", f.resultErrorField);
  need("PQclear", f.clear);
  need("PQntuples", f.ntuples);
  need("PQnfields", f.nfields);
  need("PQgetvalue", f.getvalue);
  need("PQgetResult", f.getResult);
  need("PQputCopyData", f.putCopyData);
  need("PQputCopyEnd", f.putCopyEnd);
  need("PQgetCopyData", f.getCopyData);
  need("PQfreemem", f.freemem);
  need("PQconninfoParse", f.conninfoParse);
  need("PQconninfoFree", f.conninfoFree);
  if (missing) loaded.error = fmt::format("{} is not a PostgreSQL client library: it has no {}", path, missing);
  return loaded;
}

}  // namespace

const LibPq& libpq() {
  static const Loaded loaded = load();  // once, even with connections on several threads
  if (!loaded.error.empty()) throw_bad_input(ErrorCode::backend_unavailable, loaded.error);
  return loaded.functions;
}

}  // namespace kz::postgres
