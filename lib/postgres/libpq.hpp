// libpq, opened the first time a connection needs it instead of linked into every
// kzrules: the client library and what it pulls in (TLS, Kerberos, LDAP) cost 7 MB of
// memory in each process that starts, and most runs never reach a server. The functions
// keep libpq's own signatures (libpq-fe.h).
#pragma once

#include <libpq-fe.h>

namespace kz::postgres {

struct LibPq {
  decltype(&::PQconnectdb) connectdb;
  decltype(&::PQstatus) status;
  decltype(&::PQerrorMessage) errorMessage;
  decltype(&::PQfinish) finish;
  decltype(&::PQexec) exec;
  decltype(&::PQresultStatus) resultStatus;
  decltype(&::PQresultErrorMessage) resultErrorMessage;
  decltype(&::PQresultErrorField) resultErrorField;
  decltype(&::PQclear) clear;
  decltype(&::PQntuples) ntuples;
  decltype(&::PQnfields) nfields;
  decltype(&::PQgetvalue) getvalue;
  decltype(&::PQgetResult) getResult;
  decltype(&::PQputCopyData) putCopyData;
  decltype(&::PQputCopyEnd) putCopyEnd;
  decltype(&::PQgetCopyData) getCopyData;
  decltype(&::PQfreemem) freemem;
  decltype(&::PQconninfoParse) conninfoParse;
  decltype(&::PQconninfoFree) conninfoFree;
};

// libpq's functions, from the library the environment variable KZ_LIBPQ names, else from
// libpq.so.5. Throws kz::Error (backend_unavailable, E0805) when it cannot be opened or
// lacks one of them, naming the package that provides it.
const LibPq& libpq();

}  // namespace kz::postgres
