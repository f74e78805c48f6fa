// A structural validator for the Kubernetes kinds Salesgraph's manifests emit, written from the
// Kubernetes API reference (v1.30) because the `kubernetes-models` package is not installed.
// Each object type lists its fields; unknown fields (typos), missing required fields, wrong
// types and invalid enum values are errors. Only the fields these manifests may use are
// modelled; a new field fails loudly until it is added here.

export type Spec =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'intOrString'
  | 'quantity'
  | 'any'
  | { enum: readonly string[] }
  | { list: Spec; minItems?: number }
  | { map: Spec }
  | ObjSpec;

export interface ObjSpec {
  fields: Record<string, Spec>;
  required?: readonly string[];
  /** At most one of these may be set (e.g. a probe handler). */
  oneOf?: readonly string[];
  /** Exactly one of these must be set. */
  exactlyOne?: readonly string[];
}

const obj = (fields: Record<string, Spec>, extra: Omit<ObjSpec, 'fields'> = {}): ObjSpec => ({ fields, ...extra });
const list = (spec: Spec, minItems?: number): Spec => ({ list: spec, minItems });
const map = (spec: Spec): Spec => ({ map: spec });
const oneOfEnum = (...values: string[]): Spec => ({ enum: values });
const stringMap = map('string');

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e\d+|E\d+)?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IANA_SVC_NAME = /^(?=.{1,15}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const objectMeta = obj(
  {
    name: 'string',
    namespace: 'string',
    labels: stringMap,
    annotations: stringMap,
  },
  {},
);

const labelSelectorRequirement = obj({ key: 'string', operator: oneOfEnum('In', 'NotIn', 'Exists', 'DoesNotExist'), values: list('string') }, { required: ['key', 'operator'] });
const labelSelector = obj({ matchLabels: stringMap, matchExpressions: list(labelSelectorRequirement) });

const keyRef = obj({ name: 'string', key: 'string', optional: 'boolean' }, { required: ['key'] });
const envVar = obj(
  {
    name: 'string',
    value: 'string',
    valueFrom: obj(
      {
        configMapKeyRef: keyRef,
        secretKeyRef: keyRef,
        fieldRef: obj({ apiVersion: 'string', fieldPath: 'string' }, { required: ['fieldPath'] }),
        resourceFieldRef: obj({ containerName: 'string', resource: 'string', divisor: 'quantity' }, { required: ['resource'] }),
      },
      { exactlyOne: ['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef'] },
    ),
  },
  { required: ['name'], oneOf: ['value', 'valueFrom'] },
);
const envFromSource = obj(
  { prefix: 'string', configMapRef: obj({ name: 'string', optional: 'boolean' }), secretRef: obj({ name: 'string', optional: 'boolean' }) },
  { exactlyOne: ['configMapRef', 'secretRef'] },
);
const execAction = obj({ command: list('string', 1) }, { required: ['command'] });
const httpGetAction = obj(
  {
    path: 'string',
    port: 'intOrString',
    host: 'string',
    scheme: oneOfEnum('HTTP', 'HTTPS'),
    httpHeaders: list(obj({ name: 'string', value: 'string' }, { required: ['name', 'value'] })),
  },
  { required: ['port'] },
);
const tcpSocketAction = obj({ port: 'intOrString', host: 'string' }, { required: ['port'] });
const probe = obj(
  {
    exec: execAction,
    httpGet: httpGetAction,
    tcpSocket: tcpSocketAction,
    grpc: obj({ port: 'integer', service: 'string' }, { required: ['port'] }),
    initialDelaySeconds: 'integer',
    timeoutSeconds: 'integer',
    periodSeconds: 'integer',
    successThreshold: 'integer',
    failureThreshold: 'integer',
    terminationGracePeriodSeconds: 'integer',
  },
  { exactlyOne: ['exec', 'httpGet', 'tcpSocket', 'grpc'] },
);
const lifecycleHandler = obj({ exec: execAction, httpGet: httpGetAction, tcpSocket: tcpSocketAction, sleep: obj({ seconds: 'integer' }, { required: ['seconds'] }) }, { exactlyOne: ['exec', 'httpGet', 'tcpSocket', 'sleep'] });
const resourceList = map('quantity');
const seccompProfile = obj({ type: oneOfEnum('RuntimeDefault', 'Localhost', 'Unconfined'), localhostProfile: 'string' }, { required: ['type'] });
const containerSecurityContext = obj({
  runAsNonRoot: 'boolean',
  runAsUser: 'integer',
  runAsGroup: 'integer',
  allowPrivilegeEscalation: 'boolean',
  readOnlyRootFilesystem: 'boolean',
  privileged: 'boolean',
  capabilities: obj({ add: list('string'), drop: list('string') }),
  seccompProfile,
  procMount: 'string',
});
const podSecurityContext = obj({
  runAsNonRoot: 'boolean',
  runAsUser: 'integer',
  runAsGroup: 'integer',
  fsGroup: 'integer',
  fsGroupChangePolicy: oneOfEnum('OnRootMismatch', 'Always'),
  supplementalGroups: list('integer'),
  seccompProfile,
  sysctls: list(obj({ name: 'string', value: 'string' }, { required: ['name', 'value'] })),
});
const containerPort = obj(
  { name: 'string', containerPort: 'integer', protocol: oneOfEnum('TCP', 'UDP', 'SCTP'), hostPort: 'integer', hostIP: 'string' },
  { required: ['containerPort'] },
);
const volumeMount = obj({ name: 'string', mountPath: 'string', readOnly: 'boolean', subPath: 'string' }, { required: ['name', 'mountPath'] });
const container = obj(
  {
    name: 'string',
    image: 'string',
    imagePullPolicy: oneOfEnum('Always', 'IfNotPresent', 'Never'),
    command: list('string'),
    args: list('string'),
    workingDir: 'string',
    ports: list(containerPort),
    env: list(envVar),
    envFrom: list(envFromSource),
    resources: obj({ requests: resourceList, limits: resourceList }),
    startupProbe: probe,
    readinessProbe: probe,
    livenessProbe: probe,
    lifecycle: obj({ preStop: lifecycleHandler, postStart: lifecycleHandler }),
    securityContext: containerSecurityContext,
    volumeMounts: list(volumeMount),
    terminationMessagePolicy: oneOfEnum('File', 'FallbackToLogsOnError'),
  },
  { required: ['name', 'image'] },
);
const keyToPath = obj({ key: 'string', path: 'string', mode: 'integer' }, { required: ['key', 'path'] });
const volume = obj(
  {
    name: 'string',
    emptyDir: obj({ medium: oneOfEnum('', 'Memory'), sizeLimit: 'quantity' }),
    configMap: obj({ name: 'string', items: list(keyToPath), defaultMode: 'integer', optional: 'boolean' }),
    secret: obj({ secretName: 'string', items: list(keyToPath), defaultMode: 'integer', optional: 'boolean' }),
    persistentVolumeClaim: obj({ claimName: 'string', readOnly: 'boolean' }, { required: ['claimName'] }),
  },
  { required: ['name'], exactlyOne: ['emptyDir', 'configMap', 'secret', 'persistentVolumeClaim'] },
);
const topologySpreadConstraint = obj(
  { maxSkew: 'integer', topologyKey: 'string', whenUnsatisfiable: oneOfEnum('DoNotSchedule', 'ScheduleAnyway'), labelSelector, minDomains: 'integer' },
  { required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'] },
);
const podSpec = obj(
  {
    containers: list(container, 1),
    initContainers: list(container),
    volumes: list(volume),
    restartPolicy: oneOfEnum('Always', 'OnFailure', 'Never'),
    serviceAccountName: 'string',
    automountServiceAccountToken: 'boolean',
    terminationGracePeriodSeconds: 'integer',
    securityContext: podSecurityContext,
    topologySpreadConstraints: list(topologySpreadConstraint),
    nodeSelector: stringMap,
    tolerations: list('any'),
    affinity: 'any',
    priorityClassName: 'string',
    enableServiceLinks: 'boolean',
    imagePullSecrets: list(obj({ name: 'string' })),
  },
  { required: ['containers'] },
);
const podTemplateSpec = obj({ metadata: objectMeta, spec: podSpec }, { required: ['spec'] });
const pvcSpec = obj(
  {
    accessModes: list(oneOfEnum('ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'), 1),
    storageClassName: 'string',
    resources: obj({ requests: resourceList, limits: resourceList }, { required: ['requests'] }),
    volumeMode: oneOfEnum('Filesystem', 'Block'),
  },
  { required: ['accessModes', 'resources'] },
);

const deploymentSpec = obj(
  {
    replicas: 'integer',
    revisionHistoryLimit: 'integer',
    minReadySeconds: 'integer',
    progressDeadlineSeconds: 'integer',
    selector: labelSelector,
    template: podTemplateSpec,
    strategy: obj({
      type: oneOfEnum('RollingUpdate', 'Recreate'),
      rollingUpdate: obj({ maxSurge: 'intOrString', maxUnavailable: 'intOrString' }),
    }),
  },
  { required: ['selector', 'template'] },
);
const statefulSetSpec = obj(
  {
    replicas: 'integer',
    serviceName: 'string',
    selector: labelSelector,
    template: podTemplateSpec,
    podManagementPolicy: oneOfEnum('OrderedReady', 'Parallel'),
    updateStrategy: obj({ type: oneOfEnum('RollingUpdate', 'OnDelete'), rollingUpdate: obj({ partition: 'integer', maxUnavailable: 'intOrString' }) }),
    volumeClaimTemplates: list(obj({ metadata: objectMeta, spec: pvcSpec }, { required: ['metadata', 'spec'] })),
    revisionHistoryLimit: 'integer',
    minReadySeconds: 'integer',
    persistentVolumeClaimRetentionPolicy: obj({ whenDeleted: oneOfEnum('Retain', 'Delete'), whenScaled: oneOfEnum('Retain', 'Delete') }),
  },
  { required: ['selector', 'template', 'serviceName'] },
);
const jobSpec = obj(
  {
    backoffLimit: 'integer',
    activeDeadlineSeconds: 'integer',
    ttlSecondsAfterFinished: 'integer',
    completions: 'integer',
    parallelism: 'integer',
    template: podTemplateSpec,
  },
  { required: ['template'] },
);
const servicePort = obj(
  { name: 'string', port: 'integer', targetPort: 'intOrString', protocol: oneOfEnum('TCP', 'UDP', 'SCTP'), appProtocol: 'string', nodePort: 'integer' },
  { required: ['port'] },
);
const serviceSpec = obj({
  type: oneOfEnum('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
  clusterIP: 'string',
  selector: stringMap,
  ports: list(servicePort, 1),
  publishNotReadyAddresses: 'boolean',
  sessionAffinity: oneOfEnum('None', 'ClientIP'),
});
const metricTarget = obj(
  { type: oneOfEnum('Utilization', 'Value', 'AverageValue'), averageUtilization: 'integer', averageValue: 'quantity', value: 'quantity' },
  { required: ['type'] },
);
const hpaScalingRules = obj({
  stabilizationWindowSeconds: 'integer',
  selectPolicy: oneOfEnum('Max', 'Min', 'Disabled'),
  policies: list(obj({ type: oneOfEnum('Pods', 'Percent'), value: 'integer', periodSeconds: 'integer' }, { required: ['type', 'value', 'periodSeconds'] })),
});
const hpaSpec = obj(
  {
    scaleTargetRef: obj({ apiVersion: 'string', kind: 'string', name: 'string' }, { required: ['kind', 'name'] }),
    minReplicas: 'integer',
    maxReplicas: 'integer',
    metrics: list(
      obj(
        {
          type: oneOfEnum('Resource', 'Pods', 'Object', 'External', 'ContainerResource'),
          resource: obj({ name: 'string', target: metricTarget }, { required: ['name', 'target'] }),
          pods: 'any',
          object: 'any',
          external: 'any',
          containerResource: 'any',
        },
        { required: ['type'] },
      ),
    ),
    behavior: obj({ scaleUp: hpaScalingRules, scaleDown: hpaScalingRules }),
  },
  { required: ['scaleTargetRef', 'maxReplicas'] },
);
const pdbSpec = obj({ minAvailable: 'intOrString', maxUnavailable: 'intOrString', selector: labelSelector, unhealthyPodEvictionPolicy: oneOfEnum('IfHealthyBudget', 'AlwaysAllow') }, { oneOf: ['minAvailable', 'maxUnavailable'] });
const netPolPort = obj({ protocol: oneOfEnum('TCP', 'UDP', 'SCTP'), port: 'intOrString', endPort: 'integer' });
const netPolPeer = obj(
  { podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock: obj({ cidr: 'string', except: list('string') }, { required: ['cidr'] }) },
  {},
);
const netPolSpec = obj(
  {
    podSelector: labelSelector,
    policyTypes: list(oneOfEnum('Ingress', 'Egress')),
    ingress: list(obj({ from: list(netPolPeer), ports: list(netPolPort) })),
    egress: list(obj({ to: list(netPolPeer), ports: list(netPolPort) })),
  },
  { required: ['podSelector'] },
);

interface KindSpec {
  apiVersion: string;
  namespaced: boolean;
  top: Record<string, Spec>;
  required: string[];
}

export const KINDS: Record<string, KindSpec> = {
  Namespace: { apiVersion: 'v1', namespaced: false, top: { spec: obj({ finalizers: list('string') }) }, required: [] },
  ServiceAccount: { apiVersion: 'v1', namespaced: true, top: { automountServiceAccountToken: 'boolean', imagePullSecrets: list(obj({ name: 'string' })) }, required: [] },
  ConfigMap: { apiVersion: 'v1', namespaced: true, top: { data: stringMap, binaryData: stringMap, immutable: 'boolean' }, required: [] },
  Secret: { apiVersion: 'v1', namespaced: true, top: { data: stringMap, stringData: stringMap, type: 'string', immutable: 'boolean' }, required: [] },
  Service: { apiVersion: 'v1', namespaced: true, top: { spec: serviceSpec }, required: ['spec'] },
  Deployment: { apiVersion: 'apps/v1', namespaced: true, top: { spec: deploymentSpec }, required: ['spec'] },
  StatefulSet: { apiVersion: 'apps/v1', namespaced: true, top: { spec: statefulSetSpec }, required: ['spec'] },
  Job: { apiVersion: 'batch/v1', namespaced: true, top: { spec: jobSpec }, required: ['spec'] },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', namespaced: true, top: { spec: hpaSpec }, required: ['spec'] },
  PodDisruptionBudget: { apiVersion: 'policy/v1', namespaced: true, top: { spec: pdbSpec }, required: ['spec'] },
  NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', namespaced: true, top: { spec: netPolSpec }, required: ['spec'] },
};

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [k: string]: any;
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function check(value: unknown, spec: Spec, path: string, errors: string[]): void {
  if (value === undefined) return;
  if (value === null) {
    errors.push(`${path}: null is not allowed here`);
    return;
  }
  if (spec === 'any') return;
  if (spec === 'string') {
    if (typeof value !== 'string') errors.push(`${path}: expected string, got ${typeOf(value)}`);
    return;
  }
  if (spec === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) errors.push(`${path}: expected integer, got ${typeOf(value)} ${JSON.stringify(value)}`);
    return;
  }
  if (spec === 'boolean') {
    if (typeof value !== 'boolean') errors.push(`${path}: expected boolean, got ${typeOf(value)} ${JSON.stringify(value)}`);
    return;
  }
  if (spec === 'intOrString') {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) errors.push(`${path}: expected integer or string, got ${typeOf(value)}`);
    return;
  }
  if (spec === 'quantity') {
    const s = typeof value === 'number' ? String(value) : value;
    if (typeof s !== 'string' || !QUANTITY.test(s)) errors.push(`${path}: not a Kubernetes quantity: ${JSON.stringify(value)}`);
    return;
  }
  if ('enum' in spec) {
    if (typeof value !== 'string' || !spec.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${spec.enum.join(', ')}`);
    return;
  }
  if ('list' in spec) {
    if (!Array.isArray(value)) {
      errors.push(`${path}: expected a list, got ${typeOf(value)}`);
      return;
    }
    if (spec.minItems && value.length < spec.minItems) errors.push(`${path}: needs at least ${spec.minItems} item(s)`);
    value.forEach((v, i) => check(v, spec.list, `${path}[${i}]`, errors));
    return;
  }
  if ('map' in spec) {
    if (typeOf(value) !== 'object') {
      errors.push(`${path}: expected a map, got ${typeOf(value)}`);
      return;
    }
    for (const [k, v] of Object.entries(value as object)) check(v, spec.map, `${path}.${k}`, errors);
    return;
  }
  if (typeOf(value) !== 'object') {
    errors.push(`${path}: expected an object, got ${typeOf(value)}`);
    return;
  }
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!(k in spec.fields)) errors.push(`${path}.${k}: unknown field`);
  for (const k of spec.required ?? []) if (o[k] === undefined) errors.push(`${path}.${k}: required`);
  if (spec.oneOf) {
    const set = spec.oneOf.filter((k) => o[k] !== undefined);
    if (set.length > 1) errors.push(`${path}: only one of ${spec.oneOf.join(', ')} may be set (got ${set.join(', ')})`);
  }
  if (spec.exactlyOne) {
    const set = spec.exactlyOne.filter((k) => o[k] !== undefined);
    if (set.length !== 1) errors.push(`${path}: exactly one of ${spec.exactlyOne.join(', ')} must be set (got ${set.length ? set.join(', ') : 'none'})`);
  }
  for (const [k, s] of Object.entries(spec.fields)) check(o[k], s, `${path}.${k}`, errors);
}

/** Extra semantic rules the API server enforces (names, labels, selectors, uniqueness). */
function semantic(o: K8sObject, errors: string[]): void {
  const where = `${o.kind}/${o.metadata?.name}`;
  const name = o.metadata?.name;
  if (typeof name === 'string') {
    const re = o.kind === 'Service' || o.kind === 'Namespace' ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
    if (!re.test(name) || name.length > (re === DNS1123_LABEL ? 63 : 253)) errors.push(`${where}: metadata.name ${JSON.stringify(name)} is not a valid DNS-1123 name`);
  }
  for (const labels of [o.metadata?.labels, o.spec?.template?.metadata?.labels]) {
    for (const [k, v] of Object.entries((labels ?? {}) as Record<string, unknown>)) {
      if (!LABEL_KEY.test(k)) errors.push(`${where}: invalid label key ${k}`);
      if (typeof v !== 'string' || !LABEL_VALUE.test(v)) errors.push(`${where}: invalid label value ${k}=${JSON.stringify(v)}`);
    }
  }
  if (o.kind === 'ConfigMap' || o.kind === 'Secret') {
    for (const k of Object.keys({ ...(o.data ?? {}), ...(o.stringData ?? {}) })) if (!/^[-._a-zA-Z0-9]+$/.test(k)) errors.push(`${where}: invalid data key ${k}`);
    if (o.kind === 'Secret') for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) if (typeof v === 'string' && !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(v)) errors.push(`${where}: data.${k} is not base64`);
  }
  // Workloads: the selector must match the template's labels; names unique per pod.
  const spec = o.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (spec?.template && (o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
    const sel = spec.selector?.matchLabels ?? {};
    if (!Object.keys(sel).length && !spec.selector?.matchExpressions?.length) errors.push(`${where}: spec.selector is empty`);
    const labels = spec.template.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(sel)) if (labels[k] !== v) errors.push(`${where}: selector ${k}=${v} does not match the pod template labels`);
    if (o.kind === 'Deployment' && spec.template.spec?.restartPolicy && spec.template.spec.restartPolicy !== 'Always') errors.push(`${where}: Deployment pods must use restartPolicy Always`);
  }
  if (o.kind === 'Job' && !['Never', 'OnFailure'].includes(spec?.template?.spec?.restartPolicy)) errors.push(`${where}: a Job's restartPolicy must be Never or OnFailure`);
  const pod = spec?.template?.spec;
  if (pod) {
    const containers = [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
    const names = containers.map((c: { name: string }) => c.name);
    if (new Set(names).size !== names.length) errors.push(`${where}: duplicate container names`);
    const volumes = new Set((pod.volumes ?? []).map((v: { name: string }) => v.name));
    const claimTemplates = new Set((spec.volumeClaimTemplates ?? []).map((v: { metadata: { name: string } }) => v.metadata.name));
    if (volumes.size !== (pod.volumes ?? []).length) errors.push(`${where}: duplicate volume names`);
    for (const c of containers) {
      if (typeof c.name === 'string' && !DNS1123_LABEL.test(c.name)) errors.push(`${where}: container name ${c.name} is not a DNS-1123 label`);
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name) && !claimTemplates.has(m.name)) errors.push(`${where}: container ${c.name} mounts unknown volume ${m.name}`);
      const portNames = (c.ports ?? []).map((p: { name?: string }) => p.name).filter(Boolean);
      if (new Set(portNames).size !== portNames.length) errors.push(`${where}: container ${c.name} has duplicate port names`);
      for (const p of portNames) if (!IANA_SVC_NAME.test(p)) errors.push(`${where}: port name ${p} is not a valid IANA service name (max 15 chars)`);
      for (const p of c.ports ?? []) if (p.containerPort < 1 || p.containerPort > 65535) errors.push(`${where}: container port ${p.containerPort} out of range`);
      for (const e of c.env ?? []) if (typeof e.name === 'string' && !ENV_NAME.test(e.name)) errors.push(`${where}: invalid env var name ${e.name}`);
      for (const probeName of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        const pr = c[probeName];
        const port = pr?.httpGet?.port ?? pr?.tcpSocket?.port;
        if (typeof port === 'string' && !portNames.includes(port)) errors.push(`${where}: ${probeName} of ${c.name} uses port name ${port}, which the container does not declare`);
        if (probeName !== 'readinessProbe' && pr?.successThreshold !== undefined && pr.successThreshold !== 1) errors.push(`${where}: ${probeName}.successThreshold must be 1`);
      }
    }
  }
  if (o.kind === 'Service') {
    const ports = spec?.ports ?? [];
    if (ports.length > 1 && ports.some((p: { name?: string }) => !p.name)) errors.push(`${where}: every port of a multi-port Service needs a name`);
    const portNames = ports.map((p: { name?: string }) => p.name);
    if (new Set(portNames).size !== portNames.length) errors.push(`${where}: duplicate service port names`);
  }
  if (o.kind === 'HorizontalPodAutoscaler' && typeof spec?.minReplicas === 'number' && spec.minReplicas > spec.maxReplicas) errors.push(`${where}: minReplicas > maxReplicas`);
  if (o.kind === 'PodDisruptionBudget' && spec?.minAvailable === undefined && spec?.maxUnavailable === undefined) errors.push(`${where}: set minAvailable or maxUnavailable`);
}

/** Validates one object; returns the problems (empty when valid). */
export function validateObject(o: K8sObject): string[] {
  const errors: string[] = [];
  if (typeOf(o) !== 'object') return ['document is not an object'];
  const kind = KINDS[o.kind];
  const where = `${o.kind ?? '?'}/${o.metadata?.name ?? '?'}`;
  if (!kind) return [`${where}: kind ${o.kind} is not one this repository emits (add it to test/ops/lib/k8s-schema.ts)`];
  if (o.apiVersion !== kind.apiVersion) errors.push(`${where}: apiVersion ${o.apiVersion} (expected ${kind.apiVersion})`);
  if (typeOf(o.metadata) !== 'object') errors.push(`${where}: metadata required`);
  else {
    check(o.metadata, objectMeta, `${where}.metadata`, errors);
    if (!o.metadata.name) errors.push(`${where}: metadata.name required`);
    if (kind.namespaced && !o.metadata.namespace) errors.push(`${where}: metadata.namespace missing (the overlay must set a namespace)`);
    if (!kind.namespaced && o.metadata.namespace) errors.push(`${where}: cluster-scoped object must not have a namespace`);
  }
  const allowed = new Set(['apiVersion', 'kind', 'metadata', ...Object.keys(kind.top)]);
  for (const k of Object.keys(o)) if (!allowed.has(k)) errors.push(`${where}.${k}: unknown field`);
  for (const k of kind.required) if (o[k] === undefined) errors.push(`${where}.${k}: required`);
  for (const [k, s] of Object.entries(kind.top)) check(o[k], s, `${where}.${k}`, errors);
  if (!errors.length) semantic(o, errors);
  return errors;
}
