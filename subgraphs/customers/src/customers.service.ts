// Use cases of the customers subgraph: each change and its event commit in one transaction.
import type { EntityManager } from '@salesgraph/db';
import { CustomerCreatedV1, recordEvent } from '@salesgraph/events';
import { money, uuidv7, type Clock } from '@salesgraph/kernel';
import { generateCustomerCode, validateCreateCustomer, type CreateCustomerInput } from './domain/customer';
import { Customer } from './infra/customer.entity';

export interface CustomersDeps {
  currency: string;
  clock: Clock;
  source: string;
}

export async function createCustomer(em: EntityManager, deps: CustomersDeps, input: CreateCustomerInput): Promise<Customer> {
  const cmd = validateCreateCustomer(input, deps.currency);
  for (let attempt = 0; ; attempt++) {
    try {
      return await em.transactional(async (tx) => {
        const now = deps.clock.now();
        const customer = tx.create(Customer, {
          id: uuidv7(),
          code: generateCustomerCode(),
          name: cmd.name,
          kind: cmd.kind,
          regionCode: cmd.regionCode,
          ownerRepId: cmd.ownerRepId,
          creditLimitMinor: cmd.creditLimitMinor,
          createdAt: now,
          updatedAt: now,
          version: 1,
        });
        recordEvent(tx, deps.source, CustomerCreatedV1, {
          aggregateId: customer.id,
          sequence: customer.version,
          time: now,
          data: {
            customerId: customer.id,
            code: customer.code,
            name: customer.name,
            kind: customer.kind,
            regionCode: customer.regionCode,
            ownerRepId: customer.ownerRepId,
            creditLimit: cmd.creditLimitMinor === null ? null : money(cmd.creditLimitMinor, deps.currency),
            createdAt: now.toISOString(),
          },
        });
        return customer;
      });
    } catch (e) {
      // A generated code collided with an existing one (1 in 32^8): draw again.
      if (attempt < 3 && (e as { name?: string }).name === 'UniqueConstraintViolationException') continue;
      throw e;
    }
  }
}
