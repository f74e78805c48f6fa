// Token-bucket rate limits per principal: shared by every gateway instance through Redis
// when REDIS_URL is set, per process otherwise.
import Redis from 'ioredis';
import type { Logger } from '@salesgraph/telemetry';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one more request is allowed (when refused). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string, limitPerMinute: number): Promise<RateDecision>;
  close(): Promise<void>;
}

/** Pure bucket maths, shared by both stores. `tokens` may be fractional. */
export function refill(tokens: number, lastMs: number, nowMs: number, capacity: number): number {
  const rate = capacity / 60_000;
  return Math.min(capacity, tokens + Math.max(0, nowMs - lastMs) * rate);
}

export function decide(tokensAfterRefill: number, capacity: number): RateDecision & { tokens: number } {
  const rate = capacity / 60_000;
  const allowed = tokensAfterRefill >= 1;
  const tokens = allowed ? tokensAfterRefill - 1 : tokensAfterRefill;
  return {
    allowed,
    tokens,
    limit: capacity,
    remaining: Math.floor(tokens),
    resetSeconds: Math.ceil((capacity - tokens) / rate / 1000),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / rate / 1000)),
  };
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  async take(key: string, limitPerMinute: number): Promise<RateDecision> {
    const now = this.now();
    const b = this.buckets.get(key);
    const d = decide(b ? refill(b.tokens, b.at, now, limitPerMinute) : limitPerMinute, limitPerMinute);
    if (!b && this.buckets.size >= this.maxKeys) this.buckets.clear();
    this.buckets.set(key, { tokens: d.tokens, at: now });
    return d;
  }

  async close(): Promise<void> {}
}

// Atomic refill-and-take in Redis, on Redis's own clock so instances need not agree on time.
const TAKE = `
local cap = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = cap / 60000
local data = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(data[1])
local at = tonumber(data[2])
if tokens == nil then tokens = cap; at = now end
tokens = math.min(cap, tokens + math.max(0, now - at) * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate) + 1000)
return {allowed, tostring(tokens)}
`;

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly fallback = new MemoryRateLimiter();
  private warned = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger?: Logger,
  ) {
    // Bounded: a slow or absent Redis costs a request at most commandTimeout, then the per-instance fallback.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 500 });
    this.redis.on('error', (err) => {
      if (!this.warned) this.logger?.warn({ err }, 'rate limiter: redis unavailable; limiting per instance');
      this.warned = true;
    });
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE });
  }

  async take(key: string, limitPerMinute: number): Promise<RateDecision> {
    try {
      const [allowed, tokensText] = (await (this.redis as unknown as { takeToken(k: string, cap: number): Promise<[number, string]> }).takeToken(
        `${this.prefix}:ratelimit:${key}`,
        limitPerMinute,
      )) as [number, string];
      this.warned = false;
      const tokens = Number(tokensText);
      const rate = limitPerMinute / 60_000;
      return {
        allowed: allowed === 1,
        limit: limitPerMinute,
        remaining: Math.floor(tokens),
        resetSeconds: Math.ceil((limitPerMinute - tokens) / rate / 1000),
        retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / rate / 1000)),
      };
    } catch (err) {
      // Redis down must not take the API down: keep limiting, per instance.
      if (!this.warned) this.logger?.warn({ err }, 'rate limiter: redis call failed; limiting per instance');
      this.warned = true;
      return this.fallback.take(key, limitPerMinute);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  const h: Record<string, string> = {
    'x-ratelimit-limit': String(d.limit),
    'x-ratelimit-remaining': String(Math.max(0, d.remaining)),
    'x-ratelimit-reset': String(d.resetSeconds),
  };
  if (!d.allowed) h['retry-after'] = String(d.retryAfterSeconds);
  return h;
}
