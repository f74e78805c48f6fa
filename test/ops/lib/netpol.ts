// A small NetworkPolicy evaluator (the semantics of networking.k8s.io/v1): is a connection from
// one endpoint to a pod on a port allowed? Both the source's egress and the destination's
// ingress must allow it; a pod selected by no policy of a direction is open in that direction.
import type { K8sObject } from './k8s-schema';

export interface Endpoint {
  /** Labels of the endpoint's namespace; undefined for an address outside the cluster. */
  namespaceLabels?: Record<string, string>;
  /** Pod labels; undefined for an address outside the cluster. */
  podLabels?: Record<string, string>;
  /** Container ports by name (to resolve named ports on the destination). */
  namedPorts?: Record<string, number>;
  /** Is this pod in the namespace the policies live in? */
  inPolicyNamespace: boolean;
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

export function matches(selector: Selector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in l;
    if (e.operator === 'In' && !(has && e.values?.includes(l[e.key]!))) return false;
    if (e.operator === 'NotIn' && has && e.values?.includes(l[e.key]!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string };
}

function peerMatches(peer: Peer, ep: Endpoint): boolean {
  if (peer.ipBlock) return ep.podLabels === undefined || peer.ipBlock.cidr === '0.0.0.0/0';
  if (ep.podLabels === undefined) return false;
  const nsOk = peer.namespaceSelector ? matches(peer.namespaceSelector, ep.namespaceLabels) : ep.inPolicyNamespace;
  const podOk = peer.podSelector ? matches(peer.podSelector, ep.podLabels) : true;
  return nsOk && podOk;
}

function portMatches(ports: { port?: number | string; protocol?: string; endPort?: number }[] | undefined, port: number, protocol: string, dest: Endpoint): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    const n = typeof p.port === 'number' ? p.port : dest.namedPorts?.[p.port];
    if (n === undefined) return false;
    return p.endPort ? port >= n && port <= p.endPort : port === n;
  });
}

const types = (p: K8sObject): string[] => p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);

export function selecting(policies: K8sObject[], ep: Endpoint, direction: 'Ingress' | 'Egress'): K8sObject[] {
  if (!ep.inPolicyNamespace || !ep.podLabels) return [];
  return policies.filter((p) => types(p).includes(direction) && matches(p.spec.podSelector, ep.podLabels));
}

/** Does the destination's ingress side admit the connection (whatever the source's egress says)? */
export function ingressAllows(policies: K8sObject[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  const ingress = selecting(policies, to, 'Ingress');
  return ingress.length === 0 || ingress.some((p) => (p.spec.ingress ?? []).some((rule: { from?: Peer[]; ports?: [] }) => (!rule.from || rule.from.some((peer) => peerMatches(peer, from))) && portMatches(rule.ports, port, protocol, to)));
}

/** Does the source's egress side allow the connection? */
export function egressAllows(policies: K8sObject[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  const egress = selecting(policies, from, 'Egress');
  return egress.length === 0 || egress.some((p) => (p.spec.egress ?? []).some((rule: { to?: Peer[]; ports?: [] }) => (!rule.to || rule.to.some((peer) => peerMatches(peer, to))) && portMatches(rule.ports, port, protocol, to)));
}

/** Is the connection allowed end to end (egress of the source and ingress of the destination)? */
export function allowed(policies: K8sObject[], from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
  return egressAllows(policies, from, to, port, protocol) && ingressAllows(policies, from, to, port, protocol);
}
