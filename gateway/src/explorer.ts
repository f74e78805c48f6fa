// An offline GraphQL explorer (Altair, served from its npm package; no CDN). The page is
// static; every query it sends needs the key the user pastes into its headers.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

// altair-static is loaded on first use: most deployments never serve the explorer, and its
// module costs ~12 MB of resident memory.
function altair(): typeof import('altair-static') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('altair-static') as typeof import('altair-static');
}

export const EXPLORER_BASE = '/explorer/';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

let html: string | undefined;

export function explorerHtml(): string {
  html ??= altair().renderAltair({
    baseURL: EXPLORER_BASE,
    endpointURL: '/graphql',
    initialName: 'Salesgraph',
    initialHeaders: { Authorization: 'Bearer <paste your API key here>' },
    initialQuery: '{\n  customers(first: 10) {\n    totalCount\n    edges { node { id code name owner { id name } } }\n  }\n}\n',
    disableAccount: true,
  });
  return html;
}

export function wantsHtml(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}

export function serveExplorerAsset(path: string, res: ServerResponse): void {
  const root = altair().getDistDirectory();
  const file = normalize(join(root, path.slice(EXPLORER_BASE.length) || 'index.html'));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=86400' });
  createReadStream(file).pipe(res);
}
