import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter, RedisRateLimiter, rateLimitHeaders } from './rate-limit';

describe('token bucket', () => {
  it('allows a burst up to the limit, then refuses with a retry time, then refills', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 6; i++) expect((await limiter.take('k', 6)).allowed).toBe(true);
    const refused = await limiter.take('k', 6);
    expect(refused).toMatchObject({ allowed: false, limit: 6, remaining: 0 });
    expect(refused.retryAfterSeconds).toBe(10); // 6 per minute: one token every 10 s
    expect(rateLimitHeaders(refused)).toMatchObject({ 'retry-after': '10', 'x-ratelimit-limit': '6', 'x-ratelimit-remaining': '0' });
    now += 10_000;
    expect((await limiter.take('k', 6)).allowed).toBe(true);
    expect((await limiter.take('k', 6)).allowed).toBe(false);
    // Buckets are per key.
    expect((await limiter.take('other', 6)).allowed).toBe(true);
  });

  it('reports when the bucket is full again', async () => {
    const now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    const d = await limiter.take('k', 60);
    expect(d.remaining).toBe(59);
    expect(d.resetSeconds).toBe(1);
    expect(rateLimitHeaders(d)['retry-after']).toBeUndefined();
  });
});

describe('redis rate limiter', () => {
  it('keeps limiting per instance when Redis is unreachable', async () => {
    const limiter = new RedisRateLimiter('redis://127.0.0.1:1', 'test');
    try {
      const started = Date.now();
      const first = await limiter.take('k', 2);
      expect(first.allowed).toBe(true);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect((await limiter.take('k', 2)).allowed).toBe(true);
      expect((await limiter.take('k', 2)).allowed).toBe(false);
    } finally {
      await limiter.close();
    }
  });
});
