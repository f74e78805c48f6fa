// The contract state machine: DRAFT → UNDER_REVIEW → APPROVED → SIGNED → ACTIVE → COMPLETED,
// or REJECTED / TERMINATED / EXPIRED.
import { IllegalContractTransition } from './errors';

export const CONTRACT_STATUSES = ['DRAFT', 'UNDER_REVIEW', 'APPROVED', 'SIGNED', 'ACTIVE', 'COMPLETED', 'REJECTED', 'TERMINATED', 'EXPIRED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_ACTIONS = ['submit', 'approve', 'reject', 'sign', 'activate', 'complete', 'terminate', 'expire', 'amend'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

const TRANSITIONS: Record<ContractStatus, Partial<Record<ContractAction, ContractStatus>>> = {
  DRAFT: { submit: 'UNDER_REVIEW' },
  UNDER_REVIEW: { approve: 'APPROVED', reject: 'REJECTED' },
  // An approved contract not yet signed can still lapse at the end of its validity.
  APPROVED: { sign: 'SIGNED', expire: 'EXPIRED', amend: 'APPROVED' },
  SIGNED: { activate: 'ACTIVE', terminate: 'TERMINATED', expire: 'EXPIRED', amend: 'SIGNED' },
  ACTIVE: { complete: 'COMPLETED', terminate: 'TERMINATED', expire: 'EXPIRED', amend: 'ACTIVE' },
  COMPLETED: {},
  // A rejected contract is revised by amending it into a new draft version.
  REJECTED: { amend: 'REJECTED' },
  TERMINATED: {},
  EXPIRED: {},
};

/** The status after `action` (amend leaves this version as it is), or IllegalContractTransition. */
export function nextContractStatus(current: ContractStatus, action: ContractAction): ContractStatus {
  const next = TRANSITIONS[current][action];
  if (!next) throw new IllegalContractTransition(current, action);
  return next;
}

/** Orders may be placed under these. */
export const BINDING_CONTRACT_STATUSES: readonly ContractStatus[] = ['SIGNED', 'ACTIVE'];

/**
 * The time-based rule the periodic sweep applies: a signed contract comes into force on its
 * validFrom; an approved, signed or active one lapses the day after its validTo.
 */
export function contractSweepAction(status: ContractStatus, validFrom: string, validTo: string, today: string): 'activate' | 'expire' | null {
  if ((status === 'APPROVED' || status === 'SIGNED' || status === 'ACTIVE') && today > validTo) return 'expire';
  if (status === 'SIGNED' && today >= validFrom) return 'activate';
  return null;
}
