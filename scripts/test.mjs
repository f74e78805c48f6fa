// `npm test`: install what is missing, build (some tests run the built services as
// processes), run every test with vitest, and close with one plain summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureBuilt, ensureInstalled, ensureNode } from './ensure.mjs';

ensureNode();
ensureInstalled();
ensureBuilt();
// vitest strips types without checking them: check the tests' types first.
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const typecheck = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.test.json'], { cwd: ROOT, stdio: 'inherit' });
if (typecheck.status !== 0) {
  process.stderr.write('\ntype errors in the tests (tsc -p tsconfig.test.json)\n');
  process.exit(typecheck.status ?? 1);
}
const results = join(ROOT, 'node_modules', '.cache', 'vitest-results.json');
rmSync(results, { force: true });
const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (existsSync(results)) {
  const s = JSON.parse(readFileSync(results, 'utf8'));
  const skipped = (s.numPendingTests ?? 0) + (s.numTodoTests ?? 0);
  process.stdout.write(`\ntests: ${s.numPassedTests} passed, ${s.numFailedTests} failed, ${skipped} skipped\n`);
}
process.exit(r.status ?? 1);
