import { EntitySchema } from '@salesgraph/db';
import type { RepLevel } from '../domain/sales-rep';

export class SalesRep {
  id!: string;
  name!: string;
  email!: string;
  regionCode!: string;
  level!: RepLevel;
  hiredAt!: Date;
  version!: number;
  employeeNo?: string | null;
  teamId?: string | null;
  managerId?: string | null;
  active: boolean = true;
  offboardedAt?: Date | null;
}

export const SalesRepSchema = new EntitySchema<SalesRep>({
  class: SalesRep,
  tableName: 'sales_rep',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 120 },
    email: { type: 'string', length: 254, unique: true },
    regionCode: { type: 'string', length: 20 },
    level: { type: 'string', length: 16 },
    hiredAt: { type: 'datetime' },
    version: { type: 'integer' },
    employeeNo: { type: 'string', length: 32, nullable: true, unique: 'sales_rep_employee_no_uq' },
    teamId: { type: 'uuid', nullable: true },
    managerId: { type: 'uuid', nullable: true },
    active: { type: 'boolean', default: true },
    offboardedAt: { type: 'datetime', nullable: true },
  },
  indexes: [
    { properties: ['teamId'], name: 'sales_rep_team_idx' },
    { properties: ['regionCode'], name: 'sales_rep_region_idx' },
  ],
});

/** One row per stretch of a rep's career: team, region, manager and level from `validFrom` to `validTo`. */
export class RepAssignment {
  id!: string;
  repId!: string;
  change!: 'HIRED' | 'TRANSFERRED' | 'OFFBOARDED';
  teamId?: string | null;
  regionCode!: string;
  managerId?: string | null;
  level!: RepLevel;
  validFrom!: Date;
  validTo?: Date | null;
  reason?: string | null;
}

export const RepAssignmentSchema = new EntitySchema<RepAssignment>({
  class: RepAssignment,
  tableName: 'rep_assignment',
  indexes: [{ properties: ['repId', 'validFrom'], name: 'rep_assignment_rep_idx' }],
  properties: {
    id: { type: 'uuid', primary: true },
    repId: { type: 'uuid' },
    change: { type: 'string', length: 16 },
    teamId: { type: 'uuid', nullable: true },
    regionCode: { type: 'string', length: 20 },
    managerId: { type: 'uuid', nullable: true },
    level: { type: 'string', length: 16 },
    validFrom: { type: 'datetime' },
    validTo: { type: 'datetime', nullable: true },
    reason: { type: 'string', length: 500, nullable: true },
  },
});

export class Region {
  code!: string;
  name!: string;
  parentCode?: string | null;
  createdAt!: Date;
}

export const RegionSchema = new EntitySchema<Region>({
  class: Region,
  tableName: 'region',
  properties: {
    code: { type: 'string', length: 20, primary: true },
    name: { type: 'string', length: 120 },
    parentCode: { type: 'string', length: 20, nullable: true },
    createdAt: { type: 'datetime' },
  },
});

export class Team {
  id!: string;
  name!: string;
  regionCode!: string;
  managerId?: string | null;
  createdAt!: Date;
}

export const TeamSchema = new EntitySchema<Team>({
  class: Team,
  tableName: 'team',
  uniques: [{ properties: ['regionCode', 'name'], name: 'team_region_name_uq' }],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 120 },
    regionCode: { type: 'string', length: 20 },
    managerId: { type: 'uuid', nullable: true },
    createdAt: { type: 'datetime' },
  },
});

/**
 * Read model of customer ownership, fed by the customers subgraph's events. Keyed by
 * customer, so a replayed or reassigned event updates a row instead of double counting.
 */
export class CustomerOwnership {
  customerId!: string;
  repId!: string;
  /** The customer aggregate's sequence last applied; older events are ignored. */
  sequence!: number;
  updatedAt!: Date;
  /** Facts of the creation, for NEW_CUSTOMERS actuals (null for rows written before they were kept). */
  createdRepId?: string | null;
  createdTeamId?: string | null;
  regionCode?: string | null;
  createdMonth?: string | null;
}

export const CustomerOwnershipSchema = new EntitySchema<CustomerOwnership>({
  class: CustomerOwnership,
  tableName: 'customer_ownership',
  indexes: [
    { properties: ['repId'], name: 'customer_ownership_rep_idx' },
    { properties: ['createdMonth'], name: 'customer_ownership_month_idx' },
  ],
  properties: {
    customerId: { type: 'uuid', primary: true },
    repId: { type: 'uuid' },
    sequence: { type: 'integer' },
    updatedAt: { type: 'datetime' },
    createdRepId: { type: 'uuid', nullable: true },
    createdTeamId: { type: 'uuid', nullable: true },
    regionCode: { type: 'string', length: 20, nullable: true },
    createdMonth: { type: 'string', length: 7, nullable: true },
  },
});
