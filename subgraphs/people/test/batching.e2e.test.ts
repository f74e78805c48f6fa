// Entity resolution from the gateway is batched: `_entities` of 1 and of 100 SalesReps cost the
// same number of SQL statements (one per kind of data), and every rep gets its own answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPrincipal } from '@salesgraph/auth';
import { onQuery } from '@salesgraph/db';
import { uuidv7 } from '@salesgraph/kernel';
import { adapterMatrix, TEST_SECRET } from '@salesgraph/testing';
import { CustomerOwnership } from '../src/infra/sales-rep.entity';
import { startPeople, type Harness } from './harness';

const REPS = 100;

const NAME_AND_COUNT = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on SalesRep { id name customerCount } } }';
const EVERYTHING = `query($r: [_Any!]!) { _entities(representations: $r) { ... on SalesRep {
  id name active hiredAt offboardedAt customerCount team { name region { code } members { id } } manager { name } history { change validFrom }
  commissionPlan { name } commissions(period: "2026") { accrued { amount } payable { amount } entries { id } }
  appraisals { id } objectives(period: "2026") { title progress keyResults { title } } training { course }
  attainment(period: "2026") { metric actual target { id } }
} } }`;

describe.each(adapterMatrix())('people entity batching ($label)', (setup) => {
  let h: Harness;
  let subgraphUrl: string;
  const repIds: string[] = [];
  let managerId: string;

  /** An operation straight to the people subgraph, signed as the gateway signs it. */
  async function direct<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const principal = { subject: 'test-gateway', kind: 'service' as const, roles: ['admin' as const], scopes: ['admin'] };
    const res = await fetch(subgraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-salesgraph-principal': await signPrincipal(principal, TEST_SECRET, 'people') },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data as T;
  }

  /** The answer and the SQL reads of one operation. */
  async function counted<T>(query: string, variables: Record<string, unknown>): Promise<{ data: T; statements: string[] }> {
    const statements: string[] = [];
    const off = onQuery(h.platform.subgraphs.people!.orm, (sql) => {
      // The outbox relay and the consumers query on their own schedule: only the request's reads count.
      if (/^\s*select/i.test(sql) && !/event_(outbox|inbox)/.test(sql)) statements.push(sql);
    });
    try {
      return { data: await direct<T>(query, variables), statements };
    } finally {
      off();
    }
  }

  const refs = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'SalesRep', id })) });

  beforeAll(async () => {
    h = await startPeople(setup);
    subgraphUrl = h.platform.subgraphs.people!.url;
    await direct('mutation { a: createRegion(code: "BT", name: "Batch") { code } }');
    await direct('mutation { b: createRegion(code: "BT-EAST", name: "Batch East", parentCode: "BT") { code } }');
    const hire = 'mutation($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id } }';
    managerId = (await direct<any>(hire, { input: { name: 'Batch Manager', email: `bm.${Date.now()}@example.com`, regionCode: 'BT-EAST', level: 'MANAGER' } })).hireSalesRep.id;
    const teamId = (await direct<any>('mutation($m: ID) { createTeam(name: "Batch Team", regionCode: "BT-EAST", managerId: $m) { id } }', { m: managerId })).createTeam.id;
    const planId = (await direct<any>('mutation { defineCommissionPlan(input: { name: "Batch plan", basis: BOOKED, baseRatePercent: "3" }) { id } }')).defineCommissionPlan.id;
    for (let i = 0; i < REPS; i++) {
      const id = (await direct<any>(hire, { input: { name: `Batch Rep ${String(i).padStart(3, '0')}`, email: `br${i}.${Date.now()}@example.com`, regionCode: 'BT-EAST', teamId } })).hireSalesRep.id;
      repIds.push(id);
      await direct('mutation($r: ID!, $p: ID!) { assignCommissionPlan(repId: $r, planId: $p, from: "2026-01-01T00:00:00Z") { id } }', { r: id, p: planId });
      await direct('mutation($i: SetSalesTargetInput!) { setSalesTarget(input: $i) { id } }', { i: { period: '2026', scope: { kind: 'REP', ref: id }, metric: 'REVENUE', amount: '1000.00' } });
    }
    // Rep i owns i % 7 customers (the read model the customers events feed).
    const em = h.platform.subgraphs.people!.orm.em.fork();
    repIds.forEach((repId, i) => {
      for (let c = 0; c < i % 7; c++) em.create(CustomerOwnership, { customerId: uuidv7(), repId, sequence: 1, updatedAt: new Date() });
    });
    await em.flush();
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('resolves 1 and 100 reps (name, customerCount) with the same SQL statements', async () => {
    await direct(NAME_AND_COUNT, refs(repIds.slice(0, 1)));
    const one = await counted<{ _entities: { id: string; name: string; customerCount: number }[] }>(NAME_AND_COUNT, refs(repIds.slice(3, 4)));
    const hundred = await counted<{ _entities: { id: string; name: string; customerCount: number }[] }>(NAME_AND_COUNT, refs(repIds));
    expect(one.statements.length).toBeGreaterThan(0);
    expect(hundred.statements.length).toBe(one.statements.length);
    expect(one.data._entities).toEqual([{ id: repIds[3], name: 'Batch Rep 003', customerCount: 3 }]);
    expect(hundred.data._entities).toEqual(repIds.map((id, i) => ({ id, name: `Batch Rep ${String(i).padStart(3, '0')}`, customerCount: i % 7 })));
  });

  it('resolves every SalesRep field of 1 and of 100 reps with the same SQL statements, each rep its own answer', async () => {
    type Rep = Record<string, any>;
    await direct(EVERYTHING, refs(repIds.slice(0, 1)));
    const one = await counted<{ _entities: Rep[] }>(EVERYTHING, refs(repIds.slice(5, 6)));
    const hundred = await counted<{ _entities: Rep[] }>(EVERYTHING, refs(repIds));
    expect(hundred.statements.length).toBe(one.statements.length);
    expect(hundred.data._entities).toHaveLength(REPS);
    // Batching answers each rep as alone.
    expect(hundred.data._entities[5]).toEqual(one.data._entities[0]);
    const rep = one.data._entities[0]!;
    expect(rep).toMatchObject({
      id: repIds[5],
      customerCount: 5,
      team: { name: 'Batch Team', region: { code: 'BT-EAST' } },
      manager: { name: 'Batch Manager' },
      history: [{ change: 'HIRED' }],
      commissionPlan: { name: 'Batch plan' },
      commissions: { accrued: { amount: '0.00' }, payable: { amount: '0.00' }, entries: [] },
      appraisals: [],
      objectives: [],
      training: [],
    });
    expect(rep).toMatchObject({ active: true, offboardedAt: null });
    expect([rep.hiredAt, rep.history[0].validFrom].every((t: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(t))).toBe(true);
    expect(rep.team.members).toHaveLength(REPS);
    expect(rep.attainment.map((a: Rep) => [a.metric, a.actual, a.target != null])).toEqual([
      ['REVENUE', '0.00', true],
      ['GROSS_MARGIN', '0.00', false],
      ['NEW_CUSTOMERS', '0', false],
    ]);
  });

  it('answers an unknown rep with null among known ones', async () => {
    const data = await direct<{ _entities: ({ id: string } | null)[] }>('query($r: [_Any!]!) { _entities(representations: $r) { ... on SalesRep { id } } }', refs([repIds[0]!, uuidv7(), 'not-an-id']));
    expect(data._entities).toEqual([{ id: repIds[0] }, null, null]);
  });
});
