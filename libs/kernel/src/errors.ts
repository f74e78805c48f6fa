// Domain errors carry a stable code; one place per service maps codes to GraphQL errors.

export type ErrorCategory = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED';

export abstract class DomainError extends Error {
  /** Stable machine-readable code, e.g. ORDER_NOT_APPROVABLE. */
  abstract readonly code: string;
  /** The GraphQL error class clients see (extensions.code). */
  abstract readonly category: ErrorCategory;
  /** The input field the error is about, when there is one. */
  readonly field?: string;
  readonly details?: Record<string, unknown>;

  constructor(message: string, options: { field?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = new.target.name;
    this.field = options.field;
    this.details = options.details;
  }
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly category = 'BAD_USER_INPUT';
  constructor(field: string, message: string, details?: Record<string, unknown>) {
    super(message, { field, details });
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly category = 'NOT_FOUND';
  constructor(entity: string, id: string, field?: string) {
    super(`${entity} ${id} not found`, { field, details: { entity, id } });
  }
}

export class ConflictError extends DomainError {
  readonly code: string = 'CONFLICT';
  readonly category = 'CONFLICT';
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  readonly category = 'FORBIDDEN';
}
