// The definition starts the sweep as a background job on its own timer (with the injected
// clock), and stops it on close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '@salesgraph/db';
import { NatsBus } from '@salesgraph/events';
import { ManualClock } from '@salesgraph/kernel';
import { databaseNameFor, serviceConfigFromEnv, startSubgraph, type RunningSubgraph } from '@salesgraph/service';
import { adapterMatrix, eventually, TEST_SECRET, tempDir, testNamespace } from '@salesgraph/testing';
import { createCustomer, fileComplaint } from '../src/customers.service';
import { createCustomersSubgraph, DEFAULT_SETTINGS } from '../src/app';
import { Complaint } from '../src/infra/crm.entities';
import { Customer } from '../src/infra/customer.entity';
const REP_A = '01900000-0000-7000-8000-00000000000a';
const START = new Date('2027-01-04T09:00:00Z');

describe.each(adapterMatrix())('customer sweep job ($label)', (setup) => {
  const namespace = testNamespace();
  const dir = tempDir();
  const clock = new ManualClock(START);
  const settings = { ...DEFAULT_SETTINGS, sweepIntervalMs: 100 };
  let svc: RunningSubgraph;
  // Built from the environment contract, so fields added to ServiceConfig keep their defaults.
  const config = serviceConfigFromEnv('customers', {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: setup.databaseUrl,
    NATS_URL: setup.natsUrl,
    SALESGRAPH_DATA_DIR: dir.path,
    SALESGRAPH_NAMESPACE: namespace,
    SALESGRAPH_INTERNAL_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'true',
    SHUTDOWN_GRACE_MS: '5000',
  });

  beforeAll(async () => {
    svc = await startSubgraph(createCustomersSubgraph(settings), config, { clock });
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await dropDatabase({ databaseUrl: setup.databaseUrl, databaseName: databaseNameFor('customers', namespace), dataDir: dir.path });
    if (setup.natsUrl) {
      const bus = await NatsBus.connect({ url: setup.natsUrl, namespace, name: 'test-cleanup' });
      await bus.deleteNamespace();
      await bus.close();
    }
    dir.remove();
  });

  it('marks a complaint overdue once the clock passes its SLA, without being called', async () => {
    const deps = { currency: 'CNY', clock, source: '/salesgraph/customers', settings };
    const c = await createCustomer(svc.orm.em.fork(), deps, { name: 'Timer Co', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: REP_A });
    const k = await fileComplaint(svc.orm.em.fork(), deps, { customerId: c.id, category: 'SERVICE', severity: 'HIGH', description: 'no call back' });
    const overdue = async () => (await svc.orm.em.fork().findOneOrFail(Complaint, { id: k.id })).overdue;
    // Several sweep periods pass; the complaint is not due yet.
    await new Promise((r) => setTimeout(r, 350));
    expect(await overdue()).toBe(false);
    clock.advance(25 * 3_600_000);
    await eventually(async () => ((await overdue()) ? true : undefined), 10_000);
    // The complaint and its customer's re-evaluation commit together.
    const customer = await svc.orm.em.fork().findOneOrFail(Customer, { id: c.id });
    expect(customer.overdueComplaintCount).toBe(1);
    expect(customer.churnReasons.map((r) => r.signal)).toContain('OVERDUE_COMPLAINTS');
  });
});
