// Complaints: categories, severities, the SLA due time and the status machine.
import { ConflictError, ValidationError } from '@salesgraph/kernel';

export const COMPLAINT_CATEGORIES = ['QUALITY', 'DELIVERY', 'SERVICE', 'BILLING', 'OTHER'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const COMPLAINT_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
export const COMPLAINT_STATUSES = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export class ComplaintTransitionRefused extends ConflictError {
  override readonly code = 'COMPLAINT_TRANSITION_REFUSED';
  constructor(action: string, status: ComplaintStatus) {
    super(`cannot ${action} a complaint that is ${status}`, { field: 'status', details: { status } });
  }
}

export function slaDueAt(filedAt: Date, severity: ComplaintSeverity, slaHours: Record<ComplaintSeverity, number>): Date {
  return new Date(filedAt.getTime() + slaHours[severity] * 3_600_000);
}

export function isOpen(status: ComplaintStatus): boolean {
  return status === 'OPEN' || status === 'IN_PROGRESS';
}

/** Overdue: still open after its due time (a resolution after the due time is recorded as late). */
export function isOverdue(status: ComplaintStatus, dueAt: Date, now: Date): boolean {
  return isOpen(status) && now.getTime() > dueAt.getTime();
}

const NEXT: Record<'start' | 'resolve' | 'close', { from: ComplaintStatus[]; to: ComplaintStatus }> = {
  start: { from: ['OPEN'], to: 'IN_PROGRESS' },
  resolve: { from: ['OPEN', 'IN_PROGRESS'], to: 'RESOLVED' },
  close: { from: ['RESOLVED'], to: 'CLOSED' },
};

export function complaintTransition(status: ComplaintStatus, action: 'start' | 'resolve' | 'close'): ComplaintStatus {
  if (!NEXT[action].from.includes(status)) throw new ComplaintTransitionRefused(action, status);
  return NEXT[action].to;
}

export interface FileComplaintInput {
  customerId: string;
  orderId?: string | null;
  category: string;
  severity: string;
  description: string;
}

export function validateComplaint(input: FileComplaintInput): { category: ComplaintCategory; severity: ComplaintSeverity; description: string } {
  if (!(COMPLAINT_CATEGORIES as readonly string[]).includes(input.category)) throw new ValidationError('category', `category must be one of ${COMPLAINT_CATEGORIES.join(', ')}`);
  if (!(COMPLAINT_SEVERITIES as readonly string[]).includes(input.severity)) throw new ValidationError('severity', `severity must be one of ${COMPLAINT_SEVERITIES.join(', ')}`);
  const description = input.description.trim();
  if (!description) throw new ValidationError('description', 'description must not be empty');
  if (description.length > 4000) throw new ValidationError('description', 'description must be at most 4000 characters');
  return { category: input.category as ComplaintCategory, severity: input.severity as ComplaintSeverity, description };
}

export function validateSatisfaction(input: { csat?: number | null; nps?: number | null; comment?: string | null }): { csat: number | null; nps: number | null; comment: string | null } {
  const csat = input.csat ?? null;
  const nps = input.nps ?? null;
  if (csat === null && nps === null) throw new ValidationError('csat', 'give a csat (1..5) or an nps (0..10) score');
  if (csat !== null && (!Number.isInteger(csat) || csat < 1 || csat > 5)) throw new ValidationError('csat', 'csat must be an integer from 1 to 5');
  if (nps !== null && (!Number.isInteger(nps) || nps < 0 || nps > 10)) throw new ValidationError('nps', 'nps must be an integer from 0 to 10');
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > 4000) throw new ValidationError('comment', 'comment must be at most 4000 characters');
  return { csat, nps, comment };
}
