#!/usr/bin/env bash
# Writes a busybox root filesystem tarball (from Debian's busybox-static) to $1: /bin/busybox with a
# symlink per applet, /etc/passwd and /etc/group, /tmp. The offline stand-in for Docker Hub's busybox.
set -euo pipefail
out=${1:?usage: busybox-rootfs.sh OUT.tar}
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
tar -C "$root" -cf "$out" .
