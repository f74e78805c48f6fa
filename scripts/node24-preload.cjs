// Preloaded (NODE_OPTIONS=--require) in the Node 24 test run: better-sqlite3 12 — what
// @mikro-orm/better-sqlite takes on Node 20 — aborts at teardown on Node 24 (its raw
// ObjectWrap destructor meets Node 24's environment cleanup check); 13 is built on Node-API
// and exits cleanly but needs Node 22+. So on Node 24, `require('better-sqlite3')` resolves
// to the v13 copy that scripts/node24.sh installs beside the tree.
const Module = require('node:module');
const target = process.env.SALESGRAPH_NODE24_BETTER_SQLITE3;
if (target) {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return resolve.call(this, request === 'better-sqlite3' ? target : request, ...rest);
  };
}
