// Shared result types of the forecasting methods.

export type ForecastMethod = 'MOVING_AVERAGE' | 'EXPONENTIAL_SMOOTHING' | 'HOLT' | 'HOLT_WINTERS' | 'LINEAR_REGRESSION';

export type Seasonality = 'ADDITIVE' | 'MULTIPLICATIVE';

/** How a method's prediction intervals were obtained. */
export type IntervalMethod =
  /** ŷ ± z·σ_h with σ_h from the method's analytic forecast-variance formula (documented per method). */
  | 'ANALYTIC'
  /** ŷ ± z·σ_h with σ_h the RMS of the model's own in-sample h-step-ahead errors (documented in intervals.ts). */
  | 'EMPIRICAL_BY_HORIZON'
  /** Classical OLS prediction interval ŷ ± t(ν)·s·√(1 + x₀ᵀ(XᵀX)⁻¹x₀). */
  | 'OLS_PREDICTION';

export interface ForecastPoint {
  /** 1-based steps ahead of the last observation. */
  step: number;
  /** Period label, when the caller supplied future labels. */
  label?: string;
  value: number;
  /** Standard error of the forecast at this step (σ_h). */
  standardError: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

export interface ForecastResult {
  method: ForecastMethod;
  /** Method variant, e.g. ADDITIVE / MULTIPLICATIVE for Holt-Winters, TREND / TREND_SEASONAL for regression. */
  variant?: string;
  /** Fitted (or given) parameters, e.g. { alpha, beta, gamma } or { window }. */
  params: Record<string, number | string | boolean>;
  /** Whether smoothing parameters were optimised (true) or given (false); undefined for methods without any. */
  optimised?: boolean;
  horizon: number;
  points: ForecastPoint[];
  /** In-sample fitted values aligned with the input (null where the method gives none, e.g. the initialisation window). For smoothing methods and moving average these are one-step-ahead forecasts. */
  fitted: (number | null)[];
  /** In-sample residuals y_t − fitted_t aligned with the input (null where fitted is null). */
  residuals: (number | null)[];
  /** Sum of squared residuals (the criterion minimised when parameters are optimised). */
  sse: number;
  /** σ = √(SSE / number of residuals), or √(SSE/(n−p)) for regression. */
  sigma: number;
  intervalMethod: IntervalMethod;
}
