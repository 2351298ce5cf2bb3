#!/usr/bin/env bash
# tests/gpiod2_fetch.sh BUILD: unpacks the libgpiod v2 headers (libgpiod-dev
# from bookworm-backports) into BUILD/gpiod2, for `make gpiod2-check`.
# Uses a private apt state under BUILD/apt: the system's apt sources, lists
# and caches are not touched. The mirror is the one this machine already
# uses. Cached: does nothing when BUILD/gpiod2/usr/include/gpiod.h exists.
# Exit 0 done, 3 apt or the network is not available, 1 anything else.
set -u
build=${1:-build}
dest=$build/gpiod2
[ -f "$dest/usr/include/gpiod.h" ] && exit 0

unavailable() { echo "gpiod2: $*" >&2; exit 3; }
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
    unavailable "apt-get or dpkg-deb is not installed"

# The first Debian mirror that is not the security archive, deb822 first.
uri=
if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '$1 == "URIs:" && $2 !~ /security/ { print $2; exit }' \
        /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 ~ /debian/ && $0 !~ /security/ {
                 for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
        /etc/apt/sources.list)
fi
[ -n "$uri" ] || unavailable "no Debian mirror in /etc/apt/sources.list(.d)"

apt=$(cd "$build" && pwd)/apt
mkdir -p "$apt/lists/partial" "$apt/parts" "$apt/cache/archives/partial" "$dest" || exit 1
cat >"$apt/parts/backports.sources" <<SOURCES
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/parts"
      -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
      -o Debug::NoLocking=1 -q)
[ "$(id -u)" -eq 0 ] && opts+=(-o APT::Sandbox::User=root)

log=$apt/fetch.log
apt-get "${opts[@]}" update >"$log" 2>&1 ||
    unavailable "apt-get update failed (offline?); see $log"
ls "$apt"/lists/*bookworm-backports*Packages* >/dev/null 2>&1 ||
    unavailable "no package list for bookworm-backports from $uri (offline?); see $log"
rm -f "$apt"/libgpiod-dev_*.deb
(cd "$apt" && apt-get "${opts[@]}" download libgpiod-dev >>"$log" 2>&1) ||
    unavailable "apt-get download libgpiod-dev failed; see $log"
deb=$(ls "$apt"/libgpiod-dev_2.*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
    echo "gpiod2: bookworm-backports has no libgpiod-dev 2.x: $(ls "$apt"/libgpiod-dev_*.deb)" >&2
    exit 1
fi
dpkg-deb -x "$deb" "$dest" || exit 1
grep -q gpiod_chip_request_lines "$dest/usr/include/gpiod.h" || {
    echo "gpiod2: $deb has no v2 API header" >&2
    exit 1
}
echo "gpiod2: headers of $(basename "$deb") in $dest/usr/include"
