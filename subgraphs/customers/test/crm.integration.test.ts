// The CRM operations through the gateway: customer record, lifecycle by hand, interactions,
// pipeline, satisfaction and complaints (with the SLA sweep), and the customer queries.
import './no-sweep-timer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserJwt } from '@salesgraph/auth';
import { adapterMatrix, bearer, eventually, TEST_JWT_SECRET } from '@salesgraph/testing';
import { newCustomer, REP_A, REP_B, startHarness, type Harness } from './harness';

const HOUR = 3_600_000;
const MISSING = '01900000-0000-7000-8000-0000000000ff';

describe.each(adapterMatrix())('customers CRM through the gateway ($label)', (setup) => {
  let h: Harness;
  const eventsOf = (subject: string, suffix: string) => h.published.filter((e) => e.subject === subject && e.type.endsWith(suffix));
  const errorOf = async (query: string, variables: Record<string, unknown>) => {
    const res = await h.gql(query, variables);
    expect(res.errors, JSON.stringify(res.data)).toBeDefined();
    return res.errors![0]!.extensions as { code: string; field?: string };
  };

  beforeAll(async () => {
    h = await startHarness(setup);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('creates, updates and reassigns a customer, publishing created/updated/reassigned', async () => {
    const created = await h.ok<{ createCustomer: Record<string, unknown> & { id: string } }>(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id code industry tags lifecycleStage segment
        contacts { name role email phone primary } primaryContact { name } owner { id } } }`,
      {
        i: {
          name: 'Suzhou Precision',
          kind: 'COMPANY',
          regionCode: 'CN-EAST',
          ownerRepId: REP_A,
          industry: 'Machinery',
          tags: ['Key', 'export', 'key'],
          contacts: [
            { name: 'Li Wei', role: 'Buyer', email: 'LI.WEI@example.com', phone: '+86 512 5555 0101' },
            { name: 'Zhang Min', role: 'CFO', email: 'zm@example.com', primary: true },
          ],
        },
      },
    );
    const c = created.createCustomer;
    expect(c).toMatchObject({
      industry: 'Machinery',
      tags: ['key', 'export'],
      lifecycleStage: 'LEAD',
      segment: 'D',
      primaryContact: { name: 'Zhang Min' },
      owner: { id: REP_A },
    });
    expect((c.contacts as { email: string; primary: boolean }[]).map((x) => [x.email, x.primary])).toEqual([
      ['li.wei@example.com', false],
      ['zm@example.com', true],
    ]);
    const updated = await h.ok<{ updateCustomer: Record<string, unknown> }>(
      'mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { name regionCode creditLimit { amount currency } industry tags } }',
      { id: c.id, i: { name: 'Suzhou Precision Co.', regionCode: 'cn-north', creditLimit: { amount: '250000' } } },
    );
    expect(updated.updateCustomer).toEqual({ name: 'Suzhou Precision Co.', regionCode: 'CN-NORTH', creditLimit: { amount: '250000.00', currency: 'CNY' }, industry: 'Machinery', tags: ['key', 'export'] });
    const moved = await h.ok<{ reassignCustomer: { owner: { id: string } } }>('mutation($id: ID!, $r: ID!) { reassignCustomer(customerId: $id, ownerRepId: $r) { owner { id } } }', { id: c.id, r: REP_B });
    expect(moved.reassignCustomer.owner.id).toBe(REP_B);

    await eventually(async () => (eventsOf(c.id, 'customer.reassigned.v1').length === 1 ? true : undefined));
    const mine = h.published.filter((e) => e.subject === c.id);
    expect(mine.map((e) => e.type.replace(/^.*customers\./, ''))).toEqual(['customer.created.v1', 'customer.lifecycle_changed.v1', 'customer.updated.v1', 'customer.reassigned.v1']);
    expect(mine.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    expect(mine[2]!.data).toMatchObject({ regionCode: 'CN-NORTH', ownerRepId: REP_A, creditLimit: { amount: '250000.00', currency: 'CNY' }, segment: 'D' });
    expect(mine[3]!.data).toMatchObject({ customerId: c.id, regionCode: 'CN-NORTH', fromRepId: REP_A, toRepId: REP_B });
  });

  it('refuses bad customer input naming the field, unknown ids with NOT_FOUND, and writes nothing', async () => {
    const { id } = await newCustomer(h, { name: 'Untouched Ltd' });
    const UPDATE = 'mutation($id: ID!, $i: UpdateCustomerInput!) { updateCustomer(id: $id, input: $i) { id } }';
    expect(await errorOf(UPDATE, { id, i: { contacts: [{ name: 'X', email: 'not-an-email' }] } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contacts.0.email' });
    expect(await errorOf(UPDATE, { id, i: { creditLimit: { amount: '-5.00' } } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditLimit' });
    expect(await errorOf(UPDATE, { id, i: { contacts: [{ name: 'A', primary: true }, { name: 'B', primary: true }] } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contacts' });
    expect(await errorOf(UPDATE, { id: MISSING, i: { name: 'Ghost' } })).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await errorOf('mutation($id: ID!) { reassignCustomer(customerId: $id, ownerRepId: "rep-7") { id } }', { id })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ownerRepId' });
    expect(await errorOf(`mutation { reassignCustomer(customerId: "${MISSING}", ownerRepId: "${REP_B}") { id } }`, {})).toMatchObject({ code: 'NOT_FOUND' });
    const after = await h.ok<{ customer: { name: string; creditLimit: null; contacts: unknown[]; owner: { id: string } } }>('query($id: ID!) { customer(id: $id) { name creditLimit { amount } contacts { name } owner { id } } }', { id });
    expect(after.customer).toEqual({ name: 'Untouched Ltd', creditLimit: null, contacts: [], owner: { id: REP_A } });
    expect(eventsOf(id, 'customer.updated.v1')).toHaveLength(0);
  });

  it('moves the lifecycle by hand with a reason, keeps the history and refuses illegal moves', async () => {
    const { id } = await newCustomer(h);
    const MOVE = 'mutation($id: ID!, $s: LifecycleStage!, $r: String!) { changeLifecycleStage(customerId: $id, stage: $s, reason: $r) { lifecycleStage lifecycleHistory { from to reason manual actor } } }';
    const moved = await h.ok<{ changeLifecycleStage: { lifecycleStage: string; lifecycleHistory: unknown[] } }>(MOVE, { id, s: 'PROSPECT', r: 'met at the Canton fair' });
    expect(moved.changeLifecycleStage.lifecycleStage).toBe('PROSPECT');
    expect(moved.changeLifecycleStage.lifecycleHistory).toEqual([
      { from: null, to: 'LEAD', reason: 'created', manual: false, actor: expect.any(String) },
      { from: 'LEAD', to: 'PROSPECT', reason: 'met at the Canton fair', manual: true, actor: expect.any(String) },
    ]);
    expect(await errorOf(MOVE, { id, s: 'AT_RISK', r: 'why not' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
    expect(await errorOf(MOVE, { id, s: 'ACTIVE', r: '  ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    await eventually(async () => (eventsOf(id, 'customer.lifecycle_changed.v1').length === 2 ? true : undefined));
    expect(eventsOf(id, 'customer.lifecycle_changed.v1')[1]!.data).toMatchObject({ from: 'LEAD', to: 'PROSPECT', manual: true, reason: 'met at the Canton fair', ownerRepId: REP_A });
  });

  it('records interactions and pages through them newest first', async () => {
    const { id } = await newCustomer(h);
    const REC = 'mutation($i: RecordInteractionInput!) { recordInteraction(input: $i) { id type summary outcome rep { id } customer { id } } }';
    for (const [type, hoursAgo] of [['CALL', 5], ['VISIT', 4], ['EMAIL', 3]] as const) {
      const r = await h.ok<{ recordInteraction: Record<string, unknown> }>(REC, {
        i: { customerId: id, type, occurredAt: new Date(h.clock.now().getTime() - hoursAgo * HOUR).toISOString(), summary: `${type} about pumps`, outcome: 'follow up', repId: REP_A },
      });
      expect(r.recordInteraction).toMatchObject({ type, summary: `${type} about pumps`, rep: { id: REP_A }, customer: { id } });
    }
    const LIST = 'query($id: ID!, $after: String) { customer(id: $id) { interactions(first: 2, after: $after) { totalCount edges { node { type } } pageInfo { hasNextPage endCursor } } } }';
    const p1 = await h.ok<{ customer: { interactions: { totalCount: number; edges: { node: { type: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }>(LIST, { id });
    expect(p1.customer.interactions.totalCount).toBe(3);
    expect(p1.customer.interactions.edges.map((e) => e.node.type)).toEqual(['EMAIL', 'VISIT']);
    const p2 = await h.ok<typeof p1>(LIST, { id, after: p1.customer.interactions.pageInfo.endCursor });
    expect(p2.customer.interactions.edges.map((e) => e.node.type)).toEqual(['CALL']);
    expect(p2.customer.interactions.pageInfo.hasNextPage).toBe(false);
    const base = { customerId: id, type: 'CALL', occurredAt: h.clock.now().toISOString(), summary: 'x', repId: REP_A };
    expect(await errorOf(REC, { i: { ...base, customerId: MISSING } })).toMatchObject({ code: 'NOT_FOUND', field: 'customerId' });
    expect(await errorOf(REC, { i: { ...base, summary: ' ' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'summary' });
    expect(await errorOf(REC, { i: { ...base, occurredAt: new Date(h.clock.now().getTime() + 48 * HOUR).toISOString() } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredAt' });
    expect((await h.ok<typeof p1>(LIST, { id })).customer.interactions.totalCount).toBe(3);
  });

  it('runs the pipeline: stages, weighted amounts, WON/LOST events and illegal moves', async () => {
    const { id } = await newCustomer(h, { regionCode: 'CN-WEST', ownerRepId: REP_B });
    const CREATE = 'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id stage probability amount { amount } weightedAmount { amount } owner { id } customer { id } } }';
    const MOVE = 'mutation($id: ID!, $s: OpportunityStage!, $r: String) { moveOpportunity(id: $id, stage: $s, lostReason: $r) { stage probability weightedAmount { amount } lostReason closedAt } }';
    const mk = async (amount: string, date: string) =>
      (await h.ok<{ createOpportunity: { id: string } & Record<string, unknown> }>(CREATE, { i: { customerId: id, title: `Deal ${amount}`, amount: { amount }, expectedCloseDate: date } })).createOpportunity;
    const a = await mk('100000.00', '2027-03-15');
    expect(a).toMatchObject({ stage: 'QUALIFICATION', probability: '10.00', amount: { amount: '100000.00' }, weightedAmount: { amount: '10000.00' }, owner: { id: REP_B }, customer: { id } });
    const b = await mk('40000.50', '2027-04-20');
    const c = await mk('7000.00', '2027-05-01');
    expect((await h.ok<{ moveOpportunity: Record<string, unknown> }>(MOVE, { id: b.id, s: 'NEGOTIATION' })).moveOpportunity).toMatchObject({ stage: 'NEGOTIATION', probability: '75.00', weightedAmount: { amount: '30000.38' } });
    const won = await h.ok<{ moveOpportunity: { stage: string; closedAt: string } }>(MOVE, { id: a.id, s: 'WON' });
    expect(won.moveOpportunity.stage).toBe('WON');
    expect(won.moveOpportunity.closedAt).toBe(h.clock.now().toISOString());
    expect(await errorOf(MOVE, { id: c.id, s: 'LOST' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lostReason' });
    expect((await h.ok<{ moveOpportunity: Record<string, unknown> }>(MOVE, { id: c.id, s: 'LOST', r: 'price' })).moveOpportunity).toMatchObject({ stage: 'LOST', lostReason: 'price' });
    expect(await errorOf(MOVE, { id: c.id, s: 'WON' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
    expect(await errorOf(MOVE, { id: MISSING, s: 'WON' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await errorOf(CREATE, { i: { customerId: id, title: 'neg', amount: { amount: '-1' }, expectedCloseDate: '2027-01-01' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(await errorOf(CREATE, { i: { customerId: id, title: 't', amount: { amount: '1' }, expectedCloseDate: '2027-02-30' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expectedCloseDate' });

    const PIPE = 'query($f: PipelineFilter) { pipeline(filter: $f) { stages { stage probability count amount { amount } weightedAmount { amount } } openCount openAmount { amount } openWeightedAmount { amount } } }';
    type Pipe = { pipeline: { stages: { stage: string; probability: string; count: number; amount: { amount: string }; weightedAmount: { amount: string } }[]; openCount: number; openAmount: { amount: string }; openWeightedAmount: { amount: string } } };
    const byRegion = await h.ok<Pipe>(PIPE, { f: { regionCode: 'cn-west', ownerRepId: REP_B } });
    const stage = (p: Pipe, s: string) => p.pipeline.stages.find((x) => x.stage === s)!;
    expect(stage(byRegion, 'NEGOTIATION')).toEqual({ stage: 'NEGOTIATION', probability: '75.00', count: 1, amount: { amount: '40000.50' }, weightedAmount: { amount: '30000.38' } });
    expect(stage(byRegion, 'WON')).toMatchObject({ count: 1, amount: { amount: '100000.00' }, weightedAmount: { amount: '100000.00' } });
    expect(stage(byRegion, 'LOST')).toMatchObject({ count: 1, weightedAmount: { amount: '0.00' } });
    expect(byRegion.pipeline).toMatchObject({ openCount: 1, openAmount: { amount: '40000.50' }, openWeightedAmount: { amount: '30000.38' } });
    const window = await h.ok<Pipe>(PIPE, { f: { regionCode: 'CN-WEST', closingFrom: '2027-04-01', closingTo: '2027-04-30' } });
    expect(window.pipeline.stages.reduce((n, s) => n + s.count, 0)).toBe(1);
    expect(await errorOf(PIPE, { f: { closingFrom: 'April' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'closingFrom' });

    await eventually(async () => (eventsOf(a.id, 'opportunity.won.v1').length === 1 && eventsOf(c.id, 'opportunity.lost.v1').length === 1 ? true : undefined));
    expect(eventsOf(a.id, 'opportunity.won.v1')[0]!.data).toMatchObject({ opportunityId: a.id, customerId: id, ownerRepId: REP_B, regionCode: 'CN-WEST', amount: { amount: '100000.00', currency: 'CNY' }, lostReason: null });
    expect(eventsOf(c.id, 'opportunity.lost.v1')[0]!.data).toMatchObject({ lostReason: 'price' });
  });

  it('records satisfaction and handles complaints with an SLA, overdue sweep and counts', async () => {
    const { id } = await newCustomer(h);
    const SAT = 'mutation($i: RecordSatisfactionInput!) { recordSatisfaction(input: $i) { id csat nps comment customer { id } } }';
    expect(await errorOf(SAT, { i: { customerId: id, csat: 6 } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'csat' });
    expect(await errorOf(SAT, { i: { customerId: id, nps: 11 } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nps' });
    expect(await errorOf(SAT, { i: { customerId: MISSING, csat: 3 } })).toMatchObject({ code: 'NOT_FOUND' });
    const sat = await h.ok<{ recordSatisfaction: { id: string } }>(SAT, { i: { customerId: id, csat: 2, nps: 5, comment: 'slow answers' } });

    const FILE = 'mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { id status severity dueAt overdue customer { id } } }';
    const filed = await h.ok<{ fileComplaint: { id: string; status: string; dueAt: string; overdue: boolean } }>(FILE, {
      i: { customerId: id, category: 'DELIVERY', severity: 'CRITICAL', description: 'pumps arrived damaged' },
    });
    expect(filed.fileComplaint).toMatchObject({ status: 'OPEN', overdue: false, dueAt: new Date(h.clock.now().getTime() + 4 * HOUR).toISOString() });
    const k = filed.fileComplaint.id;
    const low = await h.ok<{ fileComplaint: { id: string; dueAt: string } }>(FILE, { i: { customerId: id, category: 'BILLING', severity: 'LOW', description: 'invoice typo' } });
    expect(low.fileComplaint.dueAt).toBe(new Date(h.clock.now().getTime() + 168 * HOUR).toISOString());
    expect(await errorOf(FILE, { i: { customerId: id, category: 'QUALITY', severity: 'HIGH', description: '' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'description' });

    const PROFILE = 'query($id: ID!) { customer(id: $id) { profile { complaintCount openComplaintCount overdueComplaintCount lastSatisfaction { csat nps } } churnRisk { level reasons { signal weight } } complaints { id status overdue } } }';
    type P = { customer: { profile: Record<string, unknown>; churnRisk: { level: string; reasons: { signal: string; weight: number }[] }; complaints: { id: string; status: string; overdue: boolean }[] } };
    const before = await h.ok<P>(PROFILE, { id });
    expect(before.customer.profile).toEqual({ complaintCount: 2, openComplaintCount: 2, overdueComplaintCount: 0, lastSatisfaction: { csat: 2, nps: 5 } });
    expect(before.customer.churnRisk.reasons).toEqual([
      { signal: 'OPEN_COMPLAINTS', weight: 10 },
      { signal: 'LOW_SATISFACTION', weight: 15 },
    ]);

    const t0 = h.clock.now();
    try {
      h.clock.set(new Date(t0.getTime() + 5 * HOUR));
      const swept = await h.sweep();
      expect(swept.complaintsMarkedOverdue).toBeGreaterThanOrEqual(1);
      const after = await h.ok<P>(PROFILE, { id });
      expect(after.customer.profile).toMatchObject({ openComplaintCount: 2, overdueComplaintCount: 1 });
      expect(after.customer.churnRisk).toMatchObject({ level: 'MEDIUM' });
      expect(after.customer.churnRisk.reasons).toContainEqual({ signal: 'OVERDUE_COMPLAINTS', weight: 10 });
      expect(after.customer.complaints.find((x) => x.id === k)).toMatchObject({ overdue: true });
      const overdue = await h.ok<{ complaints: { totalCount: number; edges: { node: { id: string } }[] } }>('query($c: ID) { complaints(filter: { customerId: $c, overdue: true }) { totalCount edges { node { id } } } }', { c: id });
      expect(overdue.complaints).toEqual({ totalCount: 1, edges: [{ node: { id: k } }] });

      const START = 'mutation($id: ID!) { startComplaint(id: $id) { status startedAt } }';
      const RESOLVE = 'mutation($id: ID!, $r: String!) { resolveComplaint(id: $id, resolution: $r) { status resolution overdue } }';
      const CLOSE = 'mutation($id: ID!) { closeComplaint(id: $id) { status closedAt } }';
      expect(await errorOf(CLOSE, { id: k })).toMatchObject({ code: 'CONFLICT' });
      expect((await h.ok<{ startComplaint: { status: string } }>(START, { id: k })).startComplaint.status).toBe('IN_PROGRESS');
      expect(await errorOf(START, { id: k })).toMatchObject({ code: 'CONFLICT' });
      expect(await errorOf(RESOLVE, { id: k, r: ' ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resolution' });
      expect((await h.ok<{ resolveComplaint: unknown }>(RESOLVE, { id: k, r: 'replaced two pumps' })).resolveComplaint).toEqual({ status: 'RESOLVED', resolution: 'replaced two pumps', overdue: true });
      expect((await h.ok<{ closeComplaint: { status: string } }>(CLOSE, { id: k })).closeComplaint.status).toBe('CLOSED');
      expect(await errorOf(START, { id: MISSING })).toMatchObject({ code: 'NOT_FOUND' });
      const done = await h.ok<P>(PROFILE, { id });
      expect(done.customer.profile).toMatchObject({ complaintCount: 2, openComplaintCount: 1, overdueComplaintCount: 0 });
    } finally {
      h.clock.set(t0);
    }
    await eventually(async () => (eventsOf(k, 'complaint.resolved.v1').length === 1 ? true : undefined));
    expect(eventsOf(k, 'complaint.filed.v1')[0]!.data).toMatchObject({ complaintId: k, customerId: id, ownerRepId: REP_A, category: 'DELIVERY', severity: 'CRITICAL', dueAt: filed.fileComplaint.dueAt });
    expect(eventsOf(k, 'complaint.resolved.v1')[0]!.data).toMatchObject({ resolution: 'replaced two pumps', overdue: true });
    expect(eventsOf(sat.recordSatisfaction.id, 'satisfaction.recorded.v1')[0]!.data).toMatchObject({ customerId: id, ownerRepId: REP_A, csat: 2, nps: 5, orderId: null });
  });

  it('filters, searches and orders customers, and lists a rep’s customers on SalesRep', async () => {
    const rep = '01900000-0000-7000-8000-0000000000c1';
    const names = ['Nanjing Glass', 'Ningbo Ports', 'Wuxi Wind'];
    const ids: string[] = [];
    for (const name of names) ids.push((await newCustomer(h, { name, ownerRepId: rep, regionCode: 'CN-SOUTH' })).id);
    await h.ok('mutation($id: ID!) { changeLifecycleStage(customerId: $id, stage: PROSPECT, reason: "qualified") { id } }', { id: ids[1] });
    const Q = 'query($f: CustomerFilter, $o: CustomerOrderBy, $after: String, $first: Int) { customers(filter: $f, orderBy: $o, first: $first, after: $after) { totalCount edges { node { name } } pageInfo { endCursor hasNextPage } } }';
    type L = { customers: { totalCount: number; edges: { node: { name: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } };
    const namesOf = (l: L) => l.customers.edges.map((e) => e.node.name);
    expect(namesOf(await h.ok<L>(Q, { f: { ownerRepId: rep }, o: 'NAME' }))).toEqual(names);
    expect(namesOf(await h.ok<L>(Q, { f: { ownerRepId: rep, search: 'nIN' } }))).toEqual(['Ningbo Ports']);
    expect(namesOf(await h.ok<L>(Q, { f: { ownerRepId: rep, lifecycleStage: 'PROSPECT' } }))).toEqual(['Ningbo Ports']);
    expect((await h.ok<L>(Q, { f: { regionCode: 'cn-south', churnRiskLevel: 'LOW', segment: 'D' } })).customers.totalCount).toBe(3);
    expect((await h.ok<L>(Q, { f: { search: '100%_' } })).customers.totalCount).toBe(0);
    const p1 = await h.ok<L>(Q, { f: { ownerRepId: rep }, o: 'NAME', first: 2 });
    expect(namesOf(p1)).toEqual(names.slice(0, 2));
    const p2 = await h.ok<L>(Q, { f: { ownerRepId: rep }, o: 'NAME', first: 2, after: p1.customers.pageInfo.endCursor });
    expect(namesOf(p2)).toEqual(['Wuxi Wind']);
    expect(p2.customers.pageInfo.hasNextPage).toBe(false);
    expect(await errorOf(Q, { after: 'garbage' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    // SalesRep.customers through an entity reference (people owns SalesRep; customers adds the field).
    const viaOwner = await h.ok<{ customer: { owner: { customers: L['customers'] } } }>(
      'query($id: ID!) { customer(id: $id) { owner { customers(orderBy: NAME, first: 10) { totalCount edges { node { name } } } } } }',
      { id: ids[0] },
    );
    expect(viaOwner.customer.owner.customers.edges.map((e) => e.node.name)).toEqual(names);
    expect(viaOwner.customer.owner.customers.totalCount).toBe(3);

    const analyst = await signUserJwt({ sub: 'u-analyst', roles: ['analyst'] }, TEST_JWT_SECRET);
    const denied = await h.gql('mutation($id: ID!) { reassignCustomer(customerId: $id, ownerRepId: "01900000-0000-7000-8000-00000000000b") { id } }', { id: ids[0] }, bearer(analyst));
    expect(denied.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
