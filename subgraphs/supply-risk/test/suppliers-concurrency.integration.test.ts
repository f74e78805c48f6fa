// Concurrent registerSupplier mutations whose supplies share skus (the bench seeds suppliers 16 at
// a time): every one must succeed, the rows must be complete, and the share limit and the
// SINGLE_SOURCE alert must come out as if the registrations had run one after another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterMatrix, eventually, graphql } from '@salesgraph/testing';
import { SupplierSupply } from '../src/infra/supplier.entity';
import { Alert } from '../src/infra/risk.entity';
import { OrderLine } from '../src/infra/inventory.entity';
import { admin, approved, newOrder, newSku, startHarness, type Harness } from './harness';

const REGISTER = 'mutation($input: RegisterSupplierInput!) { registerSupplier(input: $input) { id supplies { sku sharePercent } } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateSupplierInput!) { updateSupplier(id: $id, input: $input) { id } }';
const IN_FLIGHT = 24;

interface RegisterResult {
  registerSupplier: { id: string; supplies: { sku: string; sharePercent: string }[] } | null;
}

describe.each(adapterMatrix())('supply-risk concurrent supplier registration ($label)', (setup) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(setup);
  });
  afterAll(async () => {
    await h?.close();
  });

  const register = (input: Record<string, unknown>) => graphql<RegisterResult>(h.url, REGISTER, { input }, admin);
  const em = () => h.platform.subgraphs['supply-risk']!.orm.em.fork();

  it('registers suppliers sharing skus concurrently: all succeed, every supply row is written and SINGLE_SOURCE ends resolved', async () => {
    // A ring: supplier k holds 50 % of sku k and 50 % of sku k+1, so every sku ends with two suppliers at 100 %.
    const skus = Array.from({ length: IN_FLIGHT }, () => newSku('RING'));
    // Recent sales on every sku, so the first registration for a sku raises SINGLE_SOURCE and the second resolves it.
    await approved(h, newOrder(skus.map((sku) => ({ sku, quantity: 1 }))));
    await eventually(async () => ((await em().count(OrderLine, { sku: { $in: skus }, approvedAt: { $ne: null } })) === skus.length ? true : undefined));

    const inputs = skus.map((_, k) => ({
      name: `Ring supplier ${k}`,
      country: 'CN',
      supplies: [
        { sku: skus[k]!, sharePercent: '50', leadTimeDays: 14 },
        { sku: skus[(k + 1) % skus.length]!, sharePercent: '50', leadTimeDays: 21 },
      ],
    }));
    const responses = await Promise.all(inputs.map(register));
    for (const res of responses) expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const ids = responses.map((r) => r.body.data!.registerSupplier!.id);
    expect(new Set(ids).size).toBe(IN_FLIGHT);

    const rows = await em().find(SupplierSupply, { sku: { $in: skus } });
    expect(rows).toHaveLength(2 * IN_FLIGHT);
    for (const [k, id] of ids.entries()) {
      expect(rows.filter((r) => r.supplierId === id).map((r) => [r.sku, r.shareBp]).sort()).toEqual(
        [[skus[k]!, 5000], [skus[(k + 1) % skus.length]!, 5000]].sort(),
      );
    }
    for (const sku of skus) expect(rows.filter((r) => r.sku === sku).reduce((s, r) => s + r.shareBp, 0), sku).toBe(10_000);

    // Every sku has two suppliers: no SINGLE_SOURCE alert raised along the way may be left open.
    const alerts = await em().find(Alert, { rule: 'SINGLE_SOURCE', subjectId: { $in: skus } });
    expect(alerts.filter((a) => a.status !== 'RESOLVED').map((a) => a.subjectId)).toEqual([]);
  });

  it('applies concurrent updates of one supplier\'s supplies one after another: all succeed and the last one wins whole', async () => {
    const skus = Array.from({ length: 4 }, () => newSku('SWAP'));
    const created = await register({ name: 'Swapping Supplies Ltd', country: 'PL', supplies: [{ sku: skus[0]!, sharePercent: '100', leadTimeDays: 5 }] });
    expect(created.body.errors, JSON.stringify(created.body.errors)).toBeUndefined();
    const id = created.body.data!.registerSupplier!.id;
    // Each update replaces the list with a different pair of the skus.
    const lists = Array.from({ length: 16 }, (_, k) => [skus[k % 4]!, skus[(k + 1) % 4]!].map((sku, i) => ({ sku, sharePercent: String(10 + k), leadTimeDays: i + 1 })));
    const responses = await Promise.all(lists.map((supplies) => graphql(h.url, UPDATE, { id, input: { supplies } }, admin)));
    for (const res of responses) expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const rows = await em().find(SupplierSupply, { supplierId: id });
    const written = rows.map((r) => [r.sku, r.shareBp, r.leadTimeDays]).sort();
    expect(lists.map((l) => l.map((s) => [s.sku, Number(s.sharePercent) * 100, s.leadTimeDays]).sort())).toContainEqual(written);
  });

  it('refuses concurrent registrations that together would take a sku over 100 % with BAD_USER_INPUT, writing nothing for them', async () => {
    const sku = newSku('OVER');
    const responses = await Promise.all(Array.from({ length: 16 }, (_, k) => register({ name: `Over ${k}`, country: 'DE', supplies: [{ sku, sharePercent: '30', leadTimeDays: 7 }] })));
    const ok = responses.filter((r) => !r.body.errors);
    const refused = responses.filter((r) => r.body.errors);
    // 3 × 30 % fit; the fourth would make 120 %.
    expect(ok).toHaveLength(3);
    for (const r of refused) expect(r.body.errors![0]!.extensions, JSON.stringify(r.body.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'supplies[0].sharePercent' });
    const rows = await em().find(SupplierSupply, { sku });
    expect(rows.map((r) => r.supplierId).sort()).toEqual(ok.map((r) => r.body.data!.registerSupplier!.id).sort());
  });
});
