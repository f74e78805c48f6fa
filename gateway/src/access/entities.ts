// Tables of the access subgraph (in the gateway's own database, salesgraph_access).
import { EntitySchema } from '@salesgraph/db';

export class ApiKeyRecord {
  id!: string;
  name!: string;
  /** Shown in lists; also the lookup index (unique). */
  prefix!: string;
  /** SHA-256 of the whole key: keys are 190-bit random, so a fast hash is enough. */
  hash!: string;
  scopes!: string[];
  allowedRegions?: string[] | null;
  rateLimitPerMinute?: number | null;
  createdAt!: Date;
  createdBy!: string;
  expiresAt?: Date | null;
  lastUsedAt?: Date | null;
  revokedAt?: Date | null;
  rotatedFrom?: string | null;
}

export const ApiKeySchema = new EntitySchema<ApiKeyRecord>({
  class: ApiKeyRecord,
  tableName: 'api_key',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 120 },
    prefix: { type: 'string', length: 20, unique: true },
    hash: { type: 'string', length: 64 },
    scopes: { type: 'json' },
    allowedRegions: { type: 'json', nullable: true },
    rateLimitPerMinute: { type: 'integer', nullable: true },
    createdAt: { type: 'datetime' },
    createdBy: { type: 'string', length: 120 },
    expiresAt: { type: 'datetime', nullable: true },
    lastUsedAt: { type: 'datetime', nullable: true },
    revokedAt: { type: 'datetime', nullable: true },
    rotatedFrom: { type: 'uuid', nullable: true },
  },
});

export type AuditOutcome = 'SUCCESS' | 'ERROR' | 'DENIED';

export class AuditRecord {
  id!: string;
  at!: Date;
  principalKind!: string;
  principal!: string;
  keyPrefix?: string | null;
  operation?: string | null;
  operationType?: string | null;
  variables?: string | null;
  outcome!: AuditOutcome;
  errorCodes!: string[];
  traceId?: string | null;
  clientName?: string | null;
}

export const AuditRecordSchema = new EntitySchema<AuditRecord>({
  class: AuditRecord,
  tableName: 'audit_record',
  indexes: [
    { properties: ['principal', 'id'], name: 'audit_record_principal_idx' },
    { properties: ['operation', 'id'], name: 'audit_record_operation_idx' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    at: { type: 'datetime' },
    principalKind: { type: 'string', length: 16 },
    principal: { type: 'string', length: 120 },
    keyPrefix: { type: 'string', length: 20, nullable: true },
    operation: { type: 'string', length: 120, nullable: true },
    operationType: { type: 'string', length: 16, nullable: true },
    variables: { type: 'text', nullable: true },
    outcome: { type: 'string', length: 8 },
    errorCodes: { type: 'json' },
    traceId: { type: 'string', length: 32, nullable: true },
    clientName: { type: 'string', length: 120, nullable: true },
  },
});

export const accessEntities = [ApiKeySchema, AuditRecordSchema];
