// Renders the kustomize overlays with every kubectl available: the one on PATH, plus any listed
// in SALESGRAPH_KUBECTLS (colon-separated paths), e.g. kubectl 1.20 (kustomize v2.0.3) next to
// a current one (kustomize v5), and .tools/kubernetes-client/usr/bin/kubectl when present (an
// ignored folder: `apt-get download kubernetes-client && dpkg -x kubernetes-client_*.deb
// .tools/kubernetes-client` puts kubectl 1.20 there without replacing the system kubectl).
// Results are cached per process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './k8s-schema';

export const ROOT = join(__dirname, '..', '..', '..');
export const K8S = join(ROOT, 'k8s');
export const OVERLAYS = readdirSync(join(K8S, 'overlays')).filter((d) => existsSync(join(K8S, 'overlays', d, 'kustomization.yaml'))).sort();

export interface Kubectl {
  path: string;
  version: string;
  kustomize: string;
}

function onPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function describe(path: string): Kubectl | undefined {
  const r = spawnSync(path, ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 && !/Client Version/.test(out)) return undefined;
  const version = /GitVersion:"v([\d.]+)/.exec(out)?.[1] ?? /Client Version: v([\d.]+)/.exec(out)?.[1] ?? 'unknown';
  const kustomize = /Kustomize Version: (v[\d.]+)/.exec(out)?.[1] ?? (version.startsWith('1.') && Number(version.split('.')[1]) < 21 ? 'v2.0.3 (built in)' : 'unknown');
  return { path, version, kustomize };
}

let kubectls: Kubectl[] | undefined;
/** Every distinct kubectl found, the PATH one first. */
export function findKubectls(): Kubectl[] {
  if (kubectls) return kubectls;
  const paths = [onPath('kubectl'), ...(process.env.SALESGRAPH_KUBECTLS ?? '').split(':').filter(Boolean), join(ROOT, '.tools', 'kubernetes-client', 'usr', 'bin', 'kubectl')].filter((p): p is string => Boolean(p && existsSync(p)));
  const seen = new Set<string>();
  kubectls = [];
  for (const p of paths) {
    const k = describe(p);
    if (k && !seen.has(k.version)) {
      seen.add(k.version);
      kubectls.push(k);
    }
  }
  return kubectls;
}

export interface Rendered {
  overlay: string;
  kubectl: Kubectl;
  objects: K8sObject[];
  stderr: string;
}

const cache = new Map<string, Rendered>();
export function render(overlay: string, kubectl: Kubectl): Rendered {
  const key = `${kubectl.path}|${overlay}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const r = spawnSync(kubectl.path, ['kustomize', join(K8S, 'overlays', overlay)], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`kubectl ${kubectl.version} kustomize k8s/overlays/${overlay} failed (exit ${r.status}):\n${r.stderr}${r.error ? String(r.error) : ''}`);
  const docs = parseAllDocuments(r.stdout);
  const objects: K8sObject[] = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(`kubectl ${kubectl.version}: rendered YAML does not parse: ${d.errors.map((e) => e.message).join('; ')}`);
    const o = d.toJS() as K8sObject | null;
    if (o) objects.push(o);
  }
  const rendered = { overlay, kubectl, objects, stderr: r.stderr };
  cache.set(key, rendered);
  return rendered;
}

export const podTemplate = (o: K8sObject) => (['Deployment', 'StatefulSet', 'Job'].includes(o.kind) ? o.spec.template : undefined);
export const workloads = (objects: K8sObject[]) => objects.filter((o) => podTemplate(o));
export const id = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
/** A generated ConfigMap/Secret name without kustomize's content-hash suffix. */
export const baseName = (name: string) => name.replace(/-[a-z0-9]{10}$/, '');
