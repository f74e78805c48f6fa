import { ConfigError } from '@salesgraph/config';
import { describe, expect, it } from 'vitest';
import { serviceConfigFromEnv } from './config';

const env = (vars: Record<string, string> = {}) => ({ SALESGRAPH_INTERNAL_SECRET: 'x'.repeat(32), ...vars });
const problemsOf = (vars: Record<string, string>): string[] => {
  try {
    serviceConfigFromEnv('orders', env(vars));
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => p.split(':')[0]!).sort();
    throw e;
  }
  return [];
};

describe('event retention configuration', () => {
  it('defaults to 7 days of published outbox rows, 31 days of inbox rows and a sweep every 10 minutes', () => {
    const c = serviceConfigFromEnv('orders', env());
    expect(c.outboxRetentionMs).toBe(7 * 24 * 3_600_000);
    expect(c.inboxRetentionMs).toBe(31 * 24 * 3_600_000);
    expect(c.retentionSweepMs).toBe(600_000);
  });

  it('reads OUTBOX_RETENTION_HOURS, INBOX_RETENTION_DAYS and RETENTION_SWEEP_MS', () => {
    const c = serviceConfigFromEnv('people', env({ OUTBOX_RETENTION_HOURS: '24', INBOX_RETENTION_DAYS: '45', RETENTION_SWEEP_MS: '60000' }));
    expect(c.outboxRetentionMs).toBe(24 * 3_600_000);
    expect(c.inboxRetentionMs).toBe(45 * 24 * 3_600_000);
    expect(c.retentionSweepMs).toBe(60_000);
  });

  it('refuses an inbox retention within the streams’ 30 days, and retention or interval values below their minimum', () => {
    expect(problemsOf({ INBOX_RETENTION_DAYS: '30' })).toEqual(['INBOX_RETENTION_DAYS']);
    expect(problemsOf({ OUTBOX_RETENTION_HOURS: '0', INBOX_RETENTION_DAYS: '7', RETENTION_SWEEP_MS: '999' })).toEqual(['INBOX_RETENTION_DAYS', 'OUTBOX_RETENTION_HOURS', 'RETENTION_SWEEP_MS']);
    expect(problemsOf({ OUTBOX_RETENTION_HOURS: '1.5' })).toEqual(['OUTBOX_RETENTION_HOURS']);
    expect(problemsOf({ OUTBOX_RETENTION_HOURS: '1', INBOX_RETENTION_DAYS: '31', RETENTION_SWEEP_MS: '1000' })).toEqual([]);
  });
});
