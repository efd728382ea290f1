#!/usr/bin/env bash
# The main job (`npm start`, after set-up): start wharfd if it is not answering, make busybox:latest
# from Debian's busybox-static if the store lacks it (with `wharf import`, Docker's own import
# command), then run a container. Offline: nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
export WHARF_NO_AUTOSTART=1
SOCK=/run/wharf/wharf.sock

if ! wharf version >/dev/null 2>&1; then
  mkdir -p /run/wharf
  echo "starting wharfd (log: /run/wharf/wharfd.log)" >&2
  setsid nohup wharfd >>/run/wharf/wharfd.log 2>&1 </dev/null &
  for _ in $(seq 1 100); do [ -S "$SOCK" ] && wharf version >/dev/null 2>&1 && break; sleep 0.1; done
  wharf version >/dev/null || { echo "wharfd did not start; see /run/wharf/wharfd.log" >&2; exit 1; }
fi

if [ -z "$(wharf images -q busybox:latest)" ]; then
  tar=$(mktemp --suffix=.tar)
  trap 'rm -f "$tar"' EXIT
  bash scripts/busybox-rootfs.sh "$tar"
  wharf import -c 'CMD ["sh"]' "$tar" busybox:latest
fi

wharf run --rm busybox echo "hello from wharf"
