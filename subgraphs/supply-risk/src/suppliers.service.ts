// Supplier use cases: registration with supplies, updates, delivery records and scorecards.
import { LockMode } from '@mikro-orm/core';
import { isPostgres, sql, type EntityManager } from '@salesgraph/db';
import { NotFoundError, uuidv7, ValidationError } from '@salesgraph/kernel';
import { uniq } from './domain/common';
import { computeScorecard, DEFAULT_SCORECARD_WINDOW_DAYS, type Scorecard } from './domain/scorecard';
import {
  firstOverAllocated,
  validateDelivery,
  validateRegisterSupplier,
  validateUpdateSupplier,
  type RecordDeliveryInput,
  type RegisterSupplierInput,
  type Supply,
  type UpdateSupplierInput,
} from './domain/supplier';
import { Supplier, SupplierDelivery, SupplierSupply } from './infra/supplier.entity';
import { evaluateSingleSource, evaluateSupplier, type RiskDeps } from './alerts.service';

const DAY_MS = 86_400_000;

/**
 * Keeps other transactions off these skus' supplies until this one ends. Registering or changing supplies
 * reads other suppliers' rows for a sku (the 100 % share check; SINGLE_SOURCE counts suppliers, finds
 * the open alert, then raises or resolves it) and writes on the strength of what it read, so two
 * transactions on one sku must not interleave: both would pass the share check, or both would see a
 * single supplier and insert the same open alert (a unique violation). The sku may have no row yet
 * to lock, so PostgreSQL takes transaction-scoped advisory locks, all in one statement in key order
 * so two transactions never wait on each other in a cycle. SQLite runs one write transaction at a time.
 */
async function lockSupplySkus(em: EntityManager, skus: string[]): Promise<void> {
  if (!skus.length || !isPostgres(em)) return;
  await sql(em).execute(
    `select pg_advisory_xact_lock(k) from (select distinct hashtextextended('supplier_supply:' || s, 0) as k from jsonb_array_elements_text(?::jsonb) as s order by k) as keys`,
    [JSON.stringify(skus)],
  );
}

/** Refuses supplies that would take a product's shares over 100 % (field names the supply). */
async function checkShares(em: EntityManager, supplies: Supply[], supplierId: string): Promise<void> {
  if (!supplies.length) return;
  const others = await em.find(SupplierSupply, { sku: { $in: supplies.map((s) => s.sku) }, supplierId: { $ne: supplierId } });
  const totals = new Map<string, number>();
  for (const o of others) totals.set(o.sku, (totals.get(o.sku) ?? 0) + o.shareBp);
  const bad = firstOverAllocated(supplies, totals);
  if (bad >= 0) {
    const s = supplies[bad]!;
    throw new ValidationError(`supplies[${bad}].sharePercent`, `shares of ${s.sku} would total more than 100% (other suppliers hold ${((totals.get(s.sku) ?? 0) / 100).toFixed(2)}%)`);
  }
}

export async function registerSupplier(em: EntityManager, deps: RiskDeps, input: RegisterSupplierInput): Promise<Supplier> {
  const cmd = validateRegisterSupplier(input);
  return em.transactional(async (tx) => {
    const id = uuidv7();
    await lockSupplySkus(tx, cmd.supplies.map((s) => s.sku));
    await checkShares(tx, cmd.supplies, id);
    const now = deps.clock.now();
    const supplier = tx.create(Supplier, { id, name: cmd.name, country: cmd.country, categories: cmd.categories, createdAt: now, updatedAt: now });
    for (const s of cmd.supplies) tx.create(SupplierSupply, { supplierId: id, sku: s.sku, shareBp: s.shareBp, leadTimeDays: s.leadTimeDays });
    for (const s of cmd.supplies) await evaluateSingleSource(tx, deps, s.sku);
    return supplier;
  });
}

export async function updateSupplier(em: EntityManager, deps: RiskDeps, id: string, input: UpdateSupplierInput): Promise<Supplier> {
  const cmd = validateUpdateSupplier(input);
  return em.transactional(async (tx) => {
    // The row lock keeps two updates of one supplier from replacing its supply list at once.
    const supplier = await tx.findOne(Supplier, { id }, isPostgres(tx) ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!supplier) throw new NotFoundError('Supplier', id, 'id');
    if (cmd.name) supplier.name = cmd.name;
    if (cmd.country) supplier.country = cmd.country;
    if (cmd.categories) supplier.categories = cmd.categories;
    supplier.updatedAt = deps.clock.now();
    if (cmd.supplies) {
      const before = await tx.find(SupplierSupply, { supplierId: id });
      await lockSupplySkus(tx, uniq([...before.map((b) => b.sku), ...cmd.supplies.map((s) => s.sku)]));
      await checkShares(tx, cmd.supplies, id);
      for (const b of before) tx.remove(b);
      await tx.flush();
      for (const s of cmd.supplies) tx.create(SupplierSupply, { supplierId: id, sku: s.sku, shareBp: s.shareBp, leadTimeDays: s.leadTimeDays });
      for (const sku of uniq([...before.map((b) => b.sku), ...cmd.supplies.map((s) => s.sku)])) await evaluateSingleSource(tx, deps, sku);
    }
    return supplier;
  });
}

export async function supplierScorecard(em: EntityManager, supplierId: string, now: Date, windowDays = DEFAULT_SCORECARD_WINDOW_DAYS): Promise<Scorecard> {
  const deliveries = await em.find(SupplierDelivery, { supplierId, deliveredAt: { $gt: new Date(now.getTime() - windowDays * DAY_MS), $lte: now } });
  const leadTimes = new Map((await em.find(SupplierSupply, { supplierId })).map((s) => [s.sku, s.leadTimeDays]));
  return computeScorecard(
    deliveries.map((d) => ({ ...d, quotedLeadTimeDays: leadTimes.get(d.sku) ?? 0 })),
    now,
    windowDays,
  );
}

export async function recordSupplierDelivery(em: EntityManager, deps: RiskDeps, input: RecordDeliveryInput): Promise<SupplierDelivery> {
  const cmd = validateDelivery(input);
  return em.transactional(async (tx) => {
    const supplier = await tx.findOne(Supplier, { id: cmd.supplierId });
    if (!supplier) throw new NotFoundError('Supplier', cmd.supplierId, 'supplierId');
    if (!(await tx.count(SupplierSupply, { supplierId: supplier.id, sku: cmd.sku }))) throw new NotFoundError(`Supply of ${supplier.name} for sku`, cmd.sku, 'sku');
    const delivery = tx.create(SupplierDelivery, {
      id: uuidv7(),
      supplierId: supplier.id,
      sku: cmd.sku,
      orderedAt: cmd.orderedAt ?? null,
      promisedAt: cmd.promisedAt,
      deliveredAt: cmd.deliveredAt,
      quantity: cmd.quantity,
      defectQuantity: cmd.defectQuantity,
      recordedAt: deps.clock.now(),
    });
    await tx.flush();
    await evaluateSupplier(tx, deps, supplier);
    return delivery;
  });
}
