#!/usr/bin/env bash
# Runs every test with Node's own runner: unit tests beside the code (dist/src/**/*.test.js) and
# integration suites (dist/test/**/*.test.js). Integration tests start their own wharfd on temp paths.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find dist/src dist/test -name '*.test.js' 2>/dev/null | sort)
exec node --test --test-reporter=spec --test-concurrency=2 --test-timeout=600000 "$@" "${files[@]}"
