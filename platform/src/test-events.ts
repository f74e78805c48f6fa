// A test producer: publishes an event with the shared contracts onto the running platform's
// bus (the in-process bus, or NATS through any service's connection), as another domain would.
import { uuidv7 } from '@salesgraph/kernel';
import type { EventContract, EventData, EventEnvelope } from '@salesgraph/events';
import type { RunningPlatform } from './platform';

export interface TestEventInput<C extends EventContract> {
  aggregateId: string;
  sequence: number;
  data: EventData<C>;
  /** Defaults to a fresh UUIDv7; pass the same id twice to test redelivery. */
  id?: string;
  time?: Date;
}

export function testEnvelope<C extends EventContract>(contract: C, input: TestEventInput<C>): EventEnvelope<EventData<C>> {
  const parsed = contract.schema.parse(input.data) as EventData<C>;
  return {
    specversion: '1.0',
    id: input.id ?? uuidv7(),
    source: '/salesgraph/test-producer',
    type: contract.type,
    subject: input.aggregateId,
    time: (input.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: parsed,
    sequence: input.sequence,
  };
}

export async function publishTestEvent<C extends EventContract>(platform: RunningPlatform, contract: C, input: TestEventInput<C>): Promise<EventEnvelope<EventData<C>>> {
  const bus = platform.bus ?? Object.values(platform.subgraphs)[0]?.bus;
  if (!bus) throw new Error('no bus: start at least one subgraph');
  const envelope = testEnvelope(contract, input);
  await bus.publish(envelope);
  return envelope;
}
