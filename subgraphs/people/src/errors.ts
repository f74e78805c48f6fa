// Conflict reasons of the people subgraph (extensions.code stays CONFLICT; the reason is stable).
import { ConflictError } from '@salesgraph/kernel';

export class EmailTaken extends ConflictError {
  override readonly code = 'EMAIL_TAKEN';
  constructor(email: string) {
    super(`a sales rep with email ${email} already exists`, { field: 'email' });
  }
}

export class Duplicate extends ConflictError {
  override readonly code = 'DUPLICATE';
  constructor(message: string, field: string, details?: Record<string, unknown>) {
    super(message, { field, details });
  }
}

export class RepOffboarded extends ConflictError {
  override readonly code = 'REP_OFFBOARDED';
  constructor(repId: string, field = 'repId') {
    super(`sales rep ${repId} is offboarded`, { field, details: { state: 'OFFBOARDED' } });
  }
}

export class TargetAlreadyDecomposed extends ConflictError {
  override readonly code = 'TARGET_ALREADY_DECOMPOSED';
  constructor(targetId: string, into: string) {
    super(`target ${targetId} is already decomposed into ${into}`, { field: 'targetId', details: { decomposedInto: into } });
  }
}

export class BudgetOverspent extends ConflictError {
  override readonly code = 'BUDGET_OVERSPENT';
  constructor(remaining: string, requested: string) {
    super(`the spend of ${requested} exceeds the remaining budget of ${remaining}; pass allowOverspend: true to record it anyway`, {
      field: 'amount',
      details: { remaining, requested },
    });
  }
}
