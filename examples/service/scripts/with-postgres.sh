#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: finds the server's binaries (installing
# Debian's `postgresql` package when they are missing and this runs as root with apt), creates
# a cluster in a temporary directory listening only on 127.0.0.1 on a free port, starts it,
# exports KWANUS_DATABASE_URL, runs the command, and stops and removes the cluster on exit.
#
#   examples/service/scripts/with-postgres.sh cargo test -p kwanus-service-example
#
# initdb and postgres refuse to run as root: as root, the cluster belongs to the `postgres`
# system user when there is one, otherwise to an unprivileged user this script creates.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args…]" >&2
  exit 2
fi

find_bin() {
  local dir
  for dir in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")" \
    $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! bindir=$(find_bin); then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "with-postgres: PostgreSQL is not installed; installing Debian's postgresql package" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bindir=$(find_bin) || { echo "with-postgres: no initdb after the install" >&2; exit 1; }
  else
    echo "with-postgres: initdb, pg_ctl and postgres not found (install PostgreSQL, or run as root with apt)" >&2
    exit 1
  fi
fi

# who owns the cluster
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  if ! id "$owner" >/dev/null 2>&1; then
    owner=kwanus-pg
    id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
  fi
  if command -v runuser >/dev/null 2>&1; then
    run_as=(runuser -u "$owner" --)
  else
    run_as=(su -s /bin/sh "$owner" -c '"$0" "$@"')
  fi
fi

# a free port on 127.0.0.1 (asked of the kernel; a clash with another starter is retried)
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/kwanus-pg.XXXXXX")
chmod 755 "$dir"
data="$dir/data"
log="$dir/server.log"
cleanup() {
  local rc=$?
  if [ -f "$data/postmaster.pid" ]; then
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT INT TERM

if [ "${#run_as[@]}" -gt 0 ]; then
  chown "$owner" "$dir"
fi
"${run_as[@]}" "$bindir/initdb" -D "$data" -U kwanus --auth=trust --encoding=UTF8 --locale=C \
  --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

started=""
for _ in 1 2 3 4 5; do
  port=$(free_port)
  # only 127.0.0.1, the socket in the cluster's own directory; fsync off: a test server
  if "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  echo "with-postgres: the server did not start:" >&2
  cat "$log" >&2 || true
  exit 1
fi

export KWANUS_DATABASE_URL="postgres://kwanus@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | sed "s/^postgres (PostgreSQL) //") on 127.0.0.1:$port (cluster in $dir, removed on exit)" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
