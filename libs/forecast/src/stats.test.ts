import { describe, expect, it } from 'vitest';
import { goldenSection, nelderMead, normalCdf, normalQuantile, studentTQuantile, Z80, Z95 } from './stats';

describe('normal distribution', () => {
  // Reference values of Φ (Abramowitz & Stegun, Handbook of Mathematical Functions, Table 26.1,
  // which tabulates P(x) to 15 decimals): Φ(1) = 0.8413447461, Φ(1.96) = 0.9750021049,
  // Φ(−2.5) = 1 − Φ(2.5) = 0.0062096653. Tolerance 1e-9.
  it('matches tabulated CDF values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 12);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 9);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021049, 9);
    expect(normalCdf(-2.5)).toBeCloseTo(0.0062096653, 9);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });

  // Quantiles: z_0.90 = 1.2815515655, z_0.975 = 1.9599639845, z_0.01 = −2.3263478740 (same tables). Tolerance 1e-9.
  it('inverts the CDF', () => {
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845, 9);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 9);
    expect(Z80).toBeCloseTo(normalQuantile(0.9), 12);
    expect(Z95).toBeCloseTo(normalQuantile(0.975), 12);
    for (const p of [1e-6, 0.02, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
  });
});

describe('Student t quantiles', () => {
  // Critical values of Student's t (NIST/SEMATECH e-Handbook §1.3.6.7.2 "Critical values of the
  // Student's t distribution", 3 decimals): t(0.975; 10) = 2.228, t(0.975; 3) = 3.182, t(0.90; 5) = 1.476.
  // Closed forms: ν = 1 → tan(π(p − ½)); ν = 2 → (2p − 1)/√(2p(1 − p)).
  it('matches the table (±5e-4) and the closed forms (1e-9)', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(studentTQuantile(0.975, 3)).toBeCloseTo(3.182, 3);
    expect(studentTQuantile(0.9, 5)).toBeCloseTo(1.476, 3);
    expect(studentTQuantile(0.9995, 1)).toBeCloseTo(Math.tan(Math.PI * 0.4995), 6);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 9);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), 9);
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(Z95, 9);
  });
});

describe('optimisers', () => {
  it('golden section finds the minimum of a parabola', () => {
    const r = goldenSection((x) => (x - 0.3) ** 2 + 1, 0, 1, 1e-9);
    expect(r.x).toBeCloseTo(0.3, 7);
    expect(r.value).toBeCloseTo(1, 12);
  });

  it('Nelder–Mead respects the box and finds interior and boundary minima', () => {
    const inner = nelderMead((x) => (x[0]! - 0.2) ** 2 + 3 * (x[1]! - 0.7) ** 2, [0.5, 0.5], { lower: [0, 0], upper: [1, 1] });
    expect(inner.x[0]).toBeCloseTo(0.2, 4);
    expect(inner.x[1]).toBeCloseTo(0.7, 4);
    const edge = nelderMead((x) => (x[0]! - 2) ** 2 + (x[1]! + 1) ** 2, [0.5, 0.5], { lower: [0, 0], upper: [1, 1] });
    expect(edge.x[0]).toBeCloseTo(1, 4);
    expect(edge.x[1]).toBeCloseTo(0, 4);
  });
});
