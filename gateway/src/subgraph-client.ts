// HTTP to subgraphs on undici's Pool.request(): a keep-alive pool per subgraph origin and one
// deadline per fetch. No WHATWG fetch (Request objects, web streams, body cloning): on the
// gateway's hot path those cost more than the request itself. OpenTelemetry's undici
// instrumentation hooks undici's diagnostics channels, so these requests are still traced and
// carry the caller's traceparent.
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';

export interface SubgraphHttpResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** The body as received (UTF-8); parsed by each consumer, so one answer can be shared. */
  body: string;
}

export interface SubgraphHttpClientOptions {
  /** Deadline of one fetch, from sending the request to the last byte of the answer. */
  timeoutMs: number;
  /** Keep-alive connections per subgraph origin. */
  connections: number;
}

export class SubgraphTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'SubgraphTimeoutError';
  }
}

export class SubgraphHttpClient {
  private readonly pools = new Map<string, Pool>();
  private closed = false;

  constructor(private readonly options: SubgraphHttpClientOptions) {}

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      if (this.closed) throw new Error('subgraph client is closed');
      pool = new Pool(origin, { connections: this.options.connections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async post(url: URL, headers: Record<string, string>, body: string): Promise<SubgraphHttpResponse> {
    // A timer cleared on completion, not AbortSignal.timeout(): that one fires (and builds a
    // DOMException) for every fetch, long after the fetch has finished.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new SubgraphTimeoutError(this.options.timeoutMs)), this.options.timeoutMs);
    try {
      const res = await this.pool(url.origin).request({ path: url.pathname + url.search, method: 'POST', headers, body, signal: controller.signal });
      const text = await res.body.text();
      return { status: res.statusCode, statusText: STATUS_CODES[res.statusCode] ?? '', headers: res.headers, body: text };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}
