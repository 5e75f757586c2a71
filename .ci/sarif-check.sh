#!/usr/bin/env bash
# Checks report.sarif with Microsoft's SARIF multitool and the rules GitHub code scanning applies
# (validate --rule-kind "Ghas;Sarif"): a report without findings (the bundled examples) and one with
# findings of every location kind (a line in a migration, a whole file, a plugin without a file).
# Any error or warning of the multitool fails the check.
#
#   bash .ci/sarif-check.sh      # after a build of the solution (Debug); prints one line per report
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${PLUGINDB_CI_CACHE:-/var/cache/plugindb-ci}"
version="5.7.0"
tool="$cache/sarif-multitool-$version/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$tool" ]; then
  echo "sarif-check: installing @microsoft/sarif-multitool@$version (once)" >&2
  npm install --silent --no-audit --no-fund --prefix "$cache/sarif-multitool-$version" "@microsoft/sarif-multitool@$version" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
runner=(dotnet "$root/build/bin/Debug/net10.0/_build.dll")

# A fleet with findings: a migration that fails on its third line, a history without its lock file,
# and a manifest that asks for more than the platform gives.
mkdir -p "$work/findings/plugins/broken/migrations/20240101000000_init" "$work/findings/plugins/greedy"
cat > "$work/findings/plugins/broken/plugin.json" <<'JSON'
{ "id": "broken", "version": "1.0.0",
  "sovereign": { "schemaVersion": 2,
    "database": { "mode": "exclusive-sqlite", "provider": "sqlite", "migrations": { "directory": "migrations" } } } }
JSON
printf 'CREATE TABLE "A" ("id" INTEGER NOT NULL PRIMARY KEY);\n\nCREAT TABLE "B" ("id" INTEGER);\n' \
  > "$work/findings/plugins/broken/migrations/20240101000000_init/migration.sql"
cat > "$work/findings/plugins/greedy/plugin.json" <<'JSON'
{ "id": "greedy", "version": "1.0.0",
  "sovereign": { "schemaVersion": 2,
    "database": { "mode": "exclusive-sqlite", "provider": "sqlite", "limits": { "connections": 5000 } } } }
JSON

status=0
check() {
  local name="$1" dir="$2" findings
  shift 2
  (cd "$dir" && "${runner[@]}" --out "$work/$name" "$@" > "$work/$name.log" 2>&1) || true
  if [ ! -f "$work/$name/report.sarif" ]; then
    echo "sarif-check: $name: no report.sarif was written" >&2
    sed 's/^/  /' "$work/$name.log" >&2
    status=1
    return
  fi
  "$tool" validate --rule-kind "Ghas;Sarif" --log ForceOverwrite -o "$work/$name.validation.sarif" "$work/$name/report.sarif" > /dev/null
  findings="$(python3 - "$work/$name/report.sarif" "$work/$name.validation.sarif" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
validation = json.load(open(sys.argv[2]))
problems = [r for run in validation.get("runs", []) for r in run.get("results", [])
            if r.get("level", "warning") in ("error", "warning")]
for p in problems:
    message = p.get("message", {})
    print(f"  {p.get('level', 'warning')} {p.get('ruleId')}: {message.get('text') or message.get('id')} {message.get('arguments', '')}", file=sys.stderr)
print(f"{sum(len(run.get('results', [])) for run in report['runs'])} {len(problems)}")
PY
)"
  read -r results problems <<< "$findings"
  echo "sarif-check: $name: $results results, $problems multitool errors or warnings" >&2
  [ "$problems" = 0 ] || status=1
  if [ "$name" = findings ] && [ "$results" = 0 ]; then
    echo "sarif-check: the report meant to hold findings holds none" >&2
    status=1
  fi
}

check examples "$root" --postgres local
check findings "$work/findings" --plugins 'plugins/*'
exit "$status"
