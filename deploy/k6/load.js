// Load test: ramps to the expected peak (RATE operations per second, default 100) with the
// session mix of lib/operations.js (85 % reads, 15 % writes) and holds it; the thresholds are
// the SLOs (p95 < 300 ms for reads through the gateway, < 0.1 % errors).
//   SALESGRAPH_API_KEY=... GATEWAY_URL=https://.../graphql RATE=200 k6 run deploy/k6/load.js
import { run, seed, SLO_THRESHOLDS } from './lib/client.js';
import { choose, READ_MIX, WRITE_MIX } from './lib/operations.js';

const RATE = Number(__ENV.RATE || 100);

export const options = {
  scenarios: {
    peak: {
      executor: 'ramping-arrival-rate',
      startRate: Math.max(1, Math.floor(RATE / 10)),
      timeUnit: '1s',
      preAllocatedVUs: Math.max(10, RATE),
      maxVUs: RATE * 4,
      stages: [
        { target: RATE, duration: __ENV.RAMP || '2m' },
        { target: RATE, duration: __ENV.HOLD || '10m' },
        { target: 0, duration: '1m' },
      ],
    },
  },
  thresholds: {
    ...SLO_THRESHOLDS,
    'http_req_duration{kind:write}': ['p(95)<800'],
    // Abort early when the system is clearly failing.
    'http_req_failed{kind:read}': [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '1m' }],
  },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

export function setup() {
  return seed(10);
}

export default function (data) {
  const seen = { ...data, cursor: null };
  const r = Math.random();
  const name = r < 0.85 ? choose(READ_MIX, r / 0.85) : choose(WRITE_MIX, (r - 0.85) / 0.15);
  run(name, seen);
}
