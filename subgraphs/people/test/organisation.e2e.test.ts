// Through the gateway: the region tree, teams, reps with transfer/offboard history and their
// events; budgets and spend; KPI appraisal from live data; OKRs; training; COLLECTED commissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderApprovedV1, OutboxRecord, PaymentReceivedV1, SatisfactionRecordedV1 } from '@salesgraph/events';
import { uuidv7 } from '@salesgraph/kernel';
import { publishTestEvent } from '@salesgraph/platform';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { fails, ok, startPeople, type Harness } from './harness';

const HIRE = 'mutation($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id regionCode level team { id } manager { id } employeeNo active } }';
const TRANSFER = 'mutation($input: TransferSalesRepInput!) { transferSalesRep(input: $input) { id regionCode team { id name } manager { id } } }';
const money = (amount: string) => ({ amount, currency: 'CNY' });

describe.each(adapterMatrix())('organisation, budgets, appraisal and training ($label)', (setup) => {
  let h: Harness;
  let managerId: string;
  let repId: string;
  let east: string;
  let west: string;

  beforeAll(async () => {
    h = await startPeople(setup);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('builds the region tree and teams, refusing bad input', async () => {
    await ok(h.url, 'mutation { a: createRegion(code: "CN", name: "China") { code } }');
    await ok(h.url, 'mutation { b: createRegion(code: "CN-EAST", name: "East", parentCode: "CN") { code } c: createRegion(code: "CN-WEST", name: "West", parentCode: "CN") { code } }');
    expect(await fails(h.url, 'mutation { createRegion(code: "US-EAST", name: "x", parentCode: "US") { code } }')).toMatchObject({ code: 'NOT_FOUND', field: 'parentCode' });
    expect(await fails(h.url, 'mutation { createRegion(code: "cn", name: "again") { code } }')).toMatchObject({ code: 'CONFLICT', field: 'code' });
    const regions = await ok<any>(h.url, '{ regions { code parent { code } children { code } } }');
    expect(regions.regions).toEqual([
      { code: 'CN', parent: null, children: [{ code: 'CN-EAST' }, { code: 'CN-WEST' }] },
      { code: 'CN-EAST', parent: { code: 'CN' }, children: [] },
      { code: 'CN-WEST', parent: { code: 'CN' }, children: [] },
    ]);
    const m = await ok<any>(h.url, HIRE, { input: { name: 'Mei Manager', email: `mei.${Date.now()}@example.com`, regionCode: 'CN-EAST', level: 'MANAGER' } });
    managerId = m.hireSalesRep.id;
    east = (await ok<any>(h.url, 'mutation($m: ID) { createTeam(name: "East A", regionCode: "CN-EAST", managerId: $m) { id region { code } manager { id } } }', { m: managerId })).createTeam.id;
    west = (await ok<any>(h.url, 'mutation { createTeam(name: "West A", regionCode: "CN-WEST") { id } }')).createTeam.id;
    expect(await fails(h.url, 'mutation { createTeam(name: "Nowhere", regionCode: "XX-NONE") { id } }')).toMatchObject({ code: 'NOT_FOUND', field: 'regionCode' });
    expect(await fails(h.url, 'mutation { createTeam(name: "West A", regionCode: "CN-WEST") { id } }')).toMatchObject({ code: 'CONFLICT', field: 'name' });
  });

  it('hires, transfers and offboards a rep, keeping history and publishing events', async () => {
    const hired = await ok<any>(h.url, HIRE, { input: { name: 'Ren Rep', email: `ren.${Date.now()}@example.com`, regionCode: 'cn-east', teamId: east, employeeNo: 'e-42', hiredAt: '2026-01-05T00:00:00Z' } });
    repId = hired.hireSalesRep.id;
    // The team's manager becomes the rep's manager.
    expect(hired.hireSalesRep).toMatchObject({ regionCode: 'CN-EAST', level: 'JUNIOR', team: { id: east }, manager: { id: managerId }, employeeNo: 'E-42', active: true });
    expect(await fails(h.url, HIRE, { input: { name: 'X', email: `x.${Date.now()}@example.com`, regionCode: 'CN-EAST', teamId: west } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    expect(await fails(h.url, HIRE, { input: { name: 'X', email: `y.${Date.now()}@example.com`, regionCode: 'CN-EAST', employeeNo: 'E-42' } })).toMatchObject({ code: 'CONFLICT', field: 'employeeNo' });

    const moved = await ok<any>(h.url, TRANSFER, { input: { repId, teamId: west, at: '2026-06-01T00:00:00Z', reason: 'west expansion' } });
    expect(moved.transferSalesRep).toMatchObject({ regionCode: 'CN-WEST', team: { id: west, name: 'West A' }, manager: { id: managerId } });
    expect((await ok<any>(h.url, '{ salesReps(filter: { regionCode: "CN-EAST" }) { totalCount edges { node { id } } } }')).salesReps).toEqual({ totalCount: 1, edges: [{ node: { id: managerId } }] });
    const westReps = await ok<any>(h.url, 'query($t: ID) { salesReps(filter: { teamId: $t, active: true }) { edges { node { id } } } }', { t: west });
    expect(westReps.salesReps.edges).toEqual([{ node: { id: repId } }]);

    await ok(h.url, 'mutation($id: ID!) { offboardSalesRep(id: $id, at: "2026-09-30T00:00:00Z", reason: "left") { id active } }', { id: repId });
    expect(await fails(h.url, TRANSFER, { input: { repId, teamId: east } })).toMatchObject({ code: 'CONFLICT', reason: 'REP_OFFBOARDED' });
    const rep = await ok<any>(h.url, 'query($id: ID!) { salesRep(id: $id) { active offboardedAt history { change teamId regionCode managerId validFrom validTo reason } } }', { id: repId });
    expect(rep.salesRep.active).toBe(false);
    expect(rep.salesRep.offboardedAt).toBe('2026-09-30T00:00:00.000Z');
    expect(rep.salesRep.history).toEqual([
      { change: 'HIRED', teamId: east, regionCode: 'CN-EAST', managerId, validFrom: '2026-01-05T00:00:00.000Z', validTo: '2026-06-01T00:00:00.000Z', reason: null },
      { change: 'TRANSFERRED', teamId: west, regionCode: 'CN-WEST', managerId, validFrom: '2026-06-01T00:00:00.000Z', validTo: '2026-09-30T00:00:00.000Z', reason: 'west expansion' },
      { change: 'OFFBOARDED', teamId: west, regionCode: 'CN-WEST', managerId, validFrom: '2026-09-30T00:00:00.000Z', validTo: null, reason: 'left' },
    ]);
    expect((await ok<any>(h.url, '{ salesReps(filter: { active: false }) { edges { node { id } } } }')).salesReps.edges).toEqual([{ node: { id: repId } }]);

    // The events carry team, region and manager for other subgraphs' row rules.
    const em = h.platform.subgraphs.people!.orm.em.fork();
    const events = await em.find(OutboxRecord, { aggregateId: repId }, { orderBy: { eventId: 'asc' } });
    const envelopes = events.map((e) => JSON.parse(e.envelope));
    expect(envelopes.map((e) => [e.type.replace(/^.*people\./, ''), e.sequence])).toEqual([
      ['rep.hired.v1', 1],
      ['rep.transferred.v1', 2],
      ['rep.offboarded.v1', 3],
    ]);
    expect(envelopes[1].data).toMatchObject({ repId, teamId: west, regionCode: 'CN-WEST', managerId, fromTeamId: east, fromRegionCode: 'CN-EAST', active: true });
    expect(envelopes[2].data).toMatchObject({ teamId: west, managerId, active: false });
  });

  it('tracks budgets with spend, utilization and cost of sales; refuses overspend unless allowed', async () => {
    const set = await ok<any>(h.url, 'mutation { setBudget(input: { period: "2026-Q4", kind: MARKETING, scope: { kind: REGION, ref: "CN-EAST" }, amount: { amount: "10000" } }) { id amount { amount currency } } }');
    const budgetId = set.setBudget.id;
    expect(await fails(h.url, 'mutation { setBudget(input: { period: "2026-Q4", kind: MARKETING, scope: { kind: REGION, ref: "CN-EAST" }, amount: { amount: "1" } }) { id } }')).toMatchObject({ code: 'CONFLICT', field: 'scope' });
    expect(await fails(h.url, 'mutation { setBudget(input: { period: "2026-Q4", kind: SALES, scope: { kind: COMPANY }, amount: { amount: "1", currency: "USD" } }) { id } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    const SPEND = 'mutation($input: RecordSpendInput!) { recordSpend(input: $input) { spent { amount } remaining { amount } utilization } }';
    const spent = await ok<any>(h.url, SPEND, { input: { budgetId, amount: { amount: '7500.00' }, spentAt: '2026-10-15T00:00:00Z', note: 'trade fair' } });
    expect(spent.recordSpend).toEqual({ spent: { amount: '7500.00' }, remaining: { amount: '2500.00' }, utilization: '75.00' });
    expect(await fails(h.url, SPEND, { input: { budgetId, amount: { amount: '3000.00' }, spentAt: '2026-10-16T00:00:00Z' } })).toMatchObject({ code: 'CONFLICT', reason: 'BUDGET_OVERSPENT', field: 'amount' });
    expect(await fails(h.url, SPEND, { input: { budgetId, amount: { amount: '1.00' }, spentAt: '2027-01-01T00:00:00Z' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'spentAt' });
    await ok(h.url, SPEND, { input: { budgetId, amount: { amount: '3000.00' }, spentAt: '2026-10-16T00:00:00Z', allowOverspend: true } });
    // Revenue in the region: 50000.00 approved in November.
    await publishTestEvent(h.platform, OrderApprovedV1, {
      aggregateId: uuidv7(),
      sequence: 2,
      data: {
        orderId: uuidv7(),
        number: 'SO-1',
        customerId: uuidv7(),
        repId: managerId,
        regionCode: 'CN-EAST',
        contractId: null,
        lines: [{ sku: 'P-1', productLine: 'PUMPS', quantity: 1, unitPrice: money('50000.00'), unitCost: money('30000.00'), amount: money('50000.00') }],
        total: money('50000.00'),
        requestedDeliveryDate: null,
        at: '2026-11-02T00:00:00Z',
        approvedBy: 'x',
        totalCost: money('30000.00'),
        grossMargin: money('20000.00'),
      },
    });
    const budgets = await eventually(async () => {
      const d = await ok<any>(h.url, '{ budgets(period: "2026-Q4", scope: { kind: REGION, ref: "CN-EAST" }) { kind spent { amount } remaining { amount } utilization costOfSalesRatio spends { amount { amount } overspend } } }');
      return d.budgets[0]?.costOfSalesRatio ? d.budgets : undefined;
    });
    expect(budgets).toEqual([
      {
        kind: 'MARKETING',
        spent: { amount: '10500.00' },
        remaining: { amount: '-500.00' },
        utilization: '105.00',
        costOfSalesRatio: '21.00',
        spends: [
          { amount: { amount: '7500.00' }, overspend: false },
          { amount: { amount: '3000.00' }, overspend: true },
        ],
      },
    ]);
  });

  it('appraises a rep from live KPI data and rolls up OKR progress', async () => {
    const rep = (await ok<any>(h.url, HIRE, { input: { name: 'Kai', email: `kai.${Date.now()}@example.com`, regionCode: 'CN-EAST', teamId: east } })).hireSalesRep.id as string;
    await ok(h.url, 'mutation($r: String) { setSalesTarget(input: { period: "2026-12", scope: { kind: REP, ref: $r }, metric: REVENUE, amount: "20000" }) { id } }', { r: rep });
    const orderId = uuidv7();
    await publishTestEvent(h.platform, OrderApprovedV1, {
      aggregateId: orderId,
      sequence: 2,
      data: {
        orderId,
        number: 'SO-2',
        customerId: uuidv7(),
        repId: rep,
        regionCode: 'CN-EAST',
        contractId: null,
        lines: [{ sku: 'V-1', productLine: 'VALVES', quantity: 2, unitPrice: money('9000.00'), unitCost: money('5000.00'), amount: money('18000.00') }],
        total: money('18000.00'),
        requestedDeliveryDate: null,
        at: '2026-12-03T00:00:00Z',
        approvedBy: 'x',
        totalCost: money('10000.00'),
        grossMargin: money('8000.00'),
      },
    });
    const payment = { paymentId: uuidv7(), orderId, customerId: uuidv7(), repId: rep, regionCode: 'CN-EAST', amount: money('9000.00'), paidAt: '2026-12-10T00:00:00Z', dueDate: null, outstandingAfter: money('9000.00'), fullyPaid: false };
    const pe = await publishTestEvent(h.platform, PaymentReceivedV1, { aggregateId: orderId, sequence: 3, data: payment });
    await publishTestEvent(h.platform, PaymentReceivedV1, { aggregateId: orderId, sequence: 3, data: payment, id: pe.id });
    await publishTestEvent(h.platform, PaymentReceivedV1, { aggregateId: orderId, sequence: 3, data: payment });
    for (const csat of [4, 5]) {
      await publishTestEvent(h.platform, SatisfactionRecordedV1, { aggregateId: uuidv7(), sequence: 1, data: { surveyId: uuidv7(), customerId: uuidv7(), ownerRepId: rep, orderId, csat, nps: 9, at: '2026-12-12T00:00:00Z' } });
    }
    const scheme = await ok<any>(
      h.url,
      'mutation { defineKpiScheme(input: { name: "Field", kpis: [{ metric: REVENUE_ATTAINMENT, weight: "50", target: "100" }, { metric: CUSTOMER_SATISFACTION, weight: "25", target: "5" }, { metric: COLLECTION_RATE, weight: "25", target: "100" }] }) { id kpis { metric weight target } } }',
    );
    expect(await fails(h.url, 'mutation { defineKpiScheme(input: { name: "Bad", kpis: [{ metric: NEW_CUSTOMERS, weight: "60", target: "1" }] }) { id } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kpis' });
    const APPRAISE = 'mutation($r: ID!, $s: ID!) { appraise(repId: $r, period: "2026-12", schemeId: $s, qualitative: [{ criterion: "teamwork", score: "80" }]) { kpis { metric actual score weighted } kpiTotal total rating } }';
    const appraisal = await eventually(async () => {
      const d = await ok<any>(h.url, APPRAISE, { r: rep, s: scheme.defineKpiScheme.id });
      return d.appraise.kpis[1].actual != null && d.appraise.kpis[2].actual != null ? d.appraise : undefined;
    });
    // revenue 18000/20000 = 90%; CSAT 4.5 of 5 → 90; collected 9000 of 18000 = 50%
    expect(appraisal).toEqual({
      kpis: [
        { metric: 'REVENUE_ATTAINMENT', actual: '90.00', score: '90.00', weighted: '45.00' },
        { metric: 'CUSTOMER_SATISFACTION', actual: '4.50', score: '90.00', weighted: '22.50' },
        { metric: 'COLLECTION_RATE', actual: '50.00', score: '50.00', weighted: '12.50' },
      ],
      kpiTotal: '80.00',
      total: '80.00', // 0.8 × 80 + 0.2 × 80
      rating: 'B',
    });

    const objective = await ok<any>(
      h.url,
      'mutation($r: ID!) { setObjective(input: { ownerRepId: $r, period: "2026-Q4", title: "Grow the west", keyResults: [{ title: "New accounts", target: "10", unit: "accounts" }, { title: "Demos", target: "4", unit: "demos" }] }) { id progress keyResults { id } } }',
      { r: rep },
    );
    const [kr1, kr2] = objective.setObjective.keyResults.map((k: any) => k.id);
    await ok(h.url, 'mutation($id: ID!) { updateKeyResult(id: $id, current: "5") { id } }', { id: kr1 });
    const updated = await ok<any>(h.url, 'mutation($id: ID!) { updateKeyResult(id: $id, current: "6") { progress keyResults { current progress } } }', { id: kr2 });
    expect(updated.updateKeyResult).toEqual({ progress: '75.00', keyResults: [{ current: '5.00', progress: '50.00' }, { current: '6.00', progress: '100.00' }] });

    await ok(h.url, 'mutation($r: ID!) { recordTraining(input: { repId: $r, course: "Consultative selling", completedAt: "2026-10-01T00:00:00Z", score: "92.5", hours: "16" }) { id } }', { r: rep });
    expect(await fails(h.url, 'mutation($r: ID!) { recordTraining(input: { repId: $r, course: "x", completedAt: "2026-10-01T00:00:00Z", score: "120", hours: "1" }) { id } }', { r: rep })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const training = await ok<any>(h.url, 'query($id: ID!) { salesRep(id: $id) { training { course score hours completedAt } appraisals { rating } objectives { progress } } }', { id: rep });
    // A period without sales still ranks the team's active reps (offboarded ones drop out).
    const board = async (team: string) => (await ok<any>(h.url, 'query($t: String) { leaderboard(period: "2025-01", metric: REVENUE, scope: { kind: TEAM, ref: $t }) { rank rep { id } actual percent } }', { t: team })).leaderboard;
    expect(await board(east)).toEqual([{ rank: 1, rep: { id: rep }, actual: '0.00', percent: null }]);
    expect(await board(west)).toEqual([]);
    expect(training.salesRep).toEqual({
      training: [{ course: 'Consultative selling', score: '92.50', hours: '16.00', completedAt: '2026-10-01T00:00:00.000Z' }],
      appraisals: [{ rating: 'B' }],
      objectives: [{ progress: '75.00' }],
    });
  });

  it('accrues COLLECTED commissions from payments, once per payment', async () => {
    const rep = (await ok<any>(h.url, HIRE, { input: { name: 'Cole', email: `cole.${Date.now()}@example.com`, regionCode: 'CN-EAST' } })).hireSalesRep.id as string;
    const plan = await ok<any>(h.url, 'mutation { defineCommissionPlan(input: { name: "Collected", basis: COLLECTED, baseRatePercent: "3" }) { id basis } }');
    await ok(h.url, 'mutation($r: ID!, $p: ID!) { assignCommissionPlan(repId: $r, planId: $p, from: "2026-01-01T00:00:00Z") { id } }', { r: rep, p: plan.defineCommissionPlan.id });
    const orderId = uuidv7();
    const payment = { paymentId: uuidv7(), orderId, customerId: uuidv7(), repId: rep, regionCode: 'CN-EAST', amount: money('1234.56'), paidAt: '2026-11-20T00:00:00Z', dueDate: null, outstandingAfter: money('0.00'), fullyPaid: true };
    const pe = await publishTestEvent(h.platform, PaymentReceivedV1, { aggregateId: orderId, sequence: 4, data: payment });
    await publishTestEvent(h.platform, PaymentReceivedV1, { aggregateId: orderId, sequence: 4, data: payment, id: pe.id });
    const c = await eventually(async () => {
      const d = await ok<any>(h.url, 'query($id: ID!) { salesRep(id: $id) { commissionPlan { name } commissions(period: "2026-11") { accrued { amount } entries { kind paymentId amount { amount } } } } }', { id: rep });
      return d.salesRep.commissions.entries.length ? d.salesRep : undefined;
    });
    // 3% of 1234.56 = 37.0368 → 37.04
    expect(c).toEqual({ commissionPlan: { name: 'Collected' }, commissions: { accrued: { amount: '37.04' }, entries: [{ kind: 'ACCRUAL', paymentId: payment.paymentId, amount: { amount: '37.04' } }] } });
  });
});
