// Through the gateway: a year target decomposed to quarters, months and reps; order events
// credit attainment, the leaderboard and commissions; a cancellation reverses them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerCreatedV1, CustomerReassignedV1, OrderApprovedV1, OrderCancelledV1 } from '@salesgraph/events';
import { uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent } from '@salesgraph/platform';
import { signUserJwt } from '@salesgraph/auth';
import { adapterMatrix, bearer, eventually, graphql, TEST_JWT_SECRET } from '@salesgraph/testing';
import { fails, ok, startPeople, type Harness } from './harness';

const SET = 'mutation($input: SetSalesTargetInput!) { setSalesTarget(input: $input) { id period amount scope { kind ref } } }';
const DECOMPOSE = 'mutation($input: DecomposeTargetInput!) { decomposeTarget(input: $input) { id period amount scope { kind ref } } }';
const ATTAIN = 'query($id: ID!) { salesTarget(id: $id) { amount attainment { actual percent variance projected } } }';
const HIRE = 'mutation($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id name team { id name } manager { id } } }';
const COUNT_TARGETS = '{ salesTargets { id } }';

function money(amount: string) {
  return { amount, currency: 'CNY' };
}

function line(productLine: string, quantity: number, unitPrice: string, unitCost: string, amount: string) {
  return { sku: `${productLine}-1`, productLine, quantity, unitPrice: money(unitPrice), unitCost: money(unitCost), amount: money(amount) };
}

function approved(orderId: string, repId: string, at: string, lines: ReturnType<typeof line>[]) {
  const total = lines.reduce((a, l) => a + Number(l.amount.amount), 0).toFixed(2);
  return {
    orderId,
    number: `SO-${orderId.slice(-6)}`,
    customerId: uuidv7(),
    repId,
    regionCode: 'CN-EAST',
    contractId: null,
    lines,
    total: money(total),
    requestedDeliveryDate: null,
    at,
    approvedBy: 'manager',
    totalCost: money('0.00'),
    grossMargin: money('0.00'),
  };
}

function cancelled(a: ReturnType<typeof approved>, at: string) {
  return {
    orderId: a.orderId,
    customerId: a.customerId,
    repId: a.repId,
    regionCode: a.regionCode,
    lines: a.lines,
    total: a.total,
    grossMargin: a.grossMargin,
    wasApproved: true,
    approvedAt: a.at,
    reason: 'customer withdrew',
    at,
  };
}

describe.each(adapterMatrix())('targets, attainment and commissions ($label)', (setup) => {
  let h: Harness;
  let repA: string;
  let repB: string;
  let teamId: string;
  let yearId: string;
  let q1Id: string;
  let janId: string;
  let febId: string;
  const o1 = uuidv7();
  const o2 = uuidv7();
  const o3 = uuidv7();
  const o4 = uuidv7();
  let order1: ReturnType<typeof approved>;
  let order2: ReturnType<typeof approved>;

  beforeAll(async () => {
    h = await startPeople(setup);
    await ok(h.url, 'mutation { createRegion(code: "CN", name: "China") { code } }');
    await ok(h.url, 'mutation { createRegion(code: "cn-east", name: "East China", parentCode: "CN") { code } }');
    const team = await ok<{ createTeam: { id: string } }>(h.url, 'mutation { createTeam(name: "Shanghai A", regionCode: "CN-EAST") { id } }');
    teamId = team.createTeam.id;
    const a = await ok<{ hireSalesRep: { id: string } }>(h.url, HIRE, { input: { name: 'Alice Zhang', email: `alice.${Date.now()}@example.com`, regionCode: 'CN-EAST', teamId, employeeNo: 'E-1', level: 'SENIOR', hiredAt: '2026-06-01T00:00:00Z' } });
    repA = a.hireSalesRep.id;
    const b = await ok<{ hireSalesRep: { id: string } }>(h.url, HIRE, { input: { name: 'Bo Li', email: `bo.${Date.now()}@example.com`, regionCode: 'CN-EAST', teamId, managerId: repA } });
    repB = b.hireSalesRep.id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('decomposes a year into quarters, months and reps with exact sums', async () => {
    const year = await ok<{ setSalesTarget: { id: string; amount: string } }>(h.url, SET, { input: { period: '2027', scope: { kind: 'COMPANY' }, metric: 'REVENUE', amount: '1000000.01' } });
    yearId = year.setSalesTarget.id;
    expect(year.setSalesTarget.amount).toBe('1000000.01');
    const quarters = (await ok<{ decomposeTarget: { id: string; period: string; amount: string }[] }>(h.url, DECOMPOSE, { input: { targetId: yearId, into: 'QUARTERS', method: 'EVEN' } })).decomposeTarget;
    expect(quarters.map((q) => [q.period, q.amount])).toEqual([
      ['2027-Q1', '250000.01'],
      ['2027-Q2', '250000.00'],
      ['2027-Q3', '250000.00'],
      ['2027-Q4', '250000.00'],
    ]);
    q1Id = quarters[0]!.id;
    const months = (await ok<{ decomposeTarget: { id: string; period: string; amount: string }[] }>(h.url, DECOMPOSE, { input: { targetId: q1Id, into: 'MONTHS', method: 'EVEN' } })).decomposeTarget;
    expect(months.map((m) => [m.period, m.amount])).toEqual([
      ['2027-01', '83333.34'],
      ['2027-02', '83333.34'],
      ['2027-03', '83333.33'],
    ]);
    janId = months[0]!.id;
    febId = months[1]!.id;
    const reps = (
      await ok<{ decomposeTarget: { period: string; amount: string; scope: { kind: string; ref: string } }[] }>(h.url, DECOMPOSE, {
        input: { targetId: janId, into: 'REPS', method: 'WEIGHTED', weights: [{ ref: repA, weight: '60' }, { ref: repB, weight: '40' }] },
      })
    ).decomposeTarget;
    // 8333334 minor × 60% = 5000000.4, × 40% = 3333333.6: the leftover cent goes to the larger remainder.
    expect(reps.map(({ period, amount, scope }) => ({ period, amount, scope }))).toEqual([
      { period: '2027-01', amount: '50000.00', scope: { kind: 'REP', ref: repA } },
      { period: '2027-01', amount: '33333.34', scope: { kind: 'REP', ref: repB } },
    ]);
    const tree = await ok<{ targetTree: { balanced: boolean; nodes: { depth: number; target: { period: string } }[]; mismatches: unknown[] } }>(
      h.url,
      'query($id: ID!) { targetTree(rootId: $id) { balanced nodes { depth target { period } } mismatches { amount } } }',
      { id: yearId },
    );
    expect(tree.targetTree.balanced).toBe(true);
    expect(tree.targetTree.nodes).toHaveLength(1 + 4 + 3 + 2);
    expect(tree.targetTree.nodes.map((n) => n.depth)).toEqual([0, 1, 1, 1, 1, 2, 2, 2, 3, 3]);
  });

  it('reports set children that do not sum to their parent (bottom-up check)', async () => {
    await ok(h.url, SET, { input: { period: '2027-02', scope: { kind: 'REP', ref: repA }, metric: 'REVENUE', amount: '40000.00', parentId: febId } });
    const tree = await ok<{ targetTree: { balanced: boolean; mismatches: { target: { id: string }; amount: string; childrenSum: string; difference: string }[] } }>(
      h.url,
      'query($id: ID!) { targetTree(rootId: $id) { balanced mismatches { target { id } amount childrenSum difference } } }',
      { id: yearId },
    );
    expect(tree.targetTree.balanced).toBe(false);
    expect(tree.targetTree.mismatches).toEqual([{ target: { id: febId }, amount: '83333.34', childrenSum: '40000.00', difference: '-43333.34' }]);
  });

  it('refuses bad targets naming the field and writes nothing', async () => {
    const before = (await ok<{ salesTargets: unknown[] }>(h.url, COUNT_TARGETS)).salesTargets.length;
    expect(await fails(h.url, SET, { input: { period: '2027-Q5', scope: { kind: 'COMPANY' }, metric: 'REVENUE', amount: '1' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
    expect(await fails(h.url, SET, { input: { period: '2027', scope: { kind: 'COMPANY' }, metric: 'REVENUE', amount: '5' } })).toMatchObject({ code: 'CONFLICT', field: 'scope' });
    expect(await fails(h.url, SET, { input: { period: '2027-04', scope: { kind: 'REP', ref: repA }, metric: 'REVENUE', amount: '5', parentId: q1Id } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'period',
    });
    const q2 = (await ok<{ salesTargets: { id: string }[] }>(h.url, '{ salesTargets(filter: { period: "2027-Q2", scopeKind: COMPANY }) { id } }')).salesTargets[0]!.id;
    expect(
      await fails(h.url, DECOMPOSE, { input: { targetId: q2, into: 'REPS', method: 'WEIGHTED', weights: [{ ref: repA, weight: '60' }, { ref: repB, weight: '30' }] } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'weights' });
    expect(await fails(h.url, DECOMPOSE, { input: { targetId: q1Id, into: 'MONTHS', method: 'EVEN' } })).toMatchObject({ code: 'CONFLICT', reason: 'TARGET_ALREADY_DECOMPOSED' });
    expect(await fails(h.url, DECOMPOSE, { input: { targetId: q2, into: 'QUARTERS', method: 'EVEN' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'into' });
    expect((await ok<{ salesTargets: unknown[] }>(h.url, COUNT_TARGETS)).salesTargets.length).toBe(before);
  });

  it('credits approved orders live to targets, reps and the leaderboard, once', async () => {
    const plan = await ok<{ defineCommissionPlan: { id: string } }>(
      h.url,
      'mutation { defineCommissionPlan(input: { name: "Field 2027", basis: BOOKED, baseRatePercent: "5", tiers: [{ fromAttainmentPercent: "100", ratePercent: "8" }] }) { id baseRatePercent } }',
    );
    await ok(h.url, 'mutation($rep: ID!, $plan: ID!) { assignCommissionPlan(repId: $rep, planId: $plan, from: "2027-01-01T00:00:00Z") { id } }', { rep: repA, plan: plan.defineCommissionPlan.id });

    order1 = approved(o1, repA, '2027-01-10T08:00:00Z', [line('PUMPS', 2, '20000.00', '12000.00', '40000.00')]);
    order2 = approved(o2, repA, '2027-01-20T08:00:00Z', [line('PUMPS', 1, '15000.00', '10000.00', '15000.00'), line('VALVES', 1, '5000.00', '4000.00', '5000.00')]);
    const order3 = approved(o3, repB, '2027-01-15T08:00:00Z', [line('VALVES', 2, '5000.00', '3000.00', '10000.00')]);
    const e1 = await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o1, sequence: 2, data: order1 });
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o1, sequence: 2, data: order1, id: e1.id }); // redelivery
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o1, sequence: 2, data: order1 }); // duplicate under another id
    await eventually(async () => ((await ok<any>(h.url, ATTAIN, { id: janId })).salesTarget.attainment.actual === '40000.00' ? true : undefined));
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o2, sequence: 2, data: order2 });
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o3, sequence: 2, data: order3 });
    // A cancellation that overtakes its approval: the stale approval is never credited.
    const order4 = approved(o4, repB, '2027-01-16T08:00:00Z', [line('PUMPS', 1, '99999.00', '1.00', '99999.00')]);
    await publishTestEvent(h.platform, OrderCancelledV1, { aggregateId: o4, sequence: 3, data: cancelled(order4, '2027-01-17T00:00:00Z') });
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o4, sequence: 2, data: order4 });
    await publishTestEvent(h.platform, CustomerCreatedV1, {
      aggregateId: uuidv7(),
      sequence: 1,
      data: { customerId: uuidv7(), code: 'CUS-00000001', name: 'Acme', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: repA, creditLimit: null, createdAt: '2027-01-05T00:00:00Z' },
    });

    const jan = await eventually(async () => {
      const d = await ok<any>(h.url, ATTAIN, { id: janId });
      return d.salesTarget.attainment.actual === '70000.00' ? d.salesTarget : undefined;
    });
    // 70000.00 of 83333.34 → 83.99999…% → 84.00; the period has not started, so projected = actual.
    expect(jan.attainment).toEqual({ actual: '70000.00', percent: '84.00', variance: '-13333.34', projected: '70000.00' });
    const year = (await ok<any>(h.url, ATTAIN, { id: yearId })).salesTarget;
    expect(year.attainment).toMatchObject({ actual: '70000.00', percent: '7.00', variance: '-930000.01' });

    const rep = await eventually(async () => {
      const d = await ok<any>(h.url, 'query($id: ID!) { salesRep(id: $id) { attainment(period: "2027-01") { metric actual percent variance target { amount } } } }', { id: repA });
      return d.salesRep.attainment.find((x: any) => x.metric === 'NEW_CUSTOMERS').actual === '1' ? d.salesRep.attainment : undefined;
    });
    expect(rep).toEqual([
      { metric: 'REVENUE', actual: '60000.00', percent: '120.00', variance: '10000.00', target: { amount: '50000.00' } },
      // margin: 40000 − 2×12000 + 15000 − 10000 + 5000 − 4000
      { metric: 'GROSS_MARGIN', actual: '22000.00', percent: null, variance: null, target: null },
      { metric: 'NEW_CUSTOMERS', actual: '1', percent: null, variance: null, target: null },
    ]);

    const board = await ok<any>(h.url, '{ leaderboard(period: "2027-01", metric: REVENUE, scope: { kind: REGION, ref: "CN" }) { rank rep { id } actual target percent } }');
    expect(board.leaderboard).toEqual([
      { rank: 1, rep: { id: repA }, actual: '60000.00', target: '50000.00', percent: '120.00' },
      { rank: 2, rep: { id: repB }, actual: '10000.00', target: '33333.34', percent: '30.00' },
    ]);
    const pumps = await ok<any>(h.url, SET, { input: { period: '2027-01', scope: { kind: 'PRODUCT_LINE', ref: 'PUMPS' }, metric: 'REVENUE', amount: '100000.00' } });
    expect((await ok<any>(h.url, ATTAIN, { id: pumps.setSalesTarget.id })).salesTarget.attainment.actual).toBe('55000.00');
    const teamTarget = await ok<any>(h.url, SET, { input: { period: '2027-Q1', scope: { kind: 'TEAM', ref: teamId }, metric: 'GROSS_MARGIN', amount: '30000.00' } });
    expect((await ok<any>(h.url, ATTAIN, { id: teamTarget.setSalesTarget.id })).salesTarget.attainment).toMatchObject({ actual: '26000.00', percent: '86.67' });
  });

  it('accrues tiered commissions, explained per entry', async () => {
    const statement = await ok<any>(
      h.url,
      'query($id: ID!) { salesRep(id: $id) { commissions(period: "2027-01") { accrued { amount } payable { amount } entries { kind orderId amount { amount } basis { amount } bands { fromAttainmentPercent ratePercent basis { amount } amount { amount } } explanation } } } }',
      { id: repA },
    );
    const c = statement.salesRep.commissions;
    // order1: 40000 × 5% = 2000; order2 crosses 100% of the 50000 target: 10000 × 5% + 10000 × 8% = 1300
    expect(c.accrued.amount).toBe('3300.00');
    expect(c.payable.amount).toBe('3300.00');
    expect(c.entries.map((e: any) => [e.kind, e.orderId, e.amount.amount])).toEqual([
      ['ACCRUAL', o1, '2000.00'],
      ['ACCRUAL', o2, '1300.00'],
    ]);
    expect(c.entries[1].bands).toEqual([
      { fromAttainmentPercent: '0.00', ratePercent: '5.00', basis: { amount: '10000.00' }, amount: { amount: '500.00' } },
      { fromAttainmentPercent: '100.00', ratePercent: '8.00', basis: { amount: '10000.00' }, amount: { amount: '800.00' } },
    ]);
    expect(c.entries[1].explanation).toMatch(/8\.00% of 10000\.00 above 100\.00% of target/);
  });

  it('shows commissions only to the rep, their manager and directors', async () => {
    const Q = 'query($id: ID!) { salesRep(id: $id) { name commissions(period: "2027-01") { accrued { amount } } } }';
    const as = async (roles: string[], repId: string | undefined, id: string) => graphql<any>(h.url, Q, { id }, bearer(await signUserJwt({ sub: `u-${roles[0]}`, roles: roles as never, repId }, TEST_JWT_SECRET)));
    const other = await as(['sales_rep'], repB, repA);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.body.data?.salesRep?.commissions ?? null).toBeNull();
    expect((await as(['sales_rep'], repA, repA)).body.data.salesRep.commissions.accrued.amount).toBe('3300.00');
    // repA manages repB (hired with managerId repA)
    const managed = await as(['sales_manager'], repA, repB);
    expect(managed.body.errors).toBeUndefined();
    expect(managed.body.data.salesRep.commissions.accrued.amount).toBe('0.00');
    expect((await as(['sales_director'], undefined, repA)).body.data.salesRep.commissions.accrued.amount).toBe('3300.00');
  });

  it('reverses actuals and claws back commission when an approved order is cancelled, also after payout', async () => {
    const paid = await ok<any>(h.url, 'mutation($id: ID!) { payCommissions(repId: $id, period: "2027-01") { paidOut { amount } payable { amount } } }', { id: repA });
    expect(paid.payCommissions).toEqual({ paidOut: { amount: '3300.00' }, payable: { amount: '0.00' } });
    const cancel = cancelled(order2, '2027-01-25T00:00:00Z');
    const ev = await publishTestEvent(h.platform, OrderCancelledV1, { aggregateId: o2, sequence: 3, data: cancel });
    await publishTestEvent(h.platform, OrderCancelledV1, { aggregateId: o2, sequence: 3, data: cancel, id: ev.id });
    await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o2, sequence: 2, data: order2 }); // stale replay
    const jan = await eventually(async () => {
      const d = await ok<any>(h.url, ATTAIN, { id: janId });
      return d.salesTarget.attainment.actual === '50000.00' ? d.salesTarget : undefined;
    });
    expect(jan.attainment.percent).toBe('60.00');
    const board = await ok<any>(h.url, '{ leaderboard(period: "2027-01", metric: REVENUE, first: 1) { rank rep { id } actual percent } }');
    expect(board.leaderboard).toEqual([{ rank: 1, rep: { id: repA }, actual: '40000.00', percent: '80.00' }]);
    const statement = await eventually(async () => {
      const d = await ok<any>(h.url, 'query($id: ID!) { salesRep(id: $id) { commissions(period: "2027-01") { accrued { amount } paidOut { amount } payable { amount } entries { kind amount { amount } reverses } } } }', { id: repA });
      return d.salesRep.commissions.entries.length === 3 ? d.salesRep.commissions : undefined;
    });
    // History is not edited: the accrual stays, a negative entry follows, and the rep owes it back.
    expect(statement.entries.map((e: any) => [e.kind, e.amount.amount])).toEqual([
      ['ACCRUAL', '2000.00'],
      ['ACCRUAL', '1300.00'],
      ['CLAWBACK', '-1300.00'],
    ]);
    expect(statement.accrued.amount).toBe('2000.00');
    expect(statement.paidOut.amount).toBe('3300.00');
    expect(statement.payable.amount).toBe('-1300.00');
  });

  it('decomposes by last year (HISTORICAL), by the seasonal profile, and down the region tree', async () => {
    const history = [approved(uuidv7(), repA, '2026-02-10T00:00:00Z', [line('PUMPS', 1, '30000.00', '20000.00', '30000.00')]), approved(uuidv7(), repB, '2026-11-10T00:00:00Z', [line('PUMPS', 1, '10000.00', '5000.00', '10000.00')])];
    for (const o of history) await publishTestEvent(h.platform, OrderApprovedV1, { aggregateId: o.orderId, sequence: 2, data: o });
    const region = await ok<any>(h.url, SET, { input: { period: '2027', scope: { kind: 'REGION', ref: 'CN' }, metric: 'REVENUE', amount: '100000.00' } });
    const regionId = region.setSalesTarget.id as string;
    const yearActual = async () => (await ok<any>(h.url, '{ leaderboard(period: "2026", metric: REVENUE) { actual } }')).leaderboard.map((r: any) => r.actual);
    await eventually(async () => (JSON.stringify(await yearActual()) === JSON.stringify(['30000.00', '10000.00']) ? true : undefined));
    const quarters = (await ok<any>(h.url, DECOMPOSE, { input: { targetId: regionId, into: 'QUARTERS', method: 'HISTORICAL' } })).decomposeTarget;
    // 2026: Q1 30000, Q4 10000 → 75% / 0 / 0 / 25%
    expect(quarters.map((q: any) => [q.period, q.amount])).toEqual([
      ['2027-Q1', '75000.00'],
      ['2027-Q2', '0.00'],
      ['2027-Q3', '0.00'],
      ['2027-Q4', '25000.00'],
    ]);
    const reps = (await ok<any>(h.url, DECOMPOSE, { input: { targetId: quarters[0].id, into: 'REPS', method: 'HISTORICAL' } })).decomposeTarget;
    expect(reps.map((r: any) => [r.scope.ref, r.amount])).toEqual([
      [repA, '75000.00'],
      [repB, '0.00'],
    ]);
    // The monthly profile of all sales before 2027-10 has nothing in October or December.
    const months = (await ok<any>(h.url, DECOMPOSE, { input: { targetId: quarters[3].id, into: 'MONTHS', method: 'SEASONAL' } })).decomposeTarget;
    expect(months.map((m: any) => [m.period, m.amount])).toEqual([
      ['2027-10', '0.00'],
      ['2027-11', '25000.00'],
      ['2027-12', '0.00'],
    ]);
    expect(await fails(h.url, DECOMPOSE, { input: { targetId: reps[0].id, into: 'REGIONS', method: 'SEASONAL' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'method' });

    const margin = await ok<any>(h.url, SET, { input: { period: '2027-Q2', scope: { kind: 'COMPANY' }, metric: 'GROSS_MARGIN', amount: '9000.01' } });
    const [cn] = (await ok<any>(h.url, DECOMPOSE, { input: { targetId: margin.setSalesTarget.id, into: 'REGIONS', method: 'EVEN' } })).decomposeTarget;
    expect(cn).toMatchObject({ scope: { kind: 'REGION', ref: 'CN' }, amount: '9000.01' });
    const [eastTarget] = (await ok<any>(h.url, DECOMPOSE, { input: { targetId: cn.id, into: 'REGIONS', method: 'EVEN' } })).decomposeTarget;
    expect(eastTarget).toMatchObject({ scope: { kind: 'REGION', ref: 'CN-EAST' }, period: '2027-Q2' });
    const teams = (await ok<any>(h.url, DECOMPOSE, { input: { targetId: eastTarget.id, into: 'TEAMS', method: 'EVEN' } })).decomposeTarget;
    expect(teams).toEqual([expect.objectContaining({ scope: { kind: 'TEAM', ref: teamId }, amount: '9000.01' })]);
    const split = (await ok<any>(h.url, DECOMPOSE, { input: { targetId: teams[0].id, into: 'MONTHS', method: 'WEIGHTED', weights: [{ ref: '04', weight: '50' }, { ref: '2027-05', weight: '25' }, { ref: '06', weight: '25' }] } })).decomposeTarget;
    expect(split.map((m: any) => [m.period, m.amount])).toEqual([
      ['2027-04', '4500.01'],
      ['2027-05', '2250.00'],
      ['2027-06', '2250.00'],
    ]);
    const tree = await ok<any>(h.url, 'query($id: ID!) { targetTree(rootId: $id) { balanced nodes { depth } } }', { id: margin.setSalesTarget.id });
    expect(tree.targetTree).toEqual({ balanced: true, nodes: [0, 1, 2, 3, 4, 4, 4].map((depth) => ({ depth })) });
  });

  it('moves customerCount on reassignment but keeps the NEW_CUSTOMERS credit with the creator, in any order', async () => {
    const customerId = uuidv7();
    const countOf = async (id: string) => (await ok<any>(h.url, 'query($id: ID!) { salesRep(id: $id) { customerCount } }', { id })).salesRep.customerCount as number;
    const before = await countOf(repA);
    await publishTestEvent(h.platform, CustomerReassignedV1, { aggregateId: customerId, sequence: 2, data: { customerId, regionCode: 'CN-EAST', fromRepId: repB, toRepId: repA, at: '2027-02-03T00:00:00Z' } });
    await publishTestEvent(h.platform, CustomerCreatedV1, {
      aggregateId: customerId,
      sequence: 1,
      data: { customerId, code: 'CUS-00000002', name: 'Beta', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: repB, creditLimit: null, createdAt: '2027-02-01T00:00:00Z' },
    });
    const newCustomers = async (id: string) =>
      (await ok<any>(h.url, 'query($id: ID!) { salesRep(id: $id) { attainment(period: "2027-02") { metric actual } } }', { id })).salesRep.attainment.find((a: any) => a.metric === 'NEW_CUSTOMERS').actual;
    // The two handlers may run concurrently on the bus; the one that loses the insert race is redelivered,
    // so wait for both effects, not just the creation's.
    await eventually(async () => ((await newCustomers(repB)) === '1' && (await countOf(repA)) === before + 1 ? true : undefined));
    expect(await countOf(repA)).toBe(before + 1);
    expect(await countOf(repB)).toBe(0);
    expect(await newCustomers(repA)).toBe('0');
  });
});
