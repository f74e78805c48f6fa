// Smoke test: one virtual user walks every operation once per iteration for a minute.
// Run after each deploy:  SALESGRAPH_API_KEY=... GATEWAY_URL=https://.../graphql k6 run deploy/k6/smoke.js
import { sleep } from 'k6';
import { run, seed, SLO_THRESHOLDS } from './lib/client.js';
import { MUTATIONS, QUERIES } from './lib/operations.js';

export const options = {
  vus: 1,
  duration: __ENV.DURATION || '1m',
  thresholds: {
    ...SLO_THRESHOLDS,
    // The smoke test fails on any error at all.
    http_req_failed: ['rate==0'],
    graphql_errors: ['rate==0'],
    checks: ['rate==1'],
  },
};

export function setup() {
  return seed(2);
}

export default function (data) {
  const seen = { ...data, cursor: null };
  for (const name of Object.keys(QUERIES)) run(name, seen);
  for (const name of Object.keys(MUTATIONS)) run(name, seen);
  sleep(1);
}
