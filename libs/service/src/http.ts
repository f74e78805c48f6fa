import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, ServiceMetrics } from '@salesgraph/telemetry';

export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new PayloadTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new PayloadTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function graphqlErrorBody(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

export interface DrainOptions {
  /** Keep serving this long after readiness fails, so load balancers stop routing here first. */
  shutdownDelayMs: number;
  /** Then wait at most this long for in-flight requests before cutting connections. */
  graceMs: number;
}

/**
 * Kubernetes-style drain: the caller has already failed readiness; keep serving during the
 * delay, then stop accepting, close idle keep-alive connections, let in-flight requests
 * finish within the grace period, and cut whatever is left.
 */
export async function drainHttpServer(server: Server, options: DrainOptions): Promise<void> {
  if (options.shutdownDelayMs > 0) await new Promise((r) => setTimeout(r, options.shutdownDelayMs));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, options.graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export interface ServiceServerOptions {
  metrics: ServiceMetrics;
  logger: Logger;
  /** Readiness details; `ok` decides between 200 and 503. */
  readiness(): Promise<{ ok: boolean } & Record<string, unknown>>;
  /** True once shutdown has begun: answers then carry `Connection: close`. */
  draining(): boolean;
  handleGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Routes of this service only (the gateway's explorer); true when it answered. */
  extraRoutes?(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

/** The HTTP server every service shares: /graphql, /healthz, /readyz, /metrics. */
export function createServiceServer(options: ServiceServerOptions): Server {
  const { metrics, logger } = options;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (path === '/graphql') metrics.httpDuration.observe({ route: path, method: req.method ?? '', status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void options.readiness().then(({ ok, ...details }) => sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', ...details }));
      return;
    }
    if (path === '/metrics') {
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      });
      return;
    }
    if (options.extraRoutes?.(req, res, path)) return;
    if (path === '/graphql') {
      if (options.draining()) res.setHeader('connection', 'close');
      options.handleGraphQL(req, res).catch((err) => {
        logger.error({ err }, 'graphql request failed');
        if (!res.headersSent) sendJson(res, 500, graphqlErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
        else res.end();
      });
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Listens and returns the URL clients on this machine use. */
export async function listen(server: Server, port: number, host: string): Promise<{ port: number; url: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { port: actual, url: `http://${local}:${actual}/graphql` };
}
