// Issue 7 in the customers subgraph: row rules (rep, manager, director, region-limited API key,
// analyst) through the gateway and through `_entities`, and personal data encrypted at rest,
// masked without pii:read, and found by exact email through the blind index.
import './no-sweep-timer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserJwt, type Role } from '@salesgraph/auth';
import { uuidv7 } from '@salesgraph/kernel';
import { adapterMatrix, bearer, eventually, graphql, TEST_JWT_SECRET } from '@salesgraph/testing';
import { admin, cny, direct, hireRep, repDirectorySize, startHarness, type Harness } from './harness';

const [DIRECTOR, MANAGER, REP_A, REP_B, REP_C, REP_U, ANALYST] = Array.from({ length: 7 }, () => uuidv7());

type Gql = { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe.each(adapterMatrix())('customers row rules and personal data ($label)', (setup) => {
  let h: Harness;
  const ids: Record<'a' | 'b' | 'c' | 'u', string> = { a: '', b: '', c: '', u: '' };
  let oppB = '';
  let complaintB = '';
  const user = async (repId: string | undefined, ...roles: Role[]) => bearer(await signUserJwt({ sub: `user-${repId ?? roles[0]}`, roles, ...(repId ? { repId } : {}) }, TEST_JWT_SECRET));
  const as = async (headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}) => (await graphql(h.url, query, variables, headers)).body as Gql;
  const LIST = '{ customers(first: 50) { totalCount edges { node { id } } } }';
  const listed = async (headers: Record<string, string>) => {
    const res = await as(headers, LIST);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const conn = res.data!.customers as { totalCount: number; edges: { node: { id: string } }[] };
    return { total: conn.totalCount, ids: conn.edges.map((e) => e.node.id).sort() };
  };
  const create = async (name: string, ownerRepId: string, regionCode: string, contacts: unknown[] = []) =>
    (await h.ok<{ createCustomer: { id: string } }>('mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name, kind: 'COMPANY', ownerRepId, regionCode, contacts } })).createCustomer.id;
  const codeOf = (res: Gql) => res.errors?.[0]?.extensions?.code;
  const adminCount = async () => (await listed(admin)).total;

  beforeAll(async () => {
    h = await startHarness(setup);
    await hireRep(h, { repId: DIRECTOR, regionCode: 'CN', level: 'DIRECTOR' });
    await hireRep(h, { repId: MANAGER, regionCode: 'CN-EAST', managerId: DIRECTOR, level: 'MANAGER' });
    await hireRep(h, { repId: REP_A, regionCode: 'CN-EAST', managerId: MANAGER });
    await hireRep(h, { repId: REP_B, regionCode: 'CN-EAST', managerId: MANAGER });
    await hireRep(h, { repId: REP_C, regionCode: 'CN-NORTH' });
    await hireRep(h, { repId: REP_U, regionCode: 'US-WEST' });
    ids.a = await create('Alpha Pumps', REP_A, 'CN-EAST', [{ name: 'Li Wei', role: 'Buyer', email: 'Li.Wei@Example.com', phone: '+86 512 5555 1234', primary: true }]);
    ids.b = await create('Beta Valves', REP_B, 'CN-EAST');
    ids.c = await create('Gamma Seals', REP_C, 'CN-NORTH-BJ');
    ids.u = await create('Upsilon Inc', REP_U, 'US-WEST');
    oppB = (await h.ok<{ createOpportunity: { id: string } }>('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', { i: { customerId: ids.b, title: 'B deal', amount: cny('100.00'), expectedCloseDate: '2027-02-01' } })).createOpportunity.id;
    await h.ok('mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', { i: { customerId: ids.a, title: 'A deal', amount: cny('40.00'), expectedCloseDate: '2027-02-01' } });
    complaintB = (await h.ok<{ fileComplaint: { id: string } }>('mutation($i: FileComplaintInput!) { fileComplaint(input: $i) { id } }', { i: { customerId: ids.b, category: 'QUALITY', severity: 'LOW', description: 'scratched' } })).fileComplaint.id;
    await eventually(async () => {
      expect(await repDirectorySize(h)).toBe(6);
      return true;
    });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a rep sees and changes only own customers; a colleague\'s rows answer null / NOT_FOUND', async () => {
    const repA = await user(REP_A, 'sales_rep');
    expect(await listed(repA)).toEqual({ total: 1, ids: [ids.a] });
    expect((await as(repA, 'query($id: ID!) { customer(id: $id) { id } }', { id: ids.b })).data!.customer).toBeNull();
    expect((await as(repA, 'query($id: ID!) { customer(id: $id) { id } }', { id: ids.a })).data!.customer).toEqual({ id: ids.a });
    expect((await as(repA, 'query($id: ID!) { opportunity(id: $id) { id } }', { id: oppB })).data!.opportunity).toBeNull();
    expect((await as(repA, 'query($id: ID!) { complaint(id: $id) { id } }', { id: complaintB })).data!.complaint).toBeNull();
    expect((await as(repA, '{ complaints { totalCount } }')).data!.complaints.totalCount).toBe(0);
    expect((await as(repA, '{ pipeline { openCount openAmount { amount } } }')).data!.pipeline).toEqual({ openCount: 1, openAmount: { amount: '40.00' } });

    const before = await adminCount();
    expect(codeOf(await as(repA, 'mutation($id: ID!) { updateCustomer(id: $id, input: { name: "Mine now" }) { id } }', { id: ids.b }))).toBe('NOT_FOUND');
    expect(codeOf(await as(repA, 'mutation($id: ID!) { moveOpportunity(id: $id, stage: WON) { id } }', { id: oppB }))).toBe('NOT_FOUND');
    expect(codeOf(await as(repA, 'mutation($id: ID!) { startComplaint(id: $id) { id } }', { id: complaintB }))).toBe('NOT_FOUND');
    expect(codeOf(await as(repA, 'mutation($i: CreateOpportunityInput!) { createOpportunity(input: $i) { id } }', { i: { customerId: ids.b, title: 'x', amount: cny('1.00'), expectedCloseDate: '2027-02-01' } }))).toBe('NOT_FOUND');
    // Rows for another owner are refused with FORBIDDEN (the caller names that owner, so nothing leaks).
    expect(codeOf(await as(repA, 'mutation { createCustomer(input: { name: "For B", kind: COMPANY, regionCode: "CN-EAST", ownerRepId: "' + REP_B + '" }) { id } }'))).toBe('FORBIDDEN');
    expect(codeOf(await as(repA, 'mutation($id: ID!, $to: ID!) { reassignCustomer(customerId: $id, ownerRepId: $to) { id } }', { id: ids.a, to: REP_B }))).toBe('FORBIDDEN');
    expect(await adminCount()).toBe(before);
    const b = (await h.ok<{ customer: { name: string } }>('query($id: ID!) { customer(id: $id) { name } }', { id: ids.b })).customer;
    expect(b.name).toBe('Beta Valves');
    // Own rows work.
    const own = await as(repA, 'mutation { createCustomer(input: { name: "Delta", kind: COMPANY, regionCode: "CN-EAST", ownerRepId: "' + REP_A + '" }) { id } }');
    expect(own.errors).toBeUndefined();
    expect((await listed(repA)).total).toBe(2);
  });

  it('a manager sees the direct reports\' customers, a director the region subtree, an analyst everything', async () => {
    const mine = (await listed(await user(REP_A, 'sales_rep'))).ids;
    const manager = await listed(await user(MANAGER, 'sales_manager'));
    expect(manager.ids).toEqual([...mine, ids.b].sort());
    expect(manager.total).toBe(manager.ids.length);
    const director = await listed(await user(DIRECTOR, 'sales_director'));
    expect(director.ids).toEqual([...mine, ids.b, ids.c].sort());
    expect((await as(await user(DIRECTOR, 'sales_director'), 'query($id: ID!) { customer(id: $id) { id } }', { id: ids.u })).data!.customer).toBeNull();
    const analyst = await listed(await user(undefined, 'analyst'));
    expect(analyst.total).toBe(await adminCount());
    expect(analyst.ids).toEqual(expect.arrayContaining([ids.a, ids.b, ids.c, ids.u]));
  });

  it('an API key for region A cannot read region B\'s customer by id, in lists, or through _entities', async () => {
    const created = await h.ok<{ createApiKey: { key: string } }>('mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }', {
      i: { name: 'north ERP', scopes: ['customers:read'], allowedRegions: ['CN-NORTH'] },
    });
    const key = bearer(created.createApiKey.key);
    expect(await listed(key)).toEqual({ total: 1, ids: [ids.c] });
    expect((await as(key, 'query($id: ID!) { customer(id: $id) { id } }', { id: ids.a })).data!.customer).toBeNull();
    expect((await as(key, 'query($id: ID!) { customer(id: $id) { id } }', { id: ids.c })).data!.customer).toEqual({ id: ids.c });

    const principal = { subject: 'key-north', kind: 'api_key' as const, roles: [], scopes: ['customers:read'], regions: ['CN-NORTH'] };
    const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name } } }';
    const res = await direct<{ _entities: ({ id: string } | null)[] }>(h, ENTITIES, { r: [{ __typename: 'Customer', id: ids.a }, { __typename: 'Customer', id: ids.c }, { __typename: 'Customer', id: ids.u }] }, principal);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([null, { id: ids.c, name: 'Gamma Seals' }, null]);
    // The same representations as an unrestricted service principal resolve all three.
    const all = await direct<{ _entities: ({ id: string } | null)[] }>(h, ENTITIES, { r: [{ __typename: 'Customer', id: ids.a }, { __typename: 'Customer', id: ids.u }] }, { subject: 'gw', kind: 'service', roles: ['admin'], scopes: ['admin'] });
    expect(all.data!._entities.map((e) => e?.id)).toEqual([ids.a, ids.u]);
  });

  it('stores contact names, emails and phones encrypted; shows them in clear only with pii:read', async () => {
    const em = h.platform.subgraphs.customers!.orm.em.fork();
    const rows = (await em.getConnection().execute('select contacts from customer where id = ?', [ids.a])) as { contacts: unknown }[];
    const raw = JSON.stringify(rows[0]!.contacts);
    expect(raw).toContain('pii1:');
    for (const plain of ['li.wei', 'Li Wei', 'Example', '5555', '1234']) expect(raw.toLowerCase()).not.toContain(plain.toLowerCase());
    const index = JSON.stringify(await em.getConnection().execute('select * from contact_email_index'));
    expect(index.toLowerCase()).not.toContain('li.wei');

    const CONTACTS = 'query($id: ID!) { customer(id: $id) { contacts { name role email phone primary } primaryContact { email } } }';
    const clear = { name: 'Li Wei', role: 'Buyer', email: 'li.wei@example.com', phone: '+86 512 5555 1234', primary: true };
    const masked = { name: 'L*** W***', role: 'Buyer', email: 'l***@example.com', phone: '+86 *** **** 1234', primary: true };
    expect((await as(admin, CONTACTS, { id: ids.a })).data!.customer.contacts).toEqual([clear]);
    expect((await as(await user(REP_A, 'sales_rep'), CONTACTS, { id: ids.a })).data!.customer.contacts).toEqual([clear]);
    const analystView = (await as(await user(undefined, 'analyst'), CONTACTS, { id: ids.a })).data!.customer;
    expect(analystView).toEqual({ contacts: [masked], primaryContact: { email: 'l***@example.com' } });
    const mk = async (scopes: string[]) => bearer((await h.ok<{ createApiKey: { key: string } }>('mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }', { i: { name: `k-${scopes.length}`, scopes } })).createApiKey.key);
    expect((await as(await mk(['customers:read']), CONTACTS, { id: ids.a })).data!.customer.contacts).toEqual([masked]);
    expect((await as(await mk(['customers:read', 'pii:read']), CONTACTS, { id: ids.a })).data!.customer.contacts).toEqual([clear]);
  });

  it('finds a customer by exact contact email through the blind index, within the caller\'s rows', async () => {
    const BY = 'query($e: String!) { customerByContactEmail(email: $e) { id } customers(filter: { contactEmail: $e }) { totalCount } }';
    expect((await as(admin, BY, { e: '  LI.WEI@example.COM ' })).data).toEqual({ customerByContactEmail: { id: ids.a }, customers: { totalCount: 1 } });
    expect((await as(admin, BY, { e: 'li.we@example.com' })).data).toEqual({ customerByContactEmail: null, customers: { totalCount: 0 } });
    expect((await as(await user(REP_B, 'sales_rep'), BY, { e: 'li.wei@example.com' })).data).toEqual({ customerByContactEmail: null, customers: { totalCount: 0 } });
    // Replacing the contacts re-indexes: the old email no longer matches, the new one does.
    await h.ok('mutation($id: ID!) { updateCustomer(id: $id, input: { contacts: [{ name: "Wang Fang", email: "wf@example.org" }] }) { id } }', { id: ids.a });
    expect((await as(admin, BY, { e: 'li.wei@example.com' })).data!.customerByContactEmail).toBeNull();
    expect((await as(admin, BY, { e: 'WF@example.org' })).data!.customerByContactEmail).toEqual({ id: ids.a });
  });
});
