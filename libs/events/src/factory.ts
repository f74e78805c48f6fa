import { type Domain } from './envelope';
import type { EventBus } from './bus';
import { InProcessBus } from './in-process-bus';
import { NatsBus } from './nats-bus';

export interface BusConfig {
  natsUrl?: string;
  namespace: string;
  /** Connection name, e.g. the service name. */
  name: string;
  /** Streams this service needs at start (its own and those it consumes). */
  domains?: readonly Domain[];
  /** Stream replicas when this service creates a stream (3 on a 3-node JetStream cluster). */
  replicas?: number;
  onError?: (error: unknown, context: string) => void;
}

/** NATS JetStream when a URL is configured; otherwise a fresh in-process bus. */
export async function createBus(config: BusConfig): Promise<EventBus> {
  if (!config.natsUrl) return new InProcessBus(config.namespace);
  const bus = await NatsBus.connect({ url: config.natsUrl, namespace: config.namespace, name: config.name, replicas: config.replicas, onError: config.onError });
  await bus.ensureStreams(config.domains);
  return bus;
}
