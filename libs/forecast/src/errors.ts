// Errors raised by the forecasting functions. They carry the same shape as the kernel's
// DomainError (code, category, field, details) without depending on it, so a service can map
// them to GraphQL BAD_USER_INPUT naming the offending input field.

export abstract class ForecastError extends Error {
  abstract readonly code: string;
  readonly category = 'BAD_USER_INPUT' as const;
  /** The input field the error is about (e.g. "horizon", "history", "window"). */
  readonly field: string;
  readonly details: Record<string, unknown>;

  constructor(field: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.field = field;
    this.details = details;
  }
}

/** The series is too short for the method: `needed` observations are required, `got` were given. */
export class InsufficientHistory extends ForecastError {
  readonly code = 'INSUFFICIENT_HISTORY';
  readonly method: string;
  readonly needed: number;
  readonly got: number;
  constructor(method: string, needed: number, got: number, field = 'history') {
    super(field, `${method} needs at least ${needed} periods of history, got ${got}`, { method, needed, got });
    this.method = method;
    this.needed = needed;
    this.got = got;
  }
}

/** A value in the series is not a finite number, or the series violates a method's domain (e.g. non-positive values for multiplicative seasonality). */
export class InvalidSeries extends ForecastError {
  readonly code = 'INVALID_SERIES';
  constructor(message: string, details: Record<string, unknown> = {}, field = 'history') {
    super(field, message, details);
  }
}

/** A parameter (horizon, window, alpha, seasonal period, target, ...) is out of its range. */
export class InvalidParameter extends ForecastError {
  readonly code = 'INVALID_PARAMETER';
  constructor(field: string, message: string, details: Record<string, unknown> = {}) {
    super(field, message, details);
  }
}
