// Per-request batching of entity lookups: one SQL query per entity type per request.
import DataLoader from 'dataloader';
import type { EntityManager, EntityName } from '@mikro-orm/core';

export function entityLoader<T extends object, K extends string = string>(
  em: EntityManager,
  entity: EntityName<T>,
  key: keyof T & string,
): DataLoader<K, T | null> {
  return new DataLoader<K, T | null>(
    async (keys) => {
      const rows = await em.find(entity, { [key]: { $in: [...keys] } } as never);
      const byKey = new Map(rows.map((r) => [String((r as Record<string, unknown>)[key]), r]));
      return keys.map((k) => byKey.get(k) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}
