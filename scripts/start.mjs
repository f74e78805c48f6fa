// `npm start`: install what is missing, build, run the whole platform (see platform/src/main.ts).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureBuilt, ensureInstalled, ensureNode } from './ensure.mjs';

ensureNode();
ensureInstalled();
ensureBuilt();
await import(pathToFileURL(join(ROOT, 'platform', 'dist', 'main.js')).href);
