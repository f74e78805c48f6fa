import { BigIntType, EntitySchema } from '@salesgraph/db';
import type { ContractStatus } from '../domain/contract-status';
import type { StoredContractItem, StoredDeliveryTerms, StoredPaymentTerms, StoredPenaltyTerms, StoredQualityTerms, TransitionRecord } from './records';

/** One version of a contract; an amendment is a new row with the same number and version + 1. */
export class Contract {
  id!: string;
  number!: string;
  version!: number;
  previousVersionId?: string | null;
  supersededById?: string | null;
  customerId!: string;
  title!: string;
  status!: ContractStatus;
  items!: StoredContractItem[];
  valueMinor!: bigint;
  paymentTerms!: StoredPaymentTerms;
  deliveryTerms!: StoredDeliveryTerms;
  qualityTerms?: StoredQualityTerms | null;
  penaltyTerms?: StoredPenaltyTerms | null;
  validFrom!: string;
  validTo!: string;
  signedBy?: string | null;
  signedAt?: Date | null;
  history!: TransitionRecord[];
  createdBy!: string;
  createdAt!: Date;
  updatedAt!: Date;
  /** The aggregate's version: the `sequence` of its events. */
  revision!: number;
}

export const ContractSchema = new EntitySchema<Contract>({
  class: Contract,
  tableName: 'contract',
  indexes: [
    { properties: ['customerId', 'id'], name: 'contract_customer_idx' },
    { properties: ['status', 'id'], name: 'contract_status_idx' },
  ],
  uniques: [{ properties: ['number', 'version'], name: 'contract_number_version_uq' }],
  properties: {
    id: { type: 'string', length: 36, primary: true },
    number: { type: 'string', length: 20 },
    version: { type: 'integer' },
    previousVersionId: { type: 'string', length: 36, nullable: true },
    supersededById: { type: 'string', length: 36, nullable: true },
    customerId: { type: 'string', length: 36 },
    title: { type: 'string', length: 200 },
    status: { type: 'string', length: 20 },
    items: { type: 'json' },
    valueMinor: { type: new BigIntType('bigint') },
    paymentTerms: { type: 'json' },
    deliveryTerms: { type: 'json' },
    qualityTerms: { type: 'json', nullable: true },
    penaltyTerms: { type: 'json', nullable: true },
    validFrom: { type: 'string', length: 10 },
    validTo: { type: 'string', length: 10 },
    signedBy: { type: 'string', length: 200, nullable: true },
    signedAt: { type: 'datetime', nullable: true },
    history: { type: 'json' },
    createdBy: { type: 'string', length: 200 },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    revision: { type: 'integer' },
  },
});
