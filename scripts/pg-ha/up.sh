#!/usr/bin/env bash
# A pg_auto_failover cluster on loopback for tests and benchmarks (docs/operations-ha.md):
# a monitor and two PostgreSQL 15 data nodes, primary + synchronous secondary.
#
#   scripts/pg-ha/up.sh [DIR]        default DIR: /var/tmp/qf-pgha (never inside the checkout)
#
# Ports: QF_HA_PORT_BASE (default 55440) = monitor, +1 = node1, +2 = node2. Installs the Debian
# packages pg-auto-failover-cli and postgresql-15-auto-failover when missing (as root). Runs every
# pg_autoctl as the postgres user (PostgreSQL refuses root). Idempotent: a cluster already up in
# DIR is reused. Prints the multi-host URL as the last line: QF_HA_URL=postgres://…
set -euo pipefail

DIR=${1:-/var/tmp/qf-pgha}
BASE=${QF_HA_PORT_BASE:-55440}
MON_PORT=$BASE
P1=$((BASE + 1))
P2=$((BASE + 2))
DB=qingfeng
PGBIN=/usr/lib/postgresql/15/bin

die() {
  echo "pg-ha: $*" >&2
  exit 1
}

case "$(realpath -m "$DIR")" in
  "$(realpath -m "$(dirname "$0")/../..")"*) die "DIR $DIR is inside the checkout; use a folder outside it" ;;
esac

if ! command -v pg_autoctl >/dev/null || [ ! -e /usr/lib/postgresql/15/lib/pgautofailover.so ]; then
  [ "$(id -u)" = 0 ] || die "pg_autoctl is missing: apt-get install pg-auto-failover-cli postgresql-15-auto-failover (as root)"
  echo "pg-ha: installing pg-auto-failover-cli postgresql-15-auto-failover" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    pg-auto-failover-cli postgresql-15-auto-failover >/dev/null ||
    { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      pg-auto-failover-cli postgresql-15-auto-failover >/dev/null; } || die "apt-get install failed"
fi
[ -x "$PGBIN/pg_ctl" ] || die "PostgreSQL 15 is not installed ($PGBIN/pg_ctl missing)"

# Everything pg_autoctl keeps (configuration, state, logs) lives in DIR, owned by postgres.
mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
chmod 700 "$DIR"
as_pg() {
  local envs=(env "HOME=$DIR" "XDG_CONFIG_HOME=$DIR/config" "XDG_DATA_HOME=$DIR/share" "XDG_RUNTIME_DIR=$DIR/run"
    "PG_CONFIG=$PGBIN/pg_config" "PATH=$PGBIN:/usr/bin:/bin")
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "${envs[@]}" "$@"; else "${envs[@]}" "$@"; fi
}
as_pg mkdir -p "$DIR/config" "$DIR/share" "$DIR/run" "$DIR/log"

MONITOR_URI="postgres://autoctl_node@127.0.0.1:$MON_PORT/pg_auto_failover?sslmode=disable"

# `pg_autoctl run` in the background for one node, unless its keeper is already running.
# The keeper's pid file (pg_autoctl's own, under XDG_RUNTIME_DIR); its first line is the pid.
keeper_pid() { head -1 "$DIR/run/pg_autoctl$DIR/$1/pg_autoctl.pid" 2>/dev/null || true; }
run_node() {
  local name=$1 pid
  pid=$(keeper_pid "$name")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then return; fi
  # setsid: the keeper outlives this script, and it, its services and its postgres form one
  # process group (a test kills that group to play a dead machine). Log: DIR/log.
  as_pg setsid pg_autoctl run --pgdata "$DIR/$name" >>"$DIR/log/$name.log" 2>&1 </dev/null &
}

state() { as_pg pg_autoctl show state --pgdata "$DIR/monitor" 2>/dev/null || true; }

# Waits until `pg_autoctl show state` has a line for NAME with both states (reported, assigned) = STATE.
wait_state() {
  local name=$1 want=$2 limit=${3:-120} t=0
  until state | awk -v n="$name" -v s="$want" -F'|' '{gsub(/ /,"",$1); gsub(/ /,"",$6); gsub(/ /,"",$7)} $1==n && $6==s && $7==s {f=1} END {exit !f}'; do
    t=$((t + 1))
    [ "$t" -le "$((limit * 2))" ] || { state >&2; die "$name did not reach $want within ${limit}s (logs: $DIR/log)"; }
    sleep 0.5
  done
}

if [ ! -f "$DIR/monitor/postgresql.conf" ]; then
  as_pg pg_autoctl create monitor --pgdata "$DIR/monitor" --pgport "$MON_PORT" --hostname 127.0.0.1 \
    --auth trust --no-ssl --pgctl "$PGBIN/pg_ctl" >>"$DIR/log/monitor.log" 2>&1 ||
    die "creating the monitor failed (log: $DIR/log/monitor.log)"
fi
run_node monitor
for _ in $(seq 1 120); do pg_isready -q -h 127.0.0.1 -p "$MON_PORT" && break; sleep 0.5; done
pg_isready -q -h 127.0.0.1 -p "$MON_PORT" || die "the monitor does not answer on port $MON_PORT"

create_node() {
  local name=$1 port=$2
  if [ ! -f "$DIR/$name/postgresql.conf" ]; then
    as_pg pg_autoctl create postgres --pgdata "$DIR/$name" --pgport "$port" --hostname 127.0.0.1 \
      --name "$name" --dbname "$DB" --monitor "$MONITOR_URI" --auth trust --no-ssl \
      --pgctl "$PGBIN/pg_ctl" >>"$DIR/log/$name.log" 2>&1 ||
      die "creating $name failed (log: $DIR/log/$name.log)"
  fi
  run_node "$name"
}

# node1 first: it becomes the primary; node2 then clones it and becomes the secondary.
create_node node1 "$P1"
if ! state | grep -Eq 'node2'; then wait_state node1 single; fi
create_node node2 "$P2"
for _ in $(seq 1 240); do
  s=$(state)
  if echo "$s" | grep -Eq '\| +primary +\| +primary *$' && echo "$s" | grep -Eq '\| +secondary +\| +secondary *$'; then break; fi
  sleep 0.5
done
s=$(state)
echo "$s" | grep -Eq '\| +primary +\| +primary *$' && echo "$s" | grep -Eq '\| +secondary +\| +secondary *$' ||
  { echo "$s" >&2; die "no primary + secondary after 120 s (logs: $DIR/log)"; }

# Which port is primary now (after an earlier failover it may be node2).
PRIMARY_PORT=$(echo "$s" | awk -F'|' '$6 ~ /primary/ && $7 ~ /primary/ {split($3,a,":"); gsub(/ /,"",a[2]); print a[2]}')
[ -n "$PRIMARY_PORT" ] || die "cannot tell the primary's port"
# Acknowledged means on both nodes: the secondary must be a synchronous standby.
SYNC=$(psql -XAtq -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -c "show synchronous_standby_names")
COMMIT=$(psql -XAtq -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -c "show synchronous_commit")
[ -n "$SYNC" ] && [ "$COMMIT" != off ] && [ "$COMMIT" != local ] ||
  die "the primary does not wait for its secondary (synchronous_standby_names='$SYNC', synchronous_commit=$COMMIT)"
echo "pg-ha: primary on $PRIMARY_PORT, synchronous_standby_names=$SYNC, synchronous_commit=$COMMIT" >&2
echo "$s" >&2
echo "QF_HA_URL=postgres://postgres@127.0.0.1:$P1,127.0.0.1:$P2/$DB?target_session_attrs=read-write&connect_timeout=2"
