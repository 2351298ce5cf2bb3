#!/usr/bin/env bash
# image/mkdeb.sh BUILD: builds BUILD/stagekiosk_<version>_<arch>.deb from
# what `make install PREFIX=/usr` installs plus the service, the USB-stick
# rules and the maintainer scripts in image/. Plain dpkg-deb: no debian/
# source folder, no fakeroot (--root-owner-group). Depends on the libraries
# come from dpkg-shlibdeps; SOURCE_DATE_EPOCH makes the .deb reproducible.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=${1:?usage: mkdeb.sh BUILD}
mkdir -p "$build"
build=$(cd "$build" && pwd)
version=$(sed -n 's/^VERSION *= *//p' "$top/config.mk")
arch=$(dpkg --print-architecture)
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH=$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH

work=$build/pkg
root=$work/root
rm -rf "$root"
mkdir -p "$root"

# The program, built apart with PREFIX=/usr (it finds its assets there).
make -C "$top" -j"$(nproc)" --no-print-directory BUILD="$work/obj" PREFIX=/usr DESTDIR="$root" install
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/stagekiosk"

inst() { install -D -m "$1" "$2" "$root$3"; }
inst 644 "$here/stagekiosk.service" /lib/systemd/system/stagekiosk.service
inst 644 "$here/stagekiosk-eject.path" /lib/systemd/system/stagekiosk-eject.path
inst 644 "$here/stagekiosk-eject.service" /lib/systemd/system/stagekiosk-eject.service
inst 644 "$here/60-stagekiosk-usb.rules" /lib/udev/rules.d/60-stagekiosk-usb.rules
inst 644 "$here/60-stagekiosk-gpio.rules" /lib/udev/rules.d/60-stagekiosk-gpio.rules
inst 644 "$here/tmpfiles.conf" /usr/lib/tmpfiles.d/stagekiosk.conf
inst 755 "$here/start.sh" /usr/libexec/stagekiosk/start
inst 755 "$here/usb-mount.sh" /usr/libexec/stagekiosk/usb-mount
inst 755 "$here/usb-eject.sh" /usr/libexec/stagekiosk/usb-eject
inst 644 "$here/deb/copyright" /usr/share/doc/stagekiosk/copyright
install -d -m 0755 "$root/var/lib/stagekiosk"

when=$(date -u -d "@$SOURCE_DATE_EPOCH" -R)
printf 'stagekiosk (%s) unstable; urgency=medium\n\n  * Build of the stagekiosk project, version %s.\n\n -- stagekiosk developers <stagekiosk@example.org>  %s\n' \
    "$version" "$version" "$when" | gzip -9n >"$root/usr/share/doc/stagekiosk/changelog.gz"

# Library dependencies of the binary, as Debian's own packages declare them.
mkdir -p "$work/src/debian"
printf 'Source: stagekiosk\n\nPackage: stagekiosk\nArchitecture: any\n' >"$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/stagekiosk" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "mkdeb: dpkg-shlibdeps found no libraries" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@SIZE@|$size|" \
    -e "s|@SHLIBS@|$shlibs|" "$here/deb/control.in" >"$root/DEBIAN/control"
install -m 644 "$here/deb/conffiles" "$root/DEBIAN/conffiles"
for s in postinst prerm postrm; do
    install -m 755 "$here/deb/$s" "$root/DEBIAN/$s"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print |
    sed 's|^\./||' | LC_ALL=C sort | xargs md5sum) >"$root/DEBIAN/md5sums"

# Same owner, modes and times on every build.
chmod -R u+rwX,go+rX,go-w "$root"
find "$root" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb=$build/stagekiosk_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
