#!/usr/bin/env bash
# Fetches the public schemas of .ci/schemas.lock into a folder and checks each file's sha256; the
# tests read them there with PLUGINDB_SCHEMAS_DIR=<folder> (and PLUGINDB_REQUIRE_SCHEMAS=1 so that a
# missing one fails rather than skips).
#
#   bash .ci/fetch-schemas.sh <folder>
set -euo pipefail
folder="${1:?usage: fetch-schemas.sh <folder>}"
lock="$(dirname "${BASH_SOURCE[0]}")/schemas.lock"
mkdir -p "$folder"
status=0
while read -r name url sha256; do
  case "$name" in ''|'#'*) continue ;; esac
  curl --fail --silent --show-error --location --retry 3 --output "$folder/$name" "$url"
  actual="$(sha256sum "$folder/$name" | cut -d' ' -f1)"
  if [ "$sha256" = - ]; then
    echo "::warning file=.ci/schemas.lock::$name has no recorded sha256; fetched $url with sha256 $actual"
  elif [ "$actual" != "$sha256" ]; then
    echo "::error file=.ci/schemas.lock::$name: sha256 $actual, expected $sha256 ($url)"
    rm -f "$folder/$name"
    status=1
  else
    echo "$name: sha256 checked"
  fi
done < "$lock"
exit "$status"
