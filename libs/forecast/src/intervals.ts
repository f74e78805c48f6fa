// Turning forecast standard errors into 80% / 95% prediction intervals.

import { Z80, Z95 } from './stats';
import type { ForecastPoint } from './types';

/**
 * Points ŷ_h ± q80·σ_h and ŷ_h ± q95·σ_h. q defaults to the normal quantiles
 * (Z80 = 1.2816, Z95 = 1.9600); regression passes Student-t quantiles instead.
 */
export function buildPoints(values: readonly number[], standardErrors: readonly number[], labels?: readonly string[], q80 = Z80, q95 = Z95): ForecastPoint[] {
  return values.map((value, i) => {
    const se = standardErrors[i]!;
    const point: ForecastPoint = {
      step: i + 1,
      value,
      standardError: se,
      lower80: value - q80 * se,
      upper80: value + q80 * se,
      lower95: value - q95 * se,
      upper95: value + q95 * se,
    };
    if (labels?.[i] !== undefined) point.label = labels[i];
    return point;
  });
}

/**
 * Empirical standard errors by horizon ("EMPIRICAL_BY_HORIZON"):
 *
 *   σ_h = √( (1/N_h) Σ_o (y_{o+h−1} − ŷ_{o+h−1|o−1})² )
 *
 * i.e. the root mean square of the fitted model's own in-sample h-step-ahead errors, taken
 * from every in-sample origin o that has an observation h−1 periods later (the parameters are
 * the ones fitted on the whole series; no refitting). Where fewer than 2 such errors exist at
 * horizon h, σ_h is extrapolated from the largest horizon H that has them as σ_H·√(h/H)
 * (random-walk growth). Finally σ_h is made non-decreasing in h (uncertainty does not shrink
 * with the horizon). Intervals are then ŷ_h ± z·σ_h with normal quantiles.
 *
 * `errorSums[h-1]` / `errorCounts[h-1]` hold Σ e² and N_h.
 */
export function empiricalStandardErrors(errorSums: readonly number[], errorCounts: readonly number[], horizon: number): number[] {
  const out: number[] = [];
  let lastGood = 0;
  for (let h = 1; h <= horizon; h++) {
    const n = errorCounts[h - 1] ?? 0;
    if (n >= 2 || (h === 1 && n >= 1)) {
      out.push(Math.sqrt(errorSums[h - 1]! / n));
      lastGood = h;
    } else if (lastGood > 0) {
      out.push(out[lastGood - 1]! * Math.sqrt(h / lastGood));
    } else out.push(0);
  }
  for (let i = 1; i < out.length; i++) if (out[i]! < out[i - 1]!) out[i] = out[i - 1]!;
  return out;
}
