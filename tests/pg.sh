# tests/pg.sh: a throwaway PostgreSQL cluster for the school-sync tests and
# bench. Source it, then: pg_start (initdb + start in a new temporary
# folder $PG_DIR, a Unix socket only, no TCP, a port of its own), pg_stop
# (the caller removes $PG_DIR after it), pg_kill (stop -m immediate, as
# a crash or a pulled cable), pg_restart, pg_sql [psql args...] as the
# superuser. $PG_CONN is the connection string without user and dbname.
# As root the server runs as the postgres user (it refuses root); no
# systemd, nothing outside DIR.
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_DIR=
PG_PORT=
PG_CONN=

pg_as() { # command...: as the cluster's owner
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is not installed (make deps)"; return 1; }
    # Its own folder, one the postgres user can reach (mktemp -d is 700).
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sk-pg-XXXXXX") || return 1
    chmod 755 "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
    # The socket lives in DIR, so the port only has to differ from nothing.
    PG_PORT=$((20000 + RANDOM % 20000))
    PG_CONN="host=$PG_DIR port=$PG_PORT"
    pg_as "$PG_BIN/initdb" --no-sync -A trust -U postgres -E UTF8 --locale=C.UTF-8 -D "$PG_DIR/data" \
        >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; return 1; }
    pg_up
}

pg_up() {
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
        -o "-k $PG_DIR -p $PG_PORT -c listen_addresses='' -c fsync=off" start >/dev/null ||
        { tail -n 20 "$PG_DIR/log"; return 1; }
}

pg_stop() {
    [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ] &&
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
    return 0
}

pg_kill() {
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
}

pg_sql() { # psql arguments (as the superuser, database postgres unless -d)
    psql "$PG_CONN user=postgres dbname=${PG_DB:-postgres}" -X -q -v ON_ERROR_STOP=1 -At "$@"
}

pg_gone() { # stop the cluster and remove its folder (for the caller's trap)
    pg_stop
    [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
    return 0
}

pg_school_db() { # an empty database "school" owned by school_admin; $PG_ADMIN connects as it
    pg_sql -c "CREATE ROLE school_admin LOGIN CREATEROLE" -c "CREATE DATABASE school OWNER school_admin" &&
        PG_ADMIN="$PG_CONN user=school_admin dbname=school"
}
