import { describe, expect, it } from 'vitest';
import { churnRating, churnRiskAction, lateDeliveryRating, logisticsRiskAction } from './signals';

describe('churn → CUSTOMER risk', () => {
  it('rates likelihood from the churn score', () => {
    expect(churnRating(0)).toEqual({ likelihood: 1, impact: 3 });
    expect(churnRating(61)).toEqual({ likelihood: 4, impact: 3 });
    expect(churnRating(100)).toEqual({ likelihood: 5, impact: 3 });
  });

  it('registers on HIGH once, then re-scores the open risk', () => {
    expect(churnRiskAction('HIGH', 85, null)).toEqual({ kind: 'REGISTER', rating: { likelihood: 5, impact: 3 } });
    expect(churnRiskAction('HIGH', 85, { open: true, likelihood: 5, impact: 3 })).toEqual({ kind: 'NONE' });
    expect(churnRiskAction('HIGH', 70, { open: true, likelihood: 5, impact: 3 })).toEqual({ kind: 'ASSESS', rating: { likelihood: 4, impact: 3 } });
  });

  it('registers anew on HIGH after the previous risk was closed', () => {
    expect(churnRiskAction('HIGH', 90, { open: false, likelihood: 5, impact: 3 }).kind).toBe('REGISTER');
  });

  it('lowers an open risk on LOW and leaves customers without one alone', () => {
    expect(churnRiskAction('LOW', 10, { open: true, likelihood: 5, impact: 3 })).toEqual({ kind: 'ASSESS', rating: { likelihood: 1, impact: 3 } });
    expect(churnRiskAction('LOW', 10, null)).toEqual({ kind: 'NONE' });
    expect(churnRiskAction('MEDIUM', 50, null)).toEqual({ kind: 'NONE' });
    expect(churnRiskAction('MEDIUM', 50, { open: true, likelihood: 5, impact: 3 })).toEqual({ kind: 'ASSESS', rating: { likelihood: 3, impact: 3 } });
    expect(churnRiskAction('LOW', 10, { open: false, likelihood: 5, impact: 3 })).toEqual({ kind: 'NONE' });
  });
});

describe('late deliveries → LOGISTICS risk', () => {
  it('needs a cluster of three', () => {
    expect(lateDeliveryRating([5, 9])).toBeNull();
    expect(logisticsRiskAction([5, 9], null)).toEqual({ kind: 'NONE' });
  });

  it('rates likelihood by count and impact by average days late', () => {
    expect(lateDeliveryRating([1, 2, 3])).toEqual({ likelihood: 3, impact: 2 });
    expect(lateDeliveryRating([4, 8, 9])).toEqual({ likelihood: 3, impact: 3 }); // average 7
    expect(lateDeliveryRating([8, 9, 10])).toEqual({ likelihood: 3, impact: 4 });
    expect(lateDeliveryRating([5, 5, 5, 5])).toEqual({ likelihood: 4, impact: 3 });
    expect(lateDeliveryRating([20, 20, 20, 20, 20, 20])).toEqual({ likelihood: 5, impact: 5 });
  });

  it('registers once, then re-scores only when the rating changes', () => {
    expect(logisticsRiskAction([2, 2, 2], null)).toEqual({ kind: 'REGISTER', rating: { likelihood: 3, impact: 2 } });
    expect(logisticsRiskAction([2, 2, 2], { open: true, likelihood: 3, impact: 2 })).toEqual({ kind: 'NONE' });
    expect(logisticsRiskAction([2, 2, 2, 2], { open: true, likelihood: 3, impact: 2 })).toEqual({ kind: 'ASSESS', rating: { likelihood: 4, impact: 2 } });
  });
});
