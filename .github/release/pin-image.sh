#!/usr/bin/env bash
# Rewrites action.yml for a release: the action runs the image the release workflow pushed,
# docker://<image>:<version>, instead of building the Dockerfile in every user's job.
#
#   bash .github/release/pin-image.sh <version> [action.yml] [image]
#
# <version> is a release version without the "v" (1.2.3, 1.2.3-rc.1). Only the runs.image line
# changes; anything else in the file stays byte for byte.
set -euo pipefail
version="${1:?usage: pin-image.sh <version> [action.yml] [image]}"
file="${2:-action.yml}"
image="${3:-ghcr.io/sovereign/plugin-db-action}"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "pin-image.sh: '$version' is not a release version such as 1.2.3 or 1.2.3-rc.1" >&2
  exit 2
fi
if [ "$(grep -c "^  image: 'Dockerfile'$" "$file")" != 1 ]; then
  echo "pin-image.sh: $file has no single line \"  image: 'Dockerfile'\" under runs: to pin" >&2
  exit 1
fi
sed -i "s|^  image: 'Dockerfile'\$|  image: 'docker://$image:$version'|" "$file"
