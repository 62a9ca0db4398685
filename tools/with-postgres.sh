#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server: a cluster made by initdb in a
# temporary folder, listening only on a Unix socket there (no TCP), trusted local
# connections, stopped and removed when the command ends. The command sees the server's
# address in KZ_TEST_POSTGRES_URL. When no server can start (PostgreSQL not installed,
# initdb refusing), it says why on stderr and runs the command without the variable:
# the backend tests then report themselves skipped, never passed.
#   tools/with-postgres.sh ctest --test-dir build
set -uo pipefail

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -Vr) "$(dirname "$(command -v initdb 2>/dev/null || echo /none/x)")"; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

as_server_user() {
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

unset KZ_TEST_POSTGRES_URL
bindir=$(find_bindir) || bindir=""
root=""
started=""
cleanup() {
  if [ -n "$started" ]; then as_server_user "$bindir/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1; fi
  [ -n "$root" ] && rm -rf "$root"
}
trap cleanup EXIT INT TERM

if [ -z "$bindir" ]; then
  echo "with-postgres: no PostgreSQL server programs (apt-get install postgresql); the backend tests will be skipped" >&2
elif [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "with-postgres: running as root and there is no 'postgres' user to run the server; the backend tests will be skipped" >&2
else
  root=$(mktemp -d /tmp/kz-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$root"
  if ! as_server_user "$bindir/initdb" -D "$root/data" --auth=trust -U postgres -E UTF8 --no-sync >"$root/initdb.log" 2>&1; then
    echo "with-postgres: initdb failed (the backend tests will be skipped):" >&2
    tail -5 "$root/initdb.log" >&2
  elif ! as_server_user "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
      -o "-k $root -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start \
      >/dev/null 2>&1; then
    started=yes  # pg_ctl may leave a server behind even when it fails
    echo "with-postgres: the server did not start (the backend tests will be skipped):" >&2
    tail -5 "$root/server.log" >&2
  else
    started=yes
    export KZ_TEST_POSTGRES_URL="postgresql:///postgres?host=$root&user=postgres"
    echo "with-postgres: a throwaway server at $KZ_TEST_POSTGRES_URL" >&2
  fi
fi

"$@"
