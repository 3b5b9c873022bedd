#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, on loopback, in a temp dir, on a free port.
#
#   eval "$(tests/services/postgres.sh start)"   # exports DYAD_TEST_PG_URL and DYAD_TEST_PG_DIR
#   tests/services/postgres.sh stop "$DYAD_TEST_PG_DIR"
#
# PostgreSQL refuses to run as root, so as root (CI) the cluster belongs to an unprivileged user
# ($DYAD_PG_USER, default nobody) and initdb/pg_ctl run through runuser. Debian's `postgresql`
# package is installed with apt-get when no initdb/pg_ctl is found. Only stdout carries the
# export lines; progress goes to stderr.
set -euo pipefail

find_bindir() {
    local dir
    for dir in "${DYAD_PG_BINDIR:-}" "$(command -v pg_config >/dev/null 2>&1 && pg_config --bindir || true)" \
               $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return 0; fi
    done
    return 1
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u "$OWNER" -- "$@"; else "$@"; fi
}

start() {
    local bindir
    if ! bindir=$(find_bindir); then
        echo "postgres.sh: no initdb/pg_ctl found; installing Debian's postgresql package" >&2
        if [[ $(id -u) -ne 0 ]]; then echo "postgres.sh: need root to apt-get install postgresql" >&2; exit 1; fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 \
            || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
        bindir=$(find_bindir)
    fi
    local dir port password
    dir=$(mktemp -d "${TMPDIR:-/tmp}/dyad-pg.XXXXXX")
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown "$OWNER" "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    as_owner bash -c "umask 077; printf '%s\n' '$password' > '$dir/pwfile'"
    as_owner "$bindir/initdb" -D "$dir/data" -U dyad --pwfile="$dir/pwfile" --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/psql" -h "$dir" -p "$port" -U dyad -d postgres -q -c "CREATE DATABASE dyad_test" >&2
    echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)" >&2
    echo "export DYAD_TEST_PG_URL='postgresql://dyad:$password@127.0.0.1:$port/dyad_test'"
    echo "export DYAD_TEST_PG_DIR='$dir'"
    echo "export DYAD_TEST_PG_BINDIR='$bindir'"
}

stop() {
    local dir="${1:-${DYAD_TEST_PG_DIR:-}}" bindir
    [[ -n "$dir" && -d "$dir/data" ]] || { echo "postgres.sh: no cluster at '$dir'" >&2; return 0; }
    bindir=$(find_bindir)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    rm -rf "$dir"
    echo "postgres.sh: stopped and removed $dir" >&2
}

OWNER="${DYAD_PG_USER:-nobody}"
case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
