// The backend in a build without libpq (KZ_WITH_POSTGRESQL=OFF, the WebAssembly build):
// asking for it is an error that says so.
#include "core/bad_input.hpp"
#include "kzrules/postgresql.hpp"

namespace kz {

std::shared_ptr<const Backend> postgresql_backend(PostgresOptions) {
  throw_bad_input(ErrorCode::backend_unavailable,
                  "this kzrules was built without PostgreSQL (libpq): --backend cannot be used; rebuild with "
                  "libpq-dev installed, or run in process");
}

bool postgresql_available() noexcept { return false; }

}  // namespace kz
