import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsFromEnv } from './settings';

describe('settingsFromEnv', () => {
  it('keeps the defaults without variables', () => {
    expect(settingsFromEnv({})).toEqual(DEFAULT_SETTINGS);
  });

  it('reads windows, SLAs, RFM thresholds and stage probabilities', () => {
    const s = settingsFromEnv({
      CUSTOMERS_AT_RISK_AFTER_DAYS: '60',
      CUSTOMERS_CHURNED_AFTER_DAYS: '120',
      CUSTOMERS_COMPLAINT_SLA_HOURS_CRITICAL: '2',
      CUSTOMERS_RFM_RECENCY_DAYS: '10,20,40,80',
      CUSTOMERS_RFM_MONETARY_AMOUNTS: '5000,20000,100000,500000',
      CUSTOMERS_RFM_SEGMENT_MIN_TOTALS: '12,9,6',
      CUSTOMERS_STAGE_PROBABILITIES: 'PROPOSAL=40, NEGOTIATION=80',
    });
    expect(s.atRiskAfterDays).toBe(60);
    expect(s.churnedAfterDays).toBe(120);
    expect(s.complaintSlaHours).toEqual({ CRITICAL: 2, HIGH: 24, MEDIUM: 72, LOW: 168 });
    expect(s.rfm.recencyDays).toEqual([10, 20, 40, 80]);
    expect(s.rfm.monetaryMinor).toEqual([500_000n, 2_000_000n, 10_000_000n, 50_000_000n]);
    expect(s.rfm.segmentMinTotal).toEqual({ A: 12, B: 9, C: 6 });
    expect(s.stageProbabilities).toMatchObject({ QUALIFICATION: 10, PROPOSAL: 40, NEGOTIATION: 80, WON: 100, LOST: 0 });
  });

  it.each([
    [{ CUSTOMERS_AT_RISK_AFTER_DAYS: '-1' }],
    [{ CUSTOMERS_AT_RISK_AFTER_DAYS: '200' }],
    [{ CUSTOMERS_RFM_RECENCY_DAYS: '30,20,40,80' }],
    [{ CUSTOMERS_RFM_MONETARY_AMOUNTS: '1.5,2,3,4' }],
    [{ CUSTOMERS_RFM_SEGMENT_MIN_TOTALS: '6,9,12' }],
    [{ CUSTOMERS_STAGE_PROBABILITIES: 'WON=50' }],
    [{ CUSTOMERS_STAGE_PROBABILITIES: 'PROPOSAL=150' }],
  ])('refuses %o', (env) => {
    expect(() => settingsFromEnv(env)).toThrow(/CUSTOMERS_|not/);
  });
});
