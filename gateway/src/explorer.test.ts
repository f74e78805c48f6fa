import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { EXPLORER_BASE, explorerHtml, serveExplorerAsset } from './explorer';

/** A ServerResponse stand-in that records the status and the bytes written. */
function response(): { res: ServerResponse; done: Promise<{ status: number; body: string }> } {
  const sink = new PassThrough();
  let status = 0;
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const res = Object.assign(sink, {
    writeHead(code: number) {
      status = code;
      return res;
    },
  }) as unknown as ServerResponse;
  const done = new Promise<{ status: number; body: string }>((resolve) => sink.on('finish', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') })));
  return { res, done };
}

describe('explorer (altair-static, loaded on first use)', () => {
  it('renders the page against /graphql and serves its assets, nothing outside them', async () => {
    const html = explorerHtml();
    expect(html).toMatch(/<html/i);
    expect(html).toContain(EXPLORER_BASE);
    const asset = response();
    serveExplorerAsset(`${EXPLORER_BASE}index.html`, asset.res);
    expect((await asset.done).status).toBe(200);
    const escape = response();
    serveExplorerAsset(`${EXPLORER_BASE}../../package.json`, escape.res);
    expect((await escape.done).status).toBe(404);
  });
});
