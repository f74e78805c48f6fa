// The audit log: every mutation and every refused request, written in batches off the
// request path. Append-only: nothing in the code updates or deletes a record.
import type { Orm } from '@salesgraph/db';
import { uuidv7 } from '@salesgraph/kernel';
import type { Logger } from '@salesgraph/telemetry';
import { AuditRecord, type AuditOutcome } from './entities';

// Contacts are personal data as a whole (names too); emails and phones wherever they appear.
const SECRET_OR_PERSONAL = /pass(word)?|secret|token|api[-_]?key|^key$|authorization|credential|email|phone|mobile|^contacts?$/i;

/** Copies variables with secrets and personal data replaced by "[redacted]". */
export function redactVariables(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redactVariables(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_OR_PERSONAL.test(k) ? '[redacted]' : redactVariables(v, depth + 1);
    return out;
  }
  if (typeof value === 'string' && value.length > 500) return `${value.slice(0, 500)}…`;
  return value;
}

export interface AuditEntry {
  principalKind: string;
  principal: string;
  keyPrefix?: string;
  operation?: string;
  operationType?: string;
  variables?: unknown;
  outcome: AuditOutcome;
  errorCodes: string[];
  traceId?: string;
  clientName?: string;
}

export class AuditLog {
  private queue: AuditRecord[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    private readonly flushMs = 200,
  ) {}

  record(entry: AuditEntry): void {
    const r = new AuditRecord();
    r.id = uuidv7();
    r.at = new Date();
    r.principalKind = entry.principalKind;
    r.principal = entry.principal.slice(0, 120);
    r.keyPrefix = entry.keyPrefix ?? null;
    r.operation = entry.operation?.slice(0, 120) ?? null;
    r.operationType = entry.operationType ?? null;
    const vars = entry.variables && Object.keys(entry.variables as object).length ? JSON.stringify(redactVariables(entry.variables)) : null;
    r.variables = vars && vars.length > 10_000 ? `${vars.slice(0, 10_000)}…` : vars;
    r.outcome = entry.outcome;
    r.errorCodes = [...new Set(entry.errorCodes)].slice(0, 20);
    r.traceId = entry.traceId ?? null;
    r.clientName = entry.clientName?.slice(0, 120) ?? null;
    this.queue.push(r);
    if (this.queue.length >= 200) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.flushing = (async () => {
      try {
        const em = this.orm.em.fork();
        for (const r of batch) em.persist(r);
        await em.flush();
      } catch (err) {
        // An audit write that fails is itself worth an alert; the records go to the log.
        this.logger.error({ err, lost: batch.map((r) => ({ id: r.id, principal: r.principal, operation: r.operation, outcome: r.outcome })) }, 'audit log write failed');
      }
    })();
    await this.flushing;
    this.flushing = undefined;
  }
}
