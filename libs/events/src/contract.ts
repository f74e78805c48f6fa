// A zod contract per event type and version; producers and consumers import the same one.
import type { z } from 'zod';
import type { Domain } from './envelope';

export interface EventContract<S extends z.ZodType = z.ZodType> {
  /** sales.<domain>.<aggregate>.<event>.v<N> */
  readonly type: string;
  readonly domain: Domain;
  readonly version: number;
  readonly schema: S;
}

export type EventData<C extends EventContract> = z.output<C['schema']>;

const registry = new Map<string, EventContract>();

export function defineEvent<S extends z.ZodType>(domain: Domain, aggregateEvent: string, version: number, schema: S): EventContract<S> {
  if (!/^[a-z_]+\.[a-z_]+$/.test(aggregateEvent)) throw new Error(`event name must be aggregate.event, got ${aggregateEvent}`);
  const type = `sales.${domain}.${aggregateEvent}.v${version}`;
  if (registry.has(type)) throw new Error(`event ${type} defined twice`);
  const contract: EventContract<S> = Object.freeze({ type, domain, version, schema });
  registry.set(type, contract);
  return contract;
}

export function contractFor(type: string): EventContract | undefined {
  return registry.get(type);
}

export function allContracts(): EventContract[] {
  return [...registry.values()];
}
