// k6 helpers: one authenticated GraphQL POST per operation, tagged for the thresholds
// (kind: read | write, operation: <name>), plus the checks and the GraphQL-error rate.
import http from 'k6/http';
import { check, fail } from 'k6';
import { Rate, Trend } from 'k6/metrics';
import { MUTATIONS, QUERIES, VARIABLES } from './operations.js';

export const GATEWAY_URL = __ENV.GATEWAY_URL || 'http://localhost:4000/graphql';
const API_KEY = __ENV.SALESGRAPH_API_KEY;
export const RUN_ID = __ENV.K6_RUN_ID || `${Date.now().toString(36)}`;

/** GraphQL responses with an `errors` array (HTTP 200 with errors is still a failure). */
export const graphqlErrors = new Rate('graphql_errors');
export const readDuration = new Trend('graphql_read_duration', true);

/** Thresholds shared by every script: the SLOs (p95 < 300 ms for reads, < 0.1 % errors). */
export const SLO_THRESHOLDS = {
  'http_req_duration{kind:read}': ['p(95)<300'],
  http_req_failed: ['rate<0.001'],
  graphql_errors: ['rate<0.001'],
  checks: ['rate>0.999'],
};

export function requireApiKey() {
  if (!API_KEY) fail('set SALESGRAPH_API_KEY to an API key with read and write scopes (npm start prints a development key)');
}

/** Sends one named operation; returns the `data` object (or null). */
export function gql(name, variables) {
  const query = QUERIES[name] || MUTATIONS[name];
  if (!query) fail(`unknown operation ${name}`);
  const kind = QUERIES[name] ? 'read' : 'write';
  const res = http.post(GATEWAY_URL, JSON.stringify({ operationName: name, query, variables }), {
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${API_KEY}`,
      'apollographql-client-name': 'k6',
      'apollographql-client-version': __ENV.K6_SCRIPT || 'load',
    },
    tags: { kind, operation: name, name },
    timeout: '10s',
  });
  let body = null;
  try {
    body = res.json();
  } catch (_) {
    body = null;
  }
  const hasErrors = !body || Boolean(body.errors && body.errors.length);
  graphqlErrors.add(hasErrors, { kind, operation: name });
  if (kind === 'read') readDuration.add(res.timings.duration, { operation: name });
  check(res, {
    [`${name}: HTTP 200`]: (r) => r.status === 200,
    [`${name}: no GraphQL errors`]: () => !hasErrors,
  });
  return body && body.data ? body.data : null;
}

/** Creates the reference data the scenario reads (reps, customers, products, suppliers). */
export function seed(count = 5) {
  requireApiKey();
  const seen = { repIds: [], customerIds: [], skus: [], supplierIds: [], cursor: null };
  for (let i = 0; i < count; i++) {
    const rep = gql('HireSalesRep', VARIABLES.HireSalesRep(0, i, seen, `${RUN_ID}-seed`));
    if (rep) seen.repIds.push(rep.hireSalesRep.id);
  }
  if (!seen.repIds.length) fail('could not hire a sales rep: check GATEWAY_URL and that the API key has people:write');
  for (let i = 0; i < count * 2; i++) {
    const c = gql('CreateCustomer', VARIABLES.CreateCustomer(0, i, seen));
    if (c) seen.customerIds.push(c.createCustomer.id);
    const p = gql('CreateProduct', VARIABLES.CreateProduct(0, i, seen, `${RUN_ID}-seed`));
    if (p) seen.skus.push(p.createProduct.sku);
  }
  for (let i = 0; i < count; i++) {
    const s = gql('RegisterSupplier', VARIABLES.RegisterSupplier(0, i, seen));
    if (s) seen.supplierIds.push(s.registerSupplier.id);
  }
  return seen;
}

/** Runs one operation with variables built from what the VU has seen. */
export function run(name, seen) {
  const vars = VARIABLES[name](__VU, __ITER, seen, RUN_ID);
  const data = gql(name, vars);
  if (name === 'CustomerList' && data) seen.cursor = data.customers.pageInfo.endCursor;
  return data;
}
