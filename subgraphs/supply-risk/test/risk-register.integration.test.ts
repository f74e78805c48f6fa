// The risk register through the gateway: a 4×4 risk lands in matrix cell (4,4) and raises
// RISK_ESCALATED; re-assessment keeps history, moves the cell and clears the alert; closing,
// mitigation, market evidence and contingency plans; bad input writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@salesgraph/kernel';
import { adapterMatrix, eventually } from '@salesgraph/testing';
import { deliveryRisk, gql, gqlError, newOrder, newSku, outbox, placed, startHarness, type Harness } from './harness';

const REGISTER = 'mutation($input: RegisterRiskInput!) { registerRisk(input: $input) { id category title likelihood impact score level status affects { skus supplierIds customerIds regions } } }';
const ASSESS = 'mutation($id: ID!, $l: Int!, $i: Int!, $note: String) { assessRisk(id: $id, likelihood: $l, impact: $i, note: $note) { id score level history { likelihood impact score level note } } }';
const MATRIX = 'query($filter: RiskFilter) { riskMatrix(filter: $filter) { total cells { likelihood impact } cell(likelihood: 4, impact: 4) { score level count riskIds } } }';
const ALERTS = 'query($filter: AlertFilter) { alerts(filter: $filter, first: 100) { edges { node { id rule status severity subject { kind id } skus customerIds message } } } }';

interface AlertNode {
  id: string;
  rule: string;
  status: string;
  severity: string;
  subject: { kind: string; id: string };
  skus: string[];
  customerIds: string[];
}

describe.each(adapterMatrix())('supply-risk risk register ($label)', (setup) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(setup);
  });
  afterAll(async () => {
    await h?.close();
  });

  const escalations = async (riskId: string) =>
    (await gql<{ alerts: { edges: { node: AlertNode }[] } }>(h, ALERTS, { filter: { rule: 'RISK_ESCALATED' } })).alerts.edges.map((e) => e.node).filter((a) => a.subject.id === riskId);

  it('puts a 4×4 risk in matrix cell (4,4), raises RISK_ESCALATED, and clears it when re-assessed lower', async () => {
    const sku = newSku('VALVE');
    const customerId = uuidv7();
    const registered = await gql<{ registerRisk: Record<string, unknown> & { id: string } }>(h, REGISTER, {
      input: { category: 'SUPPLY_CHAIN', title: 'Port strike in Ningbo', likelihood: 4, impact: 4, affects: { skus: [sku.toLowerCase()], customerIds: [customerId], regions: ['cn-east'] } },
    });
    const risk = registered.registerRisk;
    expect(risk).toMatchObject({ category: 'SUPPLY_CHAIN', likelihood: 4, impact: 4, score: 16, level: 'CRITICAL', status: 'OPEN', affects: { skus: [sku], supplierIds: [], customerIds: [customerId], regions: ['CN-EAST'] } });

    const matrix = await gql<{ riskMatrix: { total: number; cells: unknown[]; cell: { score: number; level: string; count: number; riskIds: string[] } } }>(h, MATRIX, { filter: { sku } });
    expect(matrix.riskMatrix.cells).toHaveLength(25);
    expect(matrix.riskMatrix.total).toBe(1);
    expect(matrix.riskMatrix.cell).toEqual({ score: 16, level: 'CRITICAL', count: 1, riskIds: [risk.id] });
    const all = await gql<{ riskMatrix: { cell: { riskIds: string[] } } }>(h, MATRIX, {});
    expect(all.riskMatrix.cell.riskIds).toContain(risk.id);

    const raised = await escalations(risk.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ status: 'OPEN', severity: 'CRITICAL', subject: { kind: 'RISK', id: risk.id }, skus: [sku], customerIds: [customerId] });
    expect((await outbox(h, 'sales.risk.risk.registered.v1')).filter((e) => e.envelope.subject === risk.id).map((e) => e.envelope.data)).toEqual([
      expect.objectContaining({ riskId: risk.id, likelihood: 4, impact: 4, score: 16, level: 'CRITICAL' }),
    ]);
    const raisedEvent = (await outbox(h, 'sales.risk.alert.raised.v1')).find((e) => e.envelope.data.alertId === raised[0]!.id);
    expect(raisedEvent!.envelope.data).toMatchObject({ rule: 'RISK_ESCALATED', severity: 'CRITICAL', skus: [sku], customerIds: [customerId] });
    // The relay publishes it.
    await eventually(async () => ((await outbox(h, 'sales.risk.alert.raised.v1')).find((e) => e.envelope.data.alertId === raised[0]!.id)?.published ? true : undefined));

    // An order in the affected region (CN-EAST), on another sku, is exposed to it.
    const order = newOrder([{ sku: newSku('OTHER'), quantity: 1 }]);
    await placed(h, order);
    const exposed = await eventually(async () => (await deliveryRisk(h, order.orderId)) ?? undefined);
    expect(exposed).toEqual({ level: 'CRITICAL', reasons: ['RISK CRITICAL: Port strike in Ningbo'] });

    // Re-assessed to 3×4 (HIGH): still one alert, now WARNING.
    await gql(h, ASSESS, { id: risk.id, l: 3, i: 4, note: 'second berth open' });
    expect(await escalations(risk.id)).toEqual([expect.objectContaining({ status: 'OPEN', severity: 'WARNING' })]);
    // 2×2 (LOW): the alert resolves itself; history keeps every assessment.
    const lowered = await gql<{ assessRisk: { score: number; level: string; history: { likelihood: number; impact: number; level: string; note: string }[] } }>(h, ASSESS, { id: risk.id, l: 2, i: 2, note: 'strike over' });
    expect(lowered.assessRisk).toMatchObject({ score: 4, level: 'LOW' });
    expect(lowered.assessRisk.history.map((x) => [x.likelihood, x.impact, x.level, x.note])).toEqual([
      [4, 4, 'CRITICAL', 'registered'],
      [3, 4, 'HIGH', 'second berth open'],
      [2, 2, 'LOW', 'strike over'],
    ]);
    expect(await escalations(risk.id)).toEqual([expect.objectContaining({ status: 'RESOLVED' })]);
    const assessed = (await outbox(h, 'sales.risk.risk.assessed.v1')).filter((e) => e.envelope.subject === risk.id).map((e) => [e.envelope.sequence, e.envelope.data.level, e.envelope.data.previousLevel]);
    expect(assessed).toEqual([
      [2, 'HIGH', 'CRITICAL'],
      [3, 'LOW', 'HIGH'],
    ]);
    const moved = await gql<{ riskMatrix: { cell: { riskIds: string[] } } }>(h, MATRIX, { filter: { sku } });
    expect(moved.riskMatrix.cell.riskIds).toEqual([]);
    expect(await deliveryRisk(h, order.orderId)).toEqual({ level: 'LOW', reasons: ['RISK LOW: Port strike in Ningbo'] });
  });

  it('mitigates and closes a risk; a closed risk cannot be re-assessed and leaves the matrix', async () => {
    const r = (await gql<{ registerRisk: { id: string } }>(h, REGISTER, { input: { category: 'LOGISTICS', title: 'Typhoon season', likelihood: 5, impact: 3 } })).registerRisk;
    const mitigated = await gql<{ setMitigation: { status: string; mitigation: { plan: string; dueAt: string } } }>(
      h,
      'mutation($id: ID!) { setMitigation(id: $id, plan: "Pre-stock coastal warehouses", dueAt: "2027-06-01T00:00:00Z") { status mitigation { plan dueAt } } }',
      { id: r.id },
    );
    expect(mitigated.setMitigation).toEqual({ status: 'MITIGATING', mitigation: { plan: 'Pre-stock coastal warehouses', dueAt: '2027-06-01T00:00:00.000Z' } });
    expect(await escalations(r.id)).toEqual([expect.objectContaining({ status: 'OPEN', severity: 'WARNING' })]);
    const closed = await gql<{ closeRisk: { status: string; closeReason: string } }>(h, 'mutation($id: ID!) { closeRisk(id: $id, reason: "season over") { status closeReason } }', { id: r.id });
    expect(closed.closeRisk).toEqual({ status: 'CLOSED', closeReason: 'season over' });
    expect(await escalations(r.id)).toEqual([expect.objectContaining({ status: 'RESOLVED' })]);
    const error = await gqlError(h, ASSESS, { id: r.id, l: 1, i: 1 });
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(error.message).toMatch(/CLOSED/);
    const open = await gql<{ risks: { edges: { node: { id: string } }[] } }>(h, 'query { risks(filter: { category: LOGISTICS }, first: 100) { edges { node { id } } } }');
    expect(open.risks.edges.map((e) => e.node.id)).not.toContain(r.id);
    const closedList = await gql<{ risks: { totalCount: number; edges: { node: { id: string } }[] } }>(h, 'query { risks(filter: { status: CLOSED }, first: 100) { totalCount edges { node { id } } } }');
    expect(closedList.risks.edges.map((e) => e.node.id)).toContain(r.id);
  });

  it('cites market assessments as evidence and runs contingency plans', async () => {
    const assessment = await gql<{ recordMarketAssessment: { id: string; kind: string; regionCode: string; entries: { factor: string; weight: number }[] } }>(
      h,
      'mutation($input: RecordMarketAssessmentInput!) { recordMarketAssessment(input: $input) { id kind regionCode entries { factor note weight } } }',
      { input: { kind: 'PEST', regionCode: 'cn-south', productLine: 'Pumps', entries: [{ factor: 'economic', note: 'Steel prices up 18%', weight: 4 }, { factor: 'POLITICAL', note: 'Export licence review', weight: 3 }] } },
    );
    expect(assessment.recordMarketAssessment).toMatchObject({ kind: 'PEST', regionCode: 'CN-SOUTH', entries: [{ factor: 'ECONOMIC', weight: 4 }, { factor: 'POLITICAL', weight: 3 }] });
    const bad = await gqlError(h, 'mutation($input: RecordMarketAssessmentInput!) { recordMarketAssessment(input: $input) { id } }', {
      input: { kind: 'SWOT', regionCode: 'CN-SOUTH', entries: [{ factor: 'ECONOMIC', note: 'x', weight: 1 }] },
    });
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entries[0].factor' });
    const listed = await gql<{ marketAssessments: { id: string }[] }>(h, '{ marketAssessments(filter: { regionCode: "CN-SOUTH" }) { id } }');
    expect(listed.marketAssessments).toEqual([{ id: assessment.recordMarketAssessment.id }]);

    const risk = (
      await gql<{ registerRisk: { id: string } }>(h, REGISTER, {
        input: { category: 'MARKET', title: 'Steel price shock', likelihood: 3, impact: 3, evidenceIds: [assessment.recordMarketAssessment.id] },
      })
    ).registerRisk;
    const withEvidence = await gql<{ risk: { level: string; evidence: { id: string }[] } }>(h, 'query($id: ID!) { risk(id: $id) { level evidence { id } } }', { id: risk.id });
    expect(withEvidence.risk).toEqual({ level: 'MEDIUM', evidence: [{ id: assessment.recordMarketAssessment.id }] });
    expect(await escalations(risk.id)).toEqual([]);

    const owner = uuidv7();
    const plan = await gql<{ defineContingencyPlan: { id: string; status: string; actions: { id: string; status: string }[] } }>(
      h,
      'mutation($input: DefineContingencyPlanInput!) { defineContingencyPlan(input: $input) { id status actions { id title ownerId status } } }',
      { input: { riskId: risk.id, trigger: 'Steel index above 5000', actions: [{ title: 'Lock in Q3 steel contract', ownerId: owner }, { title: 'Raise list prices 4%' }] } },
    );
    expect(plan.defineContingencyPlan.status).toBe('DEFINED');
    expect(plan.defineContingencyPlan.actions.map((a) => a.status)).toEqual(['PENDING', 'PENDING']);
    const ACTIVATE = 'mutation($id: ID!) { activateContingencyPlan(id: $id, reason: "index at 5120") { status activatedAt actions { status } } }';
    const active = await gql<{ activateContingencyPlan: { status: string; actions: { status: string }[] } }>(h, ACTIVATE, { id: plan.defineContingencyPlan.id });
    expect(active.activateContingencyPlan).toMatchObject({ status: 'ACTIVE', actions: [{ status: 'IN_PROGRESS' }, { status: 'IN_PROGRESS' }] });
    const again = await gqlError(h, ACTIVATE, { id: plan.defineContingencyPlan.id });
    expect(again.extensions).toMatchObject({ code: 'CONFLICT' });
    const events = (await outbox(h, 'sales.risk.contingency.activated.v1')).filter((e) => e.envelope.subject === plan.defineContingencyPlan.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.envelope.data).toMatchObject({ riskId: risk.id, reason: 'index at 5120', actions: [{ title: 'Lock in Q3 steel contract', ownerId: owner }, { title: 'Raise list prices 4%', ownerId: null }] });
    const COMPLETE = 'mutation($id: ID!) { completeContingencyAction(id: $id) { status } }';
    for (const a of plan.defineContingencyPlan.actions) expect((await gql<{ completeContingencyAction: { status: string } }>(h, COMPLETE, { id: a.id })).completeContingencyAction.status).toBe('DONE');
    const plans = await gql<{ contingencyPlans: { status: string; completedAt: string | null }[] }>(h, 'query($id: ID!) { contingencyPlans(riskId: $id) { status completedAt } }', { id: risk.id });
    expect(plans.contingencyPlans).toEqual([{ status: 'COMPLETED', completedAt: expect.any(String) }]);
  });

  it('acknowledges and resolves alerts by hand', async () => {
    const r = (await gql<{ registerRisk: { id: string } }>(h, REGISTER, { input: { category: 'COMPLIANCE', title: 'New export controls', likelihood: 4, impact: 5 } })).registerRisk;
    const [alert] = await escalations(r.id);
    const ack = await gql<{ acknowledgeAlert: { status: string; acknowledgedBy: string } }>(h, 'mutation($id: ID!) { acknowledgeAlert(id: $id) { status acknowledgedBy } }', { id: alert!.id });
    expect(ack.acknowledgeAlert.status).toBe('ACKNOWLEDGED');
    // Acknowledged is still unresolved: re-assessing within HIGH does not raise a second one.
    await gql(h, ASSESS, { id: r.id, l: 4, i: 4 });
    expect(await escalations(r.id)).toHaveLength(1);
    const RESOLVE = 'mutation($id: ID!) { resolveAlert(id: $id, note: "accepted by the board") { status resolution } }';
    expect((await gql<{ resolveAlert: unknown }>(h, RESOLVE, { id: alert!.id })).resolveAlert).toEqual({ status: 'RESOLVED', resolution: 'accepted by the board' });
    expect((await gqlError(h, RESOLVE, { id: alert!.id })).extensions).toMatchObject({ code: 'CONFLICT' });
    expect((await outbox(h, 'sales.risk.alert.resolved.v1')).filter((e) => e.envelope.data.alertId === alert!.id).map((e) => e.envelope.data.resolution)).toEqual(['accepted by the board']);
  });

  it('refuses bad risk input naming the field and writes nothing', async () => {
    const before = (await gql<{ risks: { totalCount: number } }>(h, '{ risks(first: 0) { totalCount } }')).risks.totalCount;
    const base = { category: 'FINANCIAL', title: 'FX swing', likelihood: 3, impact: 3 };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ likelihood: 6 }, 'BAD_USER_INPUT', 'likelihood'],
      [{ impact: 0 }, 'BAD_USER_INPUT', 'impact'],
      [{ title: ' ' }, 'BAD_USER_INPUT', 'title'],
      [{ affects: { supplierIds: [uuidv7()] } }, 'NOT_FOUND', 'affects.supplierIds[0]'],
      [{ evidenceIds: [uuidv7()] }, 'NOT_FOUND', 'evidenceIds[0]'],
    ];
    for (const [patch, code, field] of cases) {
      const error = await gqlError(h, REGISTER, { input: { ...base, ...patch } });
      expect(error.extensions, JSON.stringify(patch)).toMatchObject({ code, field });
    }
    expect((await gqlError(h, ASSESS, { id: uuidv7(), l: 1, i: 1 })).extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await gql<{ risks: { totalCount: number } }>(h, '{ risks(first: 0) { totalCount } }')).risks.totalCount).toBe(before);
  });
});
