// Domain errors of the orders subgraph: stable reason codes under the CONFLICT category.
import { ConflictError } from '@salesgraph/kernel';

export class IllegalOrderTransition extends ConflictError {
  override readonly code = 'ORDER_ILLEGAL_TRANSITION';
  constructor(
    readonly currentStatus: string,
    readonly action: string,
  ) {
    super(`cannot ${action} an order that is ${currentStatus}`, { field: 'status', details: { currentStatus, action } });
  }
}

export class IllegalContractTransition extends ConflictError {
  override readonly code = 'CONTRACT_ILLEGAL_TRANSITION';
  constructor(
    readonly currentStatus: string,
    readonly action: string,
  ) {
    super(`cannot ${action} a contract that is ${currentStatus}`, { field: 'status', details: { currentStatus, action } });
  }
}
