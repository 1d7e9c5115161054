#!/usr/bin/env bash
# Starts a private PostgreSQL (Debian's, from install-deps.sh --test) for the test suite and
# prints the line to export its URL:
#     eval "$(sudo packaging/scripts/start-test-postgres.sh)"
#     → ISKRA_TEST_POSTGRES_URL=postgresql://iskra_test:…@127.0.0.1:55432/iskra_test
#   start-test-postgres.sh          start (or find running) and print `export ISKRA_TEST_POSTGRES_URL=…`
#   start-test-postgres.sh --stop   stop it and delete its files
# The cluster lives in $ISKRA_TEST_POSTGRES_DIR (default /tmp/iskra-test-postgres), owned by the
# postgres user, listens on 127.0.0.1 only, at the first free port from 55432, never touching the
# system's own cluster. Run as root (or as postgres). Idempotent; when the cluster is already up
# it only checks it and prints the URL, in well under a second. Durability is switched off
# (fsync=off): the data is thrown away anyway and the tests run faster.
set -euo pipefail

dir="${ISKRA_TEST_POSTGRES_DIR:-/tmp/iskra-test-postgres}"
data="$dir/data"
user=iskra_test
database=iskra_test

say() { echo "start-test-postgres: $*" >&2; }
die() { say "$*"; exit 1; }

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[[ -n "$bin" && -x "$bin/pg_ctl" ]] ||
    die "PostgreSQL server binaries not found under /usr/lib/postgresql; run packaging/scripts/install-deps.sh --test"

# Everything that touches the cluster runs as the postgres user.
if [[ "$(id -un)" == postgres ]]; then
    as_postgres() { "$@"; }
elif [[ "$(id -u)" -eq 0 ]]; then
    as_postgres() { runuser -u postgres -- "$@"; }
else
    die "run as root (sudo $0) or as the postgres user"
fi

running() {
    [[ -f "$dir/port" ]] && as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 &&
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$(cat "$dir/port")"
}

print_url() {
    echo "export ISKRA_TEST_POSTGRES_URL=postgresql://$user:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")/$database"
}

# Two test runs starting at once must not both create or start the cluster. (The server must
# not inherit the lock's descriptor: see `9>&-` where it starts.)
exec 9>>"$dir.lock"
flock 9

if [[ "${1:-}" == "--stop" ]]; then
    if [[ -d "$data" ]]; then
        as_postgres "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir" "$dir.lock"
    say "stopped and removed $dir"
    exit 0
fi

if running; then
    print_url
    exit 0
fi

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

mkdir -p "$dir"
chown postgres:postgres "$dir" 2>/dev/null || true
chmod 0700 "$dir"

if [[ ! -f "$data/PG_VERSION" ]]; then
    say "creating a cluster in $data"
    rm -rf "$data"
    # A random password for the test role: the server is on loopback, but other local users
    # should still not walk in.
    head -c 18 /dev/urandom | base64 | tr '+/' 'AB' >"$dir/password"
    chown postgres:postgres "$dir/password"
    chmod 0600 "$dir/password"
    as_postgres "$bin/initdb" -D "$data" --username=postgres --encoding=UTF8 --no-locale \
        --auth-local=peer --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
        die "initdb failed; see $dir/initdb.log"
fi

# Keep the port of an earlier run if it is still free, so a URL exported before stays good.
port="$(cat "$dir/port" 2>/dev/null || echo 55432)"
if ! port_free "$port"; then
    port=55432
    while ! port_free "$port"; do
        port=$((port + 1))
        ((port < 55532)) || die "no free port in 55432..55531"
    done
fi
echo "$port" >"$dir/port"

as_postgres "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null 9>&- || die "the server did not start; see $dir/server.log"

psql_admin() {  # database, then psql's arguments
    local db="$1"
    shift
    as_postgres "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d "$db" "$@"
}

password="$(cat "$dir/password")"
psql_admin postgres <<SQL >/dev/null
SELECT 'CREATE ROLE $user LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user')\gexec
ALTER ROLE $user LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE $database OWNER $user' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database')\gexec
SQL
# Tests create a schema each in this database.
psql_admin "$database" -c "GRANT CREATE ON DATABASE $database TO $user" >/dev/null

say "running on 127.0.0.1:$port (data in $dir)"
print_url
