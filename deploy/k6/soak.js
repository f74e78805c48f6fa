// Soak test: a steady, moderate rate for hours (default 40 operations per second for 2 h) to
// find leaks and slow drifts: memory, outbox backlog, consumer lag, pool exhaustion. Watch the
// Overview and Events dashboards while it runs; the thresholds are the SLOs.
//   SALESGRAPH_API_KEY=... GATEWAY_URL=https://.../graphql DURATION=4h k6 run deploy/k6/soak.js
import { sleep } from 'k6';
import { run, seed, SLO_THRESHOLDS } from './lib/client.js';
import { choose, READ_MIX, WRITE_MIX } from './lib/operations.js';

const RATE = Number(__ENV.RATE || 40);

export const options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: __ENV.DURATION || '2h',
      preAllocatedVUs: Math.max(10, RATE),
      maxVUs: RATE * 3,
    },
  },
  thresholds: {
    ...SLO_THRESHOLDS,
    'http_req_duration{kind:write}': ['p(95)<800'],
    // Latency must not drift: the p99 of reads stays under a second for the whole run.
    'http_req_duration{kind:read}': ['p(95)<300', 'p(99)<1000'],
  },
};

export function setup() {
  return seed(10);
}

export default function (data) {
  const seen = { ...data, cursor: null };
  const r = Math.random();
  const name = r < 0.85 ? choose(READ_MIX, r / 0.85) : choose(WRITE_MIX, (r - 0.85) / 0.15);
  run(name, seen);
  if (__ITER % 100 === 99) sleep(0.1);
}
