// API key lifecycle and verification. Lookups are cached for a few seconds per instance, so
// a revocation reaches every gateway instance within KEY_CACHE_MS (< 5 s) of its commit.
import { AuthenticationError, SCOPES, type Principal } from '@salesgraph/auth';
import type { Orm } from '@salesgraph/db';
import { NotFoundError, ValidationError, uuidv7, type Clock } from '@salesgraph/kernel';
import { apiKeyPrefix, generateApiKey, hashApiKey, hashMatches, isWellFormedApiKey } from './api-key';
import { ApiKeyRecord } from './entities';

export const KEY_CACHE_MS = 4_000;
const LAST_USED_EVERY_MS = 60_000;

export interface CreateApiKeyInput {
  name: string;
  scopes: string[];
  expiresAt?: Date | null;
  rateLimitPerMinute?: number | null;
  allowedRegions?: string[] | null;
}

export interface VerifiedKey {
  principal: Principal;
  rateLimitPerMinute?: number;
  keyPrefix: string;
}

const REGION = /^[A-Z0-9][A-Z0-9-]{1,19}$/;

export function validateCreateApiKey(input: CreateApiKeyInput, now: Date): CreateApiKeyInput {
  const name = input.name.trim();
  if (!name || name.length > 120 || /[\u0000-\u001f]/.test(name)) throw new ValidationError('name', 'name must be 1-120 printable characters');
  if (input.scopes.length === 0) throw new ValidationError('scopes', 'a key needs at least one scope');
  const unknown = input.scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw new ValidationError('scopes', `unknown scope(s): ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`);
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) throw new ValidationError('expiresAt', 'expiresAt must be in the future');
  if (input.rateLimitPerMinute != null && (!Number.isInteger(input.rateLimitPerMinute) || input.rateLimitPerMinute < 1 || input.rateLimitPerMinute > 100_000)) {
    throw new ValidationError('rateLimitPerMinute', 'rateLimitPerMinute must be between 1 and 100000');
  }
  const regions = input.allowedRegions?.map((r) => r.trim().toUpperCase());
  if (regions && (regions.length === 0 || regions.some((r) => !REGION.test(r)))) throw new ValidationError('allowedRegions', 'allowedRegions must list region codes such as "CN-EAST"');
  return { name, scopes: [...new Set(input.scopes)].sort(), expiresAt: input.expiresAt ?? null, rateLimitPerMinute: input.rateLimitPerMinute ?? null, allowedRegions: regions ?? null };
}

export class ApiKeyStore {
  private readonly cache = new Map<string, { record: ApiKeyRecord | null; at: number }>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock,
  ) {}

  async verify(token: string): Promise<VerifiedKey> {
    if (!isWellFormedApiKey(token)) throw new AuthenticationError('unknown API key');
    const prefix = apiKeyPrefix(token);
    const now = this.clock.now();
    let hit = this.cache.get(prefix);
    if (!hit || now.getTime() - hit.at > KEY_CACHE_MS) {
      const record = await this.orm.em.fork().findOne(ApiKeyRecord, { prefix });
      hit = { record, at: now.getTime() };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(prefix, hit);
    }
    const record = hit.record;
    if (!record || !hashMatches(token, record.hash)) throw new AuthenticationError('unknown API key');
    if (record.revokedAt && record.revokedAt.getTime() <= now.getTime()) throw new AuthenticationError('API key revoked');
    if (record.expiresAt && record.expiresAt.getTime() <= now.getTime()) throw new AuthenticationError('API key expired');
    this.touch(record, now);
    return {
      principal: { subject: record.id, kind: 'api_key', roles: [], scopes: record.scopes, ...(record.allowedRegions ? { regions: record.allowedRegions } : {}) },
      rateLimitPerMinute: record.rateLimitPerMinute ?? undefined,
      keyPrefix: record.prefix,
    };
  }

  /** lastUsedAt is informational: written at most once a minute per key, off the request path. */
  private touch(record: ApiKeyRecord, now: Date): void {
    const last = this.lastUsedWritten.get(record.id) ?? 0;
    if (now.getTime() - last < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(record.id, now.getTime());
    void this.orm.em
      .fork()
      .nativeUpdate(ApiKeyRecord, { id: record.id }, { lastUsedAt: now })
      .catch(() => undefined);
  }

  async create(input: CreateApiKeyInput, createdBy: string, rotatedFrom?: string): Promise<{ key: string; record: ApiKeyRecord }> {
    const now = this.clock.now();
    const clean = validateCreateApiKey(input, now);
    const key = generateApiKey();
    const em = this.orm.em.fork();
    const record = em.create(ApiKeyRecord, {
      id: uuidv7(),
      name: clean.name,
      prefix: apiKeyPrefix(key),
      hash: hashApiKey(key),
      scopes: clean.scopes,
      allowedRegions: clean.allowedRegions,
      rateLimitPerMinute: clean.rateLimitPerMinute,
      createdAt: now,
      createdBy,
      expiresAt: clean.expiresAt,
      rotatedFrom: rotatedFrom ?? null,
    });
    await em.flush();
    return { key, record };
  }

  async revoke(id: string): Promise<ApiKeyRecord> {
    const em = this.orm.em.fork();
    const record = await em.findOne(ApiKeyRecord, { id });
    if (!record) throw new NotFoundError('ApiKey', id, 'id');
    record.revokedAt ??= this.clock.now();
    await em.flush();
    this.cache.delete(record.prefix);
    return record;
  }

  async rotate(id: string, overlapUntil: Date | null | undefined, createdBy: string): Promise<{ key: string; record: ApiKeyRecord }> {
    const em = this.orm.em.fork();
    const old = await em.findOne(ApiKeyRecord, { id });
    if (!old) throw new NotFoundError('ApiKey', id, 'id');
    const now = this.clock.now();
    if (old.revokedAt) throw new ValidationError('id', 'a revoked key cannot be rotated');
    if (overlapUntil && overlapUntil.getTime() < now.getTime()) throw new ValidationError('overlapUntil', 'overlapUntil must not be in the past');
    const successor = await this.create(
      { name: old.name, scopes: old.scopes, expiresAt: old.expiresAt && old.expiresAt.getTime() > now.getTime() ? old.expiresAt : null, rateLimitPerMinute: old.rateLimitPerMinute, allowedRegions: old.allowedRegions },
      createdBy,
      old.id,
    );
    const end = overlapUntil ?? now;
    if (!old.expiresAt || old.expiresAt.getTime() > end.getTime()) old.expiresAt = end;
    await em.flush();
    this.cache.delete(old.prefix);
    return successor;
  }
}
