#!/usr/bin/env bash
# Installs the offline Prisma CLI reference peer from ../shared/peers/prisma (setup.sh, then
# patch.sh) into a cache folder outside the repository, once, and prints the export the agreement
# tests read. Prints nothing, and succeeds, when ../shared is not beside the checkout.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="$here/../shared/peers/prisma"
[ -f "$peers/setup.sh" ] || exit 0

cache="${PLUGINDB_CI_CACHE:-/var/cache/plugindb-ci}"
plain="$cache/prisma-peer"
patched="$cache/prisma-peer-pv"
mkdir -p "$cache"
if [ ! -x "$patched/prisma" ]; then
  echo "prisma-peer.sh: installing the Prisma CLI reference peer (takes minutes, once)" >&2
  log="$cache/prisma-peer.log"
  { bash "$peers/setup.sh" "$plain" && bash "$peers/patch.sh" "$plain" "$patched"; } > "$log" 2>&1 \
    || { echo "prisma-peer.sh: installing the peer failed; see $log" >&2; exit 1; }
fi
echo "export PRISMA_PEER=$patched"
