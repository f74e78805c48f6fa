// Numerical building blocks: normal and Student-t distributions, 1-D and n-D minimisers.
// Pure functions, no dependencies.

/** Standard normal quantiles for the two-sided 80% and 95% intervals. */
export const Z80 = 1.2815515655446004; // Φ⁻¹(0.90)
export const Z95 = 1.959963984540054; // Φ⁻¹(0.975)

/**
 * Standard normal CDF Φ(x). Hart (1968) rational approximation as given by G. West,
 * "Better approximations to cumulative normal functions" (Wilmott, 2005): double precision
 * accuracy (~1e-14) over the whole line.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  let c: number;
  if (ax > 37) c = 0;
  else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let b = 3.52624965998911e-2 * ax + 0.700383064443688;
      b = b * ax + 6.37396220353165;
      b = b * ax + 33.912866078383;
      b = b * ax + 112.079291497871;
      b = b * ax + 221.213596169931;
      b = b * ax + 220.206867912376;
      c = e * b;
      b = 8.83883476483184e-2 * ax + 1.75566716318264;
      b = b * ax + 16.064177579207;
      b = b * ax + 86.7807322029461;
      b = b * ax + 296.564248779674;
      b = b * ax + 637.333633378831;
      b = b * ax + 793.826512519948;
      b = b * ax + 440.413735824752;
      c /= b;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/**
 * Standard normal quantile Φ⁻¹(p): P. J. Acklam's rational approximation (relative error
 * < 1.15e-9) followed by one Halley refinement step against normalCdf.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408361494484];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** ln Γ(x), Lanczos approximation (Numerical Recipes gammln), x > 0. */
function lnGamma(x: number): number {
  const cof = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  let tmp = x + 5.5;
  tmp -= (x + 0.5) * Math.log(tmp);
  let ser = 1.000000000190015;
  for (const c of cof) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const FPMIN = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (bt * betaContinuedFraction(a, b, x)) / a;
  return 1 - (bt * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Student-t CDF with ν degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const tQuantileCache = new Map<string, number>();

/** Student-t density with ν degrees of freedom. */
export function studentTPdf(t: number, df: number): number {
  return Math.exp(lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log(1 + (t * t) / df));
}

/**
 * Student-t quantile: Cornish–Fisher start (Abramowitz & Stegun 26.7.5) refined by Newton's
 * method on studentTCdf (|step| < 1e-12), with a bisection fallback. For df > 1e6 returns the
 * normal quantile.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (df > 1e6) return normalQuantile(p);
  const key = `${p}:${df}`;
  const cached = tQuantileCache.get(key);
  if (cached !== undefined) return cached;
  const upper = p >= 0.5;
  const target = upper ? p : 1 - p;
  const z = normalQuantile(target);
  const z2 = z * z;
  let t =
    z +
    (z * (z2 + 1)) / (4 * df) +
    (z * (5 * z2 * z2 + 16 * z2 + 3)) / (96 * df * df) +
    (z * (3 * z2 ** 3 + 19 * z2 * z2 + 17 * z2 - 15)) / (384 * df ** 3);
  let ok = false;
  for (let i = 0; i < 50 && Number.isFinite(t) && t > 0; i++) {
    const step = (studentTCdf(t, df) - target) / studentTPdf(t, df);
    t -= step;
    if (Math.abs(step) < 1e-12 * Math.max(1, t)) {
      ok = t > 0 && Number.isFinite(t);
      break;
    }
  }
  if (!ok) {
    let lo = 0;
    let hi = 1;
    while (studentTCdf(hi, df) < target) hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
      const mid = (lo + hi) / 2;
      if (studentTCdf(mid, df) < target) lo = mid;
      else hi = mid;
    }
    t = (lo + hi) / 2;
  }
  const q = upper ? t : -t;
  tQuantileCache.set(key, q);
  return q;
}

/** Golden-section minimisation of a unimodal f on [a, b]; returns the argmin. */
export function goldenSection(f: (x: number) => number, a: number, b: number, tol = 1e-7): { x: number; value: number } {
  const invPhi = (Math.sqrt(5) - 1) / 2;
  let c = b - invPhi * (b - a);
  let d = a + invPhi * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (Math.abs(b - a) > tol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - invPhi * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + invPhi * (b - a);
      fd = f(d);
    }
  }
  const x = (a + b) / 2;
  return { x, value: f(x) };
}

/**
 * Nelder–Mead simplex minimisation inside a box (points are clamped to [lower, upper]).
 * Standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½. Stops when the
 * function values of the simplex agree to `tolerance` (relative), when every vertex is within
 * `xTolerance` of the best one in every coordinate, or after `maxEvaluations`.
 *
 * The forecasting methods call this thousands of times per backtest, so the simplex lives in
 * preallocated vertex arrays (a trial point is written into the worst vertex's spare buffer
 * and swapped in when accepted) and is kept ordered by a stable insertion sort. `f` must not
 * keep the array it is given.
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: { lower: readonly number[]; upper: readonly number[]; step?: number; maxEvaluations?: number; tolerance?: number; xTolerance?: number },
): { x: number[]; value: number; evaluations: number } {
  const n = x0.length;
  const step = options.step ?? 0.1;
  const maxEval = options.maxEvaluations ?? 400;
  const tol = options.tolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-6;
  const { lower, upper } = options;
  const clampInto = (x: number[]): void => {
    for (let j = 0; j < n; j++) x[j] = Math.min(upper[j]!, Math.max(lower[j]!, x[j]!));
  };
  let evaluations = 0;
  const evalf = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  // Vertices (n + 1) and their values, kept sorted by value (ties keep their order).
  const xs: number[][] = [];
  const vs: number[] = [];
  const start = [...x0];
  clampInto(start);
  xs.push(start);
  vs.push(evalf(start));
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = x[i]! + step <= upper[i]! ? x[i]! + step : x[i]! - step;
    clampInto(x);
    xs.push(x);
    vs.push(evalf(x));
  }
  const sort = (): void => {
    for (let i = 1; i <= n; i++) {
      const x = xs[i]!;
      const v = vs[i]!;
      let k = i - 1;
      while (k >= 0 && vs[k]! > v) {
        xs[k + 1] = xs[k]!;
        vs[k + 1] = vs[k]!;
        k--;
      }
      xs[k + 1] = x;
      vs[k + 1] = v;
    }
  };
  const centroid = new Array<number>(n).fill(0);
  let reflected = new Array<number>(n).fill(0);
  let trial = new Array<number>(n).fill(0);
  const along = (t: number, worst: number[], out: number[]): void => {
    for (let j = 0; j < n; j++) {
      const c = centroid[j]!;
      out[j] = c + t * (worst[j]! - c);
    }
    clampInto(out);
  };
  while (evaluations < maxEval) {
    sort();
    const best = xs[0]!;
    const bestV = vs[0]!;
    const worst = xs[n]!;
    const worstV = vs[n]!;
    if (Math.abs(worstV - bestV) <= tol * (Math.abs(bestV) + tol)) break;
    let size = 0;
    for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) size = Math.max(size, Math.abs(xs[i]![j]! - best[j]!));
    if (size < xTol) break;
    centroid.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += xs[i]![j]! / n;
    along(-1, worst, reflected);
    const vr = evalf(reflected);
    if (vr < bestV) {
      along(-2, worst, trial);
      const ve = evalf(trial);
      // The replaced worst vertex's array becomes the next spare buffer.
      if (ve < vr) {
        [xs[n], trial] = [trial, worst];
        vs[n] = ve;
      } else {
        [xs[n], reflected] = [reflected, worst];
        vs[n] = vr;
      }
    } else if (vr < vs[n - 1]!) {
      [xs[n], reflected] = [reflected, worst];
      vs[n] = vr;
    } else {
      along(vr < worstV ? -0.5 : 0.5, worst, trial);
      const vc = evalf(trial);
      if (vc < Math.min(vr, worstV)) {
        [xs[n], trial] = [trial, worst];
        vs[n] = vc;
      } else {
        for (let i = 1; i <= n; i++) {
          const x = xs[i]!;
          for (let j = 0; j < n; j++) x[j] = best[j]! + 0.5 * (x[j]! - best[j]!);
          clampInto(x);
          vs[i] = evalf(x);
        }
      }
    }
  }
  sort();
  return { x: [...xs[0]!], value: vs[0]!, evaluations };
}
