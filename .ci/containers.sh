#!/usr/bin/env bash
# Makes a Docker-API container engine and a PostgreSQL image available on a machine that has
# neither Docker nor access to a container registry: Podman from the distribution's packages serves
# the Docker API, and the image is built from a Debian root filesystem.
#
#   eval "$(.ci/containers.sh)"     # then: dotnet test tests/PluginDb.Datasources.Tests
#
# Idempotent: installs, configures, starts and builds only what is missing. Prints nothing but the
# environment exports on success; on failure says what failed and where its log is.
set -euo pipefail

readonly repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly image_dir="$repo_root/.ci/postgres-image"
readonly pinned_tag="$(tr -d '[:space:]' < "$image_dir/TAG")"
readonly image="docker.io/library/postgres:$pinned_tag"
readonly major_image="docker.io/library/postgres:${pinned_tag%%.*}"
readonly suite="bookworm"
readonly socket="/run/podman/podman.sock"
readonly conf="/etc/containers/containers.conf"
readonly cache_dir="${PLUGINDB_CI_CACHE:-/var/cache/plugindb-ci}"
readonly rootfs_tar="$cache_dir/rootfs-$suite-postgresql-${pinned_tag%%.*}.tar"

fail() { echo "containers.sh: $*" >&2; exit 1; }
note() { echo "containers.sh: $*" >&2; }

[ "$(id -u)" = 0 ] || fail "run as root (installs packages, configures Podman, starts its service)."
mkdir -p "$cache_dir"

install_packages() {
    local missing=()
    command -v podman > /dev/null || missing+=(podman)
    command -v runc > /dev/null || missing+=(runc)
    command -v debootstrap > /dev/null || missing+=(debootstrap)
    [ "${#missing[@]}" -eq 0 ] && return
    local log="$cache_dir/apt.log"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"; } > "$log" 2>&1 \
        || fail "apt-get install ${missing[*]} failed; see $log"
}

# Sets `key = value` in `[section]` of a TOML file, keeping every other line as it is.
toml_set() {
    local file="$1" section="$2" key="$3" value="$4" tmp
    tmp="$(mktemp)"
    awk -v section="[$section]" -v key="$key" -v line="$key = $value" '
        function flush() { if (in_section && !done) { print line; done = 1 } }
        /^[[:space:]]*\[/ {
            flush()
            header = $0; gsub(/[[:space:]]/, "", header)
            in_section = (header == section); seen = seen || in_section
            print; next
        }
        in_section && $0 ~ "^[[:space:]]*#?[[:space:]]*" key "[[:space:]]*=" {
            if (!done) { print line; done = 1 }
            next
        }
        { print }
        END {
            flush()
            if (!seen) { print ""; print section; print line }
        }' "$file" > "$tmp"
    if cmp -s "$tmp" "$file"; then rm -f "$tmp"; return 1; fi
    cat "$tmp" > "$file"; rm -f "$tmp"
}

configure_podman() {
    # These settings let Podman run containers where the host gives no systemd and no ulimit room.
    mkdir -p "$(dirname "$conf")"
    touch "$conf"
    local changed=0
    toml_set "$conf" containers default_ulimits '[]' && changed=1
    toml_set "$conf" engine runtime '"runc"' && changed=1
    toml_set "$conf" engine cgroup_manager '"cgroupfs"' && changed=1
    if [ "$changed" = 1 ] && engine_answers; then
        note "$conf changed while a Podman service is running; restart it to apply the change."
    fi
}

engine_answers() {
    [ -S "$socket" ] && [ "$(curl -s --max-time 2 --unix-socket "$socket" http://d/_ping 2> /dev/null)" = "OK" ]
}

start_service() {
    engine_answers && return
    mkdir -p "$(dirname "$socket")"
    local log="$cache_dir/podman-service.log"
    # From /: conmon inherits the service's working directory, and every container start fails
    # ("write child: broken pipe") once that folder is gone, e.g. a removed checkout.
    # It must hold no descriptor of ours either: a caller reading our output through a pipe
    # ($(...) in .ci/run) would otherwise wait for the service to end.
    (
        cd /
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] && eval "exec $fd>&-"
        done
        setsid podman system service --time=0 "unix://$socket" < /dev/null > "$log" 2>&1 &
    )
    for _ in $(seq 1 60); do
        engine_answers && return
        sleep 0.5
    done
    fail "the Podman API service did not answer on $socket within 30 s; see $log"
}

apt_mirror() {
    local file uri=""
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -e "$file" ] || continue
        # deb822 stanzas: the URI of the first stanza that serves the plain suite.
        uri="$(awk -v suite="$suite" '
            /^[[:space:]]*$/ { if (u != "" && s) { print u; exit } u = ""; s = 0; next }
            /^URIs:/ { u = $2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
            END { if (u != "" && s) print u }' "$file" | head -n 1)"
        [ -n "$uri" ] && { echo "$uri"; return; }
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -e "$file" ] || continue
        uri="$(awk -v suite="$suite" '$1 == "deb" && $0 !~ /\[/ && $3 == suite { print $2; exit }
                                       $1 == "deb" && $3 ~ /^\[/ && $4 == suite { print $3; exit }' "$file")"
        [ -n "$uri" ] && { echo "$uri"; return; }
    done
    fail "no apt source for '$suite' found in /etc/apt to build the PostgreSQL image from."
}

# Writes a minbase Debian root filesystem with the packages named (comma-separated) to a tar, once.
# Paths after the packages are removed from it first (relative to its root).
debootstrap_tar() {
    local tar="$1" packages="$2" mirror root path log="$cache_dir/debootstrap.log"
    shift 2
    [ -s "$tar" ] && return
    mirror="$(apt_mirror)"
    root="$(mktemp -d "$cache_dir/rootfs.XXXXXX")"
    note "building a root filesystem with $packages by debootstrap (takes minutes, once)"
    debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" > "$log" 2>&1 \
        || { rm -rf "$root"; fail "debootstrap failed; see $log"; }
    # Downloaded packages and documentation are dead weight in an image.
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
        "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/info
    for path in "$@"; do rm -rf "${root:?}/$path"; done
    tar --numeric-owner -C "$root" -cf "$tar.partial" . && mv "$tar.partial" "$tar"
    rm -rf "$root"
}

# The package's own cluster is dead weight in a throwaway image.
build_rootfs() {
    debootstrap_tar "$rootfs_tar" postgresql-15 var/lib/postgresql/15/main etc/postgresql/15/main
}

build_image() {
    podman image exists "$image" && return
    build_rootfs
    local tar version
    tar="$(mktemp "$cache_dir/image.XXXXXX.tar")"
    cp "$rootfs_tar" "$tar"
    tar --numeric-owner --owner=0 --group=0 --mode=0755 -rf "$tar" \
        --transform 's,^entrypoint.sh$,usr/local/bin/docker-entrypoint.sh,' -C "$image_dir" entrypoint.sh
    podman import --quiet \
        --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'ENV PGDATA=/var/lib/postgresql/data' \
        --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
        --change 'CMD ["postgres"]' \
        --change 'EXPOSE 5432' \
        --change 'STOPSIGNAL SIGINT' \
        "$tar" "$image" > /dev/null || { rm -f "$tar"; fail "podman import failed"; }
    rm -f "$tar"
    podman tag "$image" "$major_image"
    version="$(tar -xOf "$rootfs_tar" ./var/lib/dpkg/status \
        | awk '/^Package: postgresql-15$/ { p = 1 } p && /^Version:/ && v == "" { v = $2 } END { print v }')"
    case "$version" in
        "$pinned_tag"-*) ;;
        *) note "the image tagged $pinned_tag holds postgresql-15 $version; update .ci/postgres-image/TAG and the default image in the code." ;;
    esac
}

# Sourced (.ci/image-test.sh does), it only defines the functions above.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

install_packages
configure_podman
start_service
build_image

cat << EXPORTS
export DOCKER_HOST=unix://$socket
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
EXPORTS
