// The blind index of contact emails: one row per (customer, keyed hash of the normalised email),
// so an exact-match lookup by email works while the emails themselves are stored encrypted.
import { EntitySchema } from '@salesgraph/db';

export class ContactEmailIndex {
  customerId!: string;
  emailHash!: string;
}

export const ContactEmailIndexSchema = new EntitySchema<ContactEmailIndex>({
  class: ContactEmailIndex,
  tableName: 'contact_email_index',
  indexes: [{ properties: ['emailHash'], name: 'contact_email_index_hash_idx' }],
  properties: {
    customerId: { type: 'uuid', primary: true },
    emailHash: { type: 'string', length: 64, primary: true },
  },
});
