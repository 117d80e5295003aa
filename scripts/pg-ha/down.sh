#!/usr/bin/env bash
# Stops the loopback pg_auto_failover cluster of scripts/pg-ha/up.sh and removes its folder.
#
#   scripts/pg-ha/down.sh [DIR]      default DIR: /var/tmp/qf-pgha
#
# Idempotent: nothing to do when DIR does not exist. Stops only the processes of DIR (by the pid
# files up.sh wrote and the postmaster.pid of each data folder), never by name.
set -euo pipefail

DIR=${1:-/var/tmp/qf-pgha}
PGBIN=/usr/lib/postgresql/15/bin
[ -d "$DIR" ] || exit 0
# Refuse to delete anything that does not look like a folder of up.sh.
[ -d "$DIR/monitor" ] || [ -d "$DIR/log" ] || { echo "pg-ha: $DIR is not a pg-ha folder; left alone" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- env "HOME=$DIR" "XDG_CONFIG_HOME=$DIR/config" \
    "XDG_DATA_HOME=$DIR/share" "XDG_RUNTIME_DIR=$DIR/run" "$@"; else
    env "HOME=$DIR" "XDG_CONFIG_HOME=$DIR/config" "XDG_DATA_HOME=$DIR/share" "XDG_RUNTIME_DIR=$DIR/run" "$@"
  fi
}

# Data nodes first (so the monitor does not orchestrate a failover meanwhile), then the monitor.
for name in node1 node2 node3 monitor; do
  [ -d "$DIR/$name" ] || continue
  as_pg pg_autoctl stop --pgdata "$DIR/$name" --immediate >/dev/null 2>&1 || true
done
for name in node1 node2 node3 monitor; do
  # The keeper leads its own process group (setsid in up.sh): services and postgres with it.
  pid=$(head -1 "$DIR/run/pg_autoctl$DIR/$name/pg_autoctl.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  # A postmaster left behind (its keeper was killed by a test).
  if [ -f "$DIR/$name/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$DIR/$name" stop -m immediate >/dev/null 2>&1 || true
  fi
done
rm -rf "$DIR"
echo "pg-ha: removed $DIR" >&2
