#!/usr/bin/env bash
# Makes the console's screenshots in docs/ (console-overview.png, console-tenant.png,
# console-hire.png, console-hire-actions.png, console-import-problems.png): a throwaway PostgreSQL, the demo tenant of `make run` and five more
# clients in other states, an admin and a manager, then the browser test's script
# (Tests/DaemonTests/Browser/console_browser.py) saves the pages it visits.
#   deploy/console-screenshots.sh        (needs `swift build` done, and the browser test's tools)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
cd "$root"
attest="$(swift build --show-bin-path)/attest"
ensure_postgres
work=$(mktemp -d "${TMPDIR:-/tmp}/attest-shots.XXXXXX"); chmod 755 "$work"
data="$work/pg"; sock="$work/sock"; pid=""
pg_prepare_dir "$data"; pg_prepare_dir "$sock"
trap '[[ -z "$pid" ]] || kill "$pid" 2>/dev/null || true; pg_stop "$data"; rm -rf "$work"' EXIT
port=$(free_port); password=shots
pg_init "$data"; pg_start "$data" "$port" "$sock" "$sock/postgres.log"
psql_super "$sock" "$port" postgres -c "CREATE DATABASE attest" >/dev/null
bootstrap_roles "$sock" "$port" attest "$password"
url() { echo "postgres://$1:$password@127.0.0.1:$port/attest?sslmode=disable"; }
op() { ATTEST_DATABASE_URL=$(url attest_operator) "$attest" "$@" >/dev/null; }
ATTEST_DATABASE_URL=$(url attest_owner) "$attest" migrate >/dev/null

python3 "$root/deploy/demo-data.py" "$work/demo"
clients=("demo:Demo Staffing Client LLC" "acme-foods:Acme Foods LLC" "bayside-logistics:Bayside Logistics Inc."
         "cedar-care:Cedar Care Homes" "delta-print:Delta Print & Pack" "evergreen-farms:Evergreen Farms Co-op")
for client in "${clients[@]}"; do
    slug=${client%%:*}
    op tenant add "$slug" --name "${client#*:}" --time-zone America/Chicago --agreement-date 2024-12-02 \
        --contact "Dana Demo <compliance@$slug.example>" --operator-contact "Olive Operator <operator@agency.example>"
    for kind in people trainings hires nomatch; do op import "$kind" "$work/demo/$kind.csv" --tenant "$slug"; done
done
while IFS= read -r command; do eval "op $command --tenant demo" </dev/null; done < "$work/demo/commands.txt"
# Each daemon's last pass: most passed a minute ago, one has not passed for three hours.
psql_super "$sock" "$port" attest -q -c "UPDATE attest.scheduler_passes AS p SET passed_at = now() - CASE t.slug WHEN 'delta-print' THEN interval '3 hours' ELSE interval '1 minute' END FROM attest.tenants AS t WHERE t.id = p.tenant_id"
one_time() { ATTEST_DATABASE_URL=$(url attest_operator) "$attest" operator add "$@" | sed -n 's/^one-time password: //p'; }
admin=$(one_time olive@agency.example --name "Olive Operator" --role admin)
manager=$(one_time max@agency.example --name "Max Manager" --role manager --tenant demo --tenant acme-foods)

ATTEST_DATABASE_URL=$(url attest_console) ATTEST_CONSOLE_BIND=127.0.0.1:0 ATTEST_LOG_FORMAT=json "$attest" console > "$work/console.log" 2>&1 &
pid=$!
until grep -q '"console listening"' "$work/console.log"; do sleep 0.2; done
address=$(grep -o '"http.address":"[^"]*"' "$work/console.log" | head -1 | cut -d'"' -f4)
"${ATTEST_TEST_BROWSER_PYTHON:-/opt/attest-test-venv/bin/python}" "$root/Tests/DaemonTests/Browser/console_browser.py" \
    "$address" olive@agency.example "$admin" max@agency.example "$manager" demo evergreen-farms E-1002 "$root/docs" P-100 -
