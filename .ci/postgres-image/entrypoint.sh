#!/bin/bash
# Entrypoint of the locally built PostgreSQL image (see .ci/containers.sh). It honours the part of
# the official image's contract that Testcontainers relies on: POSTGRES_USER, POSTGRES_PASSWORD and
# POSTGRES_DB on first start, extra `-c name=value` arguments as the command, listening on every
# address inside the container, and password authentication over TCP.
# https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh
set -euo pipefail

export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

# `docker run image -c fsync=off` passes only options: they are options of the server.
if [ "$#" -eq 0 ] || [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" != 'postgres' ]; then
    exec "$@"
fi

if [ "$(id -u)" = '0' ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    # initdb and the server refuse to run as root.
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

quote_ident() {
    printf '"%s"' "${1//\"/\"\"}"
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    user="${POSTGRES_USER:-postgres}"
    database="${POSTGRES_DB:-$user}"
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo 'entrypoint: POSTGRES_PASSWORD must be set (password authentication is always on).' >&2
        exit 1
    fi

    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    initdb --pgdata="$PGDATA" --username="$user" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 > /dev/null
    rm -f "$pwfile"

    printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
    printf "listen_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

    # Single-user mode creates the database without a server listening yet, so a readiness probe
    # (pg_isready over TCP) cannot succeed before the database exists.
    if [ "$database" != 'postgres' ]; then
        printf 'CREATE DATABASE %s;\n' "$(quote_ident "$database")" \
            | postgres --single -D "$PGDATA" postgres > /dev/null
    fi
fi

exec "$@"
