#!/usr/bin/env bash
# Idempotent set-up: Debian packages the engine and its tests use, npm packages, build, wharf/wharfd on PATH.
# Only Debian and npm packages are downloaded. Quiet when there is nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

# Runtime: runc conmon netavark aardvark-dns iptables catatonit. Test images: busybox-static, gcc.
# Peers and test clients: skopeo podman docker-registry (registry interop and benchmarks), openssl (test CAs),
# docker-compose (compose 1.29 on docker-py: a client of the Engine API the tests drive).
APT_PACKAGES=(runc conmon netavark aardvark-dns iptables catatonit busybox-static golang-github-containers-common
  skopeo podman docker-registry openssl gcc libc6-dev jq docker-compose)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' 2>/dev/null | head -1)" ]; then apt-get update -qq; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
  # docker-registry's package starts a system service on :5000; we run our own instances only.
  if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
    systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
fi

# npm packages: only when the lock file changed since the last install.
stamp=node_modules/.wharf-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cp package-lock.json "$stamp"
fi

npx --no-install tsc -p tsconfig.json
# A compiled file whose source was moved or deleted would still load (and run as a test): drop it.
find dist -name '*.js' 2>/dev/null | while read -r js; do
  src=${js#dist/}; [ -f "${src%.js}.ts" ] || rm -f "$js"
done

# The CLI's startup snapshot (bin/wharf falls back to the plain modules without one).
node scripts/cli-snapshot.mjs || echo "setup: no CLI startup snapshot; wharf runs from the plain modules" >&2

# wharfd is linked; wharf gets a wrapper script (bin/wharf resolves a symlink with a subprocess).
target="$PWD/dist/src/daemon/main.js"
chmod +x "$target" 2>/dev/null || true
if [ "$(readlink /usr/local/bin/wharfd 2>/dev/null)" != "$target" ]; then ln -sf "$target" /usr/local/bin/wharfd; fi
wrapper=$(printf '#!/bin/sh\nexec "%s" "$@"\n' "$PWD/bin/wharf")
if [ "$(cat /usr/local/bin/wharf 2>/dev/null)" != "$wrapper" ]; then
  rm -f /usr/local/bin/wharf && printf '%s\n' "$wrapper" > /usr/local/bin/wharf && chmod +x /usr/local/bin/wharf
fi
