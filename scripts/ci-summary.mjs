// One closing line for CI over every test run of .ci/run (Node 20 suite + Node 24 run).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ensure.mjs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ['vitest-results.json', 'vitest-results-node24.json']) {
  const file = join(ROOT, 'node_modules', '.cache', name);
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
process.stdout.write(`\ntotal: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 ? 1 : 0);
