// `npm run compose`: writes gateway/supergraph.graphql, or fails listing errors and hints.
import { writeFileSync } from 'node:fs';
import { composeSupergraph, SUPERGRAPH_PATH } from './compose';

const report = composeSupergraph();
for (const h of report.hints) process.stderr.write(`hint ${h.code}: ${h.message}\n`);
if (report.errors.length || !report.supergraphSdl) {
  for (const e of report.errors) process.stderr.write(`error: ${e}\n`);
  process.exit(1);
}
if (report.blockingHints.length) {
  process.stderr.write(`composition produced ${report.blockingHints.length} hint(s) that may break clients\n`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_PATH, report.supergraphSdl);
process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
