import { z } from 'zod';
import { defineEvent } from '../contract';
import { id, isoTime, moneySchema } from './shared';

export const CustomerKind = z.enum(['COMPANY', 'PERSON']);

export const CustomerCreatedV1 = defineEvent(
  'customers',
  'customer.created',
  1,
  z.object({
    customerId: id,
    code: z.string(),
    name: z.string(),
    kind: CustomerKind,
    regionCode: z.string(),
    ownerRepId: id,
    creditLimit: moneySchema.nullable(),
    createdAt: isoTime,
  }),
);
