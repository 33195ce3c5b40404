#!/usr/bin/env bash
# Installs PostgreSQL from Debian packages when missing and starts a private cluster on 127.0.0.1 for tests.
# Idempotent: an installed server and a running cluster are left as they are. Prints the DATABASE_URL to use.
# Env: VOICEOPS_PG_DIR (cluster directory, default /tmp/voiceops-pg), VOICEOPS_PG_PORT (default 55432).
set -euo pipefail
dir=${VOICEOPS_PG_DIR:-/tmp/voiceops-pg}
port=${VOICEOPS_PG_PORT:-55432}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "PostgreSQL is not installed; run this script as root to install it" >&2; exit 1; fi
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# The server refuses to run as root: as root, run it as the postgres user the package created.
as_owner() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  as_owner "'$bindir/initdb' -D '$dir' -U postgres --auth=trust --encoding=UTF8 --no-locale" >&2
  cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = on
shared_buffers = 64MB
CONF
fi

if ! as_owner "'$bindir/pg_ctl' -D '$dir' status" >/dev/null 2>&1; then
  as_owner "'$bindir/pg_ctl' -D '$dir' -l '$dir/server.log' -w -t 60 start" >&2
fi
as_owner "'$bindir/psql' -h 127.0.0.1 -p $port -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname = 'voiceops_test'\"" | grep -q 1 ||
  as_owner "'$bindir/createdb' -h 127.0.0.1 -p $port -U postgres voiceops_test" >&2
echo "postgres://postgres@127.0.0.1:$port/voiceops_test"
