// The kustomize overlays render with kubectl, with EVERY kubectl available (kubectl 1.20's
// kustomize v2.0.3 and a current kustomize v5 must agree), and every rendered object is valid
// against the Kubernetes API schema of its kind (test/ops/lib/k8s-schema.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateObject, type K8sObject } from './lib/k8s-schema';
import { baseName, findKubectls, K8S, OVERLAYS, render } from './lib/render';

const kubectls = findKubectls();
const NO_KUBECTL = 'kubectl is not installed: skipping the render checks (apt-get install -y kubernetes-client; .ci/run installs it)';
if (!kubectls.length) process.stderr.write(`${NO_KUBECTL}\n`);

describe('kustomization files', () => {
  // Fields both kubectl 1.20 (kustomize v2.0.3) and kustomize v5 read the same way. `bases` is
  // needed because v2.0.3 takes only files in `resources` (v5 reads `bases` with a warning).
  const ALLOWED = new Set(['apiVersion', 'kind', 'resources', 'bases', 'patchesStrategicMerge', 'images', 'configMapGenerator', 'secretGenerator', 'namespace', 'commonLabels']);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f === 'kustomization.yaml') files.push(p);
    }
  };
  walk(K8S);

  it('there is a base and a dev and a prod overlay', () => {
    expect(files.map((f) => relative(K8S, f)).sort()).toEqual(['base/kustomization.yaml', 'overlays/dev/kustomization.yaml', 'overlays/prod/kustomization.yaml']);
    expect(OVERLAYS).toEqual(['dev', 'prod']);
  });

  it.each(files.map((f) => [relative(K8S, f), f]))('%s uses only fields kustomize v2.0.3 and v5 both understand', (_rel, file) => {
    const k = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(k).filter((key) => !ALLOWED.has(key))).toEqual([]);
    // v2.0.3: `resources` are files, directories go in `bases`.
    for (const r of (k.resources as string[] | undefined) ?? []) expect(statSync(join(file, '..', r)).isFile(), `${r} in resources must be a file`).toBe(true);
    for (const b of (k.bases as string[] | undefined) ?? []) expect(statSync(join(file, '..', b)).isDirectory(), `${b} in bases must be a directory`).toBe(true);
    // Generators: only `literals` and `files` (v2 spells env files `env`, v5 `envs`), no `options`.
    for (const g of [...((k.configMapGenerator as object[]) ?? []), ...((k.secretGenerator as object[]) ?? [])]) {
      expect(Object.keys(g).filter((key) => !['name', 'behavior', 'literals', 'files', 'type'].includes(key))).toEqual([]);
    }
    // images: name + newName/newTag/digest only.
    for (const img of (k.images as object[] | undefined) ?? []) expect(Object.keys(img).filter((key) => !['name', 'newName', 'newTag', 'digest'].includes(key))).toEqual([]);
  });
});

describe.skipIf(!kubectls.length)('rendered overlays', () => {
  for (const kubectl of kubectls) {
    for (const overlay of OVERLAYS) {
      it(`k8s/overlays/${overlay} renders with kubectl ${kubectl.version} (kustomize ${kubectl.kustomize})`, () => {
        const r = render(overlay, kubectl);
        expect(r.objects.length).toBeGreaterThan(40);
        const ids = r.objects.map((o) => `${o.kind}/${o.metadata?.name}`);
        expect(ids.filter((x, i) => ids.indexOf(x) !== i), 'duplicate objects').toEqual([]);
      });

      it(`k8s/overlays/${overlay} (kubectl ${kubectl.version}): every object is valid against the Kubernetes schema`, () => {
        const problems = render(overlay, kubectl).objects.flatMap((o) => validateObject(o));
        expect(problems).toEqual([]);
      });
    }
  }

  // The `kubernetes-models` package (generated from the Kubernetes OpenAPI schemas) is used when
  // it is installed; until then the structural validator above is the schema check.
  it('every object also passes kubernetes-models validation (when the package is installed)', async (ctx) => {
    const modules: Record<string, string> = {
      v1: 'kubernetes-models/v1',
      'apps/v1': 'kubernetes-models/apps/v1',
      'batch/v1': 'kubernetes-models/batch/v1',
      'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
      'policy/v1': 'kubernetes-models/policy/v1',
      'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
    };
    const loaded: Record<string, Record<string, new (o: unknown) => { validate(): void }>> = {};
    try {
      for (const [apiVersion, spec] of Object.entries(modules)) loaded[apiVersion] = await import(/* @vite-ignore */ spec);
    } catch {
      const why = 'kubernetes-models is not installed: the structural validator (test/ops/lib/k8s-schema.ts) is the schema check';
      process.stderr.write(`${why}\n`);
      ctx.skip(why);
    }
    const problems: string[] = [];
    for (const overlay of OVERLAYS) {
      for (const o of render(overlay, kubectls[0]!).objects) {
        const Model = loaded[o.apiVersion]?.[o.kind];
        if (!Model) {
          problems.push(`${overlay}: no kubernetes-models class for ${o.apiVersion} ${o.kind}`);
          continue;
        }
        // kustomize folds long base64 values over lines; the API server's decoder skips the
        // newlines, but the schema's "byte" format does not, so compare them unfolded.
        const data = (o as unknown as { data?: Record<string, string> }).data;
        const candidate = o.kind === 'Secret' && data ? { ...o, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.replace(/\s+/g, '')])) } : o;
        try {
          new Model(candidate).validate();
        } catch (e) {
          problems.push(`${overlay} ${o.kind}/${o.metadata.name}: ${(e as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every kubectl version renders the same objects (modulo generated-name hashes)', (ctx) => {
    if (kubectls.length < 2) {
      const why = `only one kubectl (${kubectls[0]!.version}); set SALESGRAPH_KUBECTLS to a second one (e.g. kubectl 1.20 from kubernetes-client) to compare kustomize v2 with v5`;
      process.stderr.write(`${why}\n`);
      ctx.skip(why);
    }
    const normal = (objects: K8sObject[]) => {
      const strip = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(strip);
        if (v && typeof v === 'object') {
          const out: Record<string, unknown> = {};
          for (const [k, x] of Object.entries(v)) {
            if (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0 && (k === 'labels' || k === 'annotations')) continue;
            // Env order differs between versions after a merge patch; it matters only for
            // $(VAR) references, which the manifests do not use (checked below).
            out[k] = k === 'env' && Array.isArray(x) ? strip([...x].sort((a, b) => String(a.name).localeCompare(String(b.name)))) : strip(x);
          }
          return out;
        }
        if (typeof v === 'string' && /-[a-z0-9]{10}$/.test(v)) return baseName(v);
        return v;
      };
      const decoded = objects.map((o) => (o.kind === 'Secret' ? { ...o, data: Object.fromEntries(Object.entries(o.data ?? {}).map(([k, x]) => [k, Buffer.from(String(x).replace(/\s/g, ''), 'base64').toString('utf8')])) } : o));
      return decoded.map(strip).sort((a, b) => JSON.stringify([(a as K8sObject).kind, (a as K8sObject).metadata.name]).localeCompare(JSON.stringify([(b as K8sObject).kind, (b as K8sObject).metadata.name])));
    };
    for (const overlay of OVERLAYS) {
      const [first, ...rest] = kubectls;
      const refs = JSON.stringify(render(overlay, first!).objects).match(/"value":"[^"]*\$\([A-Za-z_]+\)/g);
      expect(refs, 'env values with $(VAR) references depend on env order, which kustomize versions do not preserve').toBeNull();
      const expected = normal(render(overlay, first!).objects);
      for (const k of rest) expect(normal(render(overlay, k).objects), `${overlay}: kubectl ${k.version} vs ${first!.version}`).toEqual(expected);
    }
  });
});

describe('the schema validator itself', () => {
  const good = (): K8sObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x', namespace: 'ns', labels: { app: 'x' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' } },
        spec: { containers: [{ name: 'x', image: 'x:1', ports: [{ name: 'http', containerPort: 80 }], readinessProbe: { httpGet: { path: '/readyz', port: 'http' } }, resources: { limits: { cpu: '500m', memory: '1Gi' } } }] },
      },
    },
  });

  it('accepts a well-formed Deployment', () => {
    expect(validateObject(good())).toEqual([]);
  });

  it.each([
    ['an unknown field (typo)', (o: K8sObject) => (o.spec.template.spec.containers[0].readinesProbe = {}), /readinesProbe: unknown field/],
    ['a missing required field', (o: K8sObject) => delete o.spec.template.spec.containers[0].image, /image: required/],
    ['a wrong type', (o: K8sObject) => (o.spec.replicas = '2'), /replicas: expected integer/],
    ['a bad quantity', (o: K8sObject) => (o.spec.template.spec.containers[0].resources.limits.memory = '1 GB'), /not a Kubernetes quantity/],
    ['a bad enum value', (o: K8sObject) => (o.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes'), /is not one of/],
    ['a wrong apiVersion', (o: K8sObject) => (o.apiVersion = 'extensions/v1beta1'), /apiVersion/],
    ['a selector that misses the pods', (o: K8sObject) => (o.spec.selector.matchLabels.app = 'y'), /does not match the pod template/],
    ['a probe on an undeclared port', (o: K8sObject) => (o.spec.template.spec.containers[0].readinessProbe.httpGet.port = 'web'), /does not declare/],
    ['a probe with two handlers', (o: K8sObject) => (o.spec.template.spec.containers[0].readinessProbe.exec = { command: ['true'] }), /exactly one of/],
    ['a missing namespace', (o: K8sObject) => delete o.metadata.namespace, /namespace missing/],
    ['an invalid name', (o: K8sObject) => (o.metadata.name = 'Bad_Name'), /DNS-1123/],
  ])('rejects %s', (_what, mutate, message) => {
    const o = good();
    mutate(o);
    expect(validateObject(o).join('\n')).toMatch(message);
  });

  it('rejects a kind it does not know', () => {
    expect(validateObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } })[0]).toMatch(/not one this repository emits/);
  });
});
