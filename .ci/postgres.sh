#!/usr/bin/env bash
# A throwaway PostgreSQL for the workshop tests: a fresh cluster in a temporary folder, on a
# free port of 127.0.0.1, trust authentication for the local test user, stopped by the caller
# (`.ci/postgres.sh stop DIR`). Prints `DIR URL` on success. Debian's postgresql package
# provides the server binaries; PostgreSQL refuses to run as root, so as root the cluster is
# run by the `postgres` user.
set -euo pipefail

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] || { echo "no PostgreSQL server under /usr/lib/postgresql" >&2; exit 1; }
  echo "$dir"
}

as_owner() {  # run a command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

if [ "${1:-}" = stop ]; then
  as_owner "'$(bindir)/pg_ctl' -D '$2/data' -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$2"
  exit 0
fi

BIN=$(bindir)
DIR=$(mktemp -d /tmp/replylab-pg.XXXXXX)
chmod 755 "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "'$BIN/initdb' -D '$DIR/data' -A trust -U replylab >'$DIR/initdb.log' 2>&1"
as_owner "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -o \"-p $PORT -h 127.0.0.1 -k '$DIR'\" start >/dev/null"
echo "$DIR postgresql+psycopg://replylab@127.0.0.1:$PORT/postgres"
