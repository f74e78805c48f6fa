import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { assertOpen, buildRiskMatrix, maxLevel, riskLevel, riskScore, validateAssessment, validateRegisterRisk } from './risk';

describe('risk levels', () => {
  it('bands scores LOW 1–4, MEDIUM 5–9, HIGH 10–15, CRITICAL 16–25', () => {
    const bands: [number, string][] = [
      [1, 'LOW'], [4, 'LOW'], [5, 'MEDIUM'], [9, 'MEDIUM'], [10, 'HIGH'], [15, 'HIGH'], [16, 'CRITICAL'], [25, 'CRITICAL'],
    ];
    for (const [score, level] of bands) expect(riskLevel(score), String(score)).toBe(level);
  });
  it('scores likelihood × impact', () => {
    expect(riskScore(4, 4)).toBe(16);
    expect(riskLevel(riskScore(4, 4))).toBe('CRITICAL');
    expect(riskLevel(riskScore(2, 5))).toBe('HIGH');
    expect(riskLevel(riskScore(3, 3))).toBe('MEDIUM');
  });
  it('refuses scores outside 1..25', () => {
    expect(() => riskLevel(0)).toThrow(RangeError);
    expect(() => riskLevel(26)).toThrow(RangeError);
  });
  it('takes the highest level', () => {
    expect(maxLevel([])).toBe('LOW');
    expect(maxLevel(['MEDIUM', 'CRITICAL', 'HIGH'])).toBe('CRITICAL');
  });
});

describe('risk matrix', () => {
  const risks = [
    { id: 'a', likelihood: 4, impact: 4 },
    { id: 'b', likelihood: 4, impact: 4 },
    { id: 'c', likelihood: 1, impact: 5 },
  ];
  const cells = buildRiskMatrix(risks);
  it('has all 25 cells, likelihood 5..1 then impact 1..5', () => {
    expect(cells).toHaveLength(25);
    expect(cells[0]).toMatchObject({ likelihood: 5, impact: 1, score: 5, level: 'MEDIUM' });
    expect(cells[24]).toMatchObject({ likelihood: 1, impact: 5, score: 5 });
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(3);
  });
  it('puts each risk in its cell with its id', () => {
    expect(cells.find((c) => c.likelihood === 4 && c.impact === 4)).toEqual({ likelihood: 4, impact: 4, score: 16, level: 'CRITICAL', count: 2, riskIds: ['a', 'b'] });
    expect(cells.find((c) => c.likelihood === 1 && c.impact === 5)).toMatchObject({ count: 1, riskIds: ['c'] });
    expect(cells.find((c) => c.likelihood === 5 && c.impact === 5)).toMatchObject({ count: 0, riskIds: [], level: 'CRITICAL' });
  });
});

describe('validateRegisterRisk', () => {
  const base = { category: 'SUPPLY_CHAIN', title: ' Port strike ', likelihood: 3, impact: 4 };
  it('normalises skus and regions and defaults the lists', () => {
    const cmd = validateRegisterRisk({ ...base, affects: { skus: ['pump-1', 'PUMP-1'], regions: ['cn-east'] } });
    expect(cmd).toMatchObject({ title: 'Port strike', affects: { skus: ['PUMP-1'], supplierIds: [], customerIds: [], regions: ['CN-EAST'] }, evidenceIds: [], ownerId: null });
  });
  it.each([
    [{ likelihood: 0 }, 'likelihood'],
    [{ likelihood: 6 }, 'likelihood'],
    [{ impact: 2.5 }, 'impact'],
    [{ category: 'WEATHER' }, 'category'],
    [{ title: '  ' }, 'title'],
    [{ ownerId: 'bob' }, 'ownerId'],
    [{ affects: { supplierIds: ['x'] } }, 'affects.supplierIds[0]'],
    [{ affects: { skus: ['a b'] } }, 'affects.skus[0]'],
  ])('refuses %j naming %s', (patch, field) => {
    try {
      validateRegisterRisk({ ...base, ...patch } as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
  it('validates an assessment', () => {
    expect(validateAssessment({ likelihood: 5, impact: 1, note: ' ok ' })).toEqual({ likelihood: 5, impact: 1, note: 'ok' });
    expect(() => validateAssessment({ likelihood: 5, impact: 0 })).toThrow(/impact/);
  });
  it('refuses changes to a closed risk with a CONFLICT naming the state', () => {
    expect(() => assertOpen({ id: 'r', status: 'CLOSED' })).toThrow(/CLOSED/);
    expect(() => assertOpen({ id: 'r', status: 'MITIGATING' })).not.toThrow();
  });
});
