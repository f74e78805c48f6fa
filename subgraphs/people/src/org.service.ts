// Organisation use cases: the region tree, teams, and reps with their transfer/offboard history.
import { recordEvent, RepHiredV1, RepOffboardedV1, RepTransferredV1 } from '@salesgraph/events';
import { NotFoundError, uuidv7, ValidationError, type Clock } from '@salesgraph/kernel';
import type { EntityManager } from '@salesgraph/db';
import { normaliseRegionCode, optionalId, parseInstant, REP_LEVELS, requireId, validateHire, validateName, type HireSalesRepInput, type RepLevel } from './domain/sales-rep';
import { regionSubtree } from './domain/region';
import type { OrgLookup } from './domain/target';
import { Duplicate, EmailTaken, RepOffboarded } from './errors';
import { Region, RepAssignment, SalesRep, Team } from './infra/sales-rep.entity';

export interface WriteDeps {
  clock: Clock;
  source: string;
}

export async function createRegion(em: EntityManager, deps: WriteDeps, args: { code: string; name: string; parentCode?: string | null }): Promise<Region> {
  const code = normaliseRegionCode(args.code, 'code');
  const name = validateName(args.name);
  const parentCode = args.parentCode == null ? null : normaliseRegionCode(args.parentCode, 'parentCode');
  if (parentCode === code) throw new ValidationError('parentCode', 'a region cannot be its own parent');
  return em.transactional(async (tx) => {
    if (await tx.findOne(Region, { code })) throw new Duplicate(`region ${code} already exists`, 'code');
    if (parentCode && !(await tx.findOne(Region, { code: parentCode }))) throw new NotFoundError('Region', parentCode, 'parentCode');
    return tx.create(Region, { code, name, parentCode, createdAt: deps.clock.now() });
  });
}

export async function createTeam(em: EntityManager, deps: WriteDeps, args: { name: string; regionCode: string; managerId?: string | null }): Promise<Team> {
  const name = validateName(args.name);
  const regionCode = normaliseRegionCode(args.regionCode);
  const managerId = optionalId(args.managerId, 'managerId');
  return em.transactional(async (tx) => {
    if (!(await tx.findOne(Region, { code: regionCode }))) throw new NotFoundError('Region', regionCode, 'regionCode');
    if (managerId) await activeRep(tx, managerId, 'managerId');
    if (await tx.count(Team, { regionCode, name })) throw new Duplicate(`team ${name} already exists in ${regionCode}`, 'name');
    return tx.create(Team, { id: uuidv7(), name, regionCode, managerId, createdAt: deps.clock.now() });
  });
}

async function activeRep(em: EntityManager, id: string, field: string): Promise<SalesRep> {
  const rep = await em.findOne(SalesRep, { id });
  if (!rep) throw new NotFoundError('SalesRep', id, field);
  if (!rep.active) throw new RepOffboarded(id, field);
  return rep;
}

function snapshot(rep: SalesRep, at: Date) {
  return {
    repId: rep.id,
    name: rep.name,
    teamId: rep.teamId ?? null,
    regionCode: rep.regionCode,
    managerId: rep.managerId ?? null,
    level: rep.level,
    active: rep.active,
    at: at.toISOString(),
  };
}

export async function hireSalesRep(em: EntityManager, deps: WriteDeps, input: HireSalesRepInput): Promise<SalesRep> {
  const cmd = validateHire(input);
  return em.transactional(async (tx) => {
    if (await tx.count(SalesRep, { email: cmd.email })) throw new EmailTaken(cmd.email);
    if (cmd.employeeNo && (await tx.count(SalesRep, { employeeNo: cmd.employeeNo }))) throw new Duplicate(`employee number ${cmd.employeeNo} is taken`, 'employeeNo');
    let managerId = cmd.managerId;
    if (cmd.teamId) {
      const team = await tx.findOne(Team, { id: cmd.teamId });
      if (!team) throw new NotFoundError('Team', cmd.teamId, 'teamId');
      if (team.regionCode !== cmd.regionCode) throw new ValidationError('regionCode', `team ${team.name} is in ${team.regionCode}, not ${cmd.regionCode}`);
      managerId ??= team.managerId ?? null;
    }
    if (cmd.managerId) await activeRep(tx, cmd.managerId, 'managerId');
    const now = deps.clock.now();
    const hiredAt = cmd.hiredAt ?? now;
    const rep = tx.create(SalesRep, {
      id: uuidv7(),
      name: cmd.name,
      email: cmd.email,
      regionCode: cmd.regionCode,
      level: cmd.level,
      employeeNo: cmd.employeeNo,
      teamId: cmd.teamId,
      managerId,
      hiredAt,
      active: true,
      version: 1,
    });
    tx.create(RepAssignment, { id: uuidv7(), repId: rep.id, change: 'HIRED', teamId: rep.teamId, regionCode: rep.regionCode, managerId, level: rep.level, validFrom: hiredAt, validTo: null, reason: null });
    recordEvent(tx, deps.source, RepHiredV1, { aggregateId: rep.id, sequence: rep.version, time: now, data: snapshot(rep, hiredAt) });
    return rep;
  });
}

export interface TransferSalesRepInput {
  repId: string;
  regionCode?: string | null;
  teamId?: string | null;
  managerId?: string | null;
  level?: string | null;
  at?: string | Date | null;
  reason?: string | null;
}

export async function transferSalesRep(em: EntityManager, deps: WriteDeps, input: TransferSalesRepInput): Promise<SalesRep> {
  const repId = requireId(input.repId, 'repId');
  const teamId = optionalId(input.teamId, 'teamId');
  const managerId = optionalId(input.managerId, 'managerId');
  const regionInput = input.regionCode == null ? null : normaliseRegionCode(input.regionCode);
  if (input.level != null && !REP_LEVELS.includes(input.level as RepLevel)) throw new ValidationError('level', `level must be one of ${REP_LEVELS.join(', ')}`);
  const at = input.at == null ? null : parseInstant(input.at, 'at');
  const reason = input.reason == null ? null : input.reason.trim().slice(0, 500);
  if (!teamId && !managerId && !regionInput && input.level == null) throw new ValidationError('input', 'a transfer changes the team, region, manager or level');
  if (managerId === repId) throw new ValidationError('managerId', 'a rep cannot manage themselves');
  return em.transactional(async (tx) => {
    const rep = await activeRep(tx, repId, 'repId');
    const from = { teamId: rep.teamId ?? null, regionCode: rep.regionCode };
    let regionCode = regionInput ?? rep.regionCode;
    let nextManager = managerId ?? rep.managerId ?? null;
    if (teamId) {
      const team = await tx.findOne(Team, { id: teamId });
      if (!team) throw new NotFoundError('Team', teamId, 'teamId');
      if (regionInput && regionInput !== team.regionCode) throw new ValidationError('regionCode', `team ${team.name} is in ${team.regionCode}, not ${regionInput}`);
      regionCode = team.regionCode;
      if (!managerId && team.managerId && team.managerId !== repId) nextManager = team.managerId;
    }
    if (managerId) await activeRep(tx, managerId, 'managerId');
    const now = deps.clock.now();
    const when = at ?? now;
    if (when.getTime() < rep.hiredAt.getTime()) throw new ValidationError('at', 'a transfer cannot precede the hire');
    const open = await tx.findOne(RepAssignment, { repId, validTo: null });
    if (open) open.validTo = when;
    rep.teamId = teamId ?? (regionInput && regionInput !== rep.regionCode ? null : (rep.teamId ?? null));
    rep.regionCode = regionCode;
    rep.managerId = nextManager;
    if (input.level != null) rep.level = input.level as RepLevel;
    rep.version += 1;
    tx.create(RepAssignment, { id: uuidv7(), repId, change: 'TRANSFERRED', teamId: rep.teamId, regionCode, managerId: nextManager, level: rep.level, validFrom: when, validTo: null, reason });
    recordEvent(tx, deps.source, RepTransferredV1, {
      aggregateId: rep.id,
      sequence: rep.version,
      time: now,
      data: { ...snapshot(rep, when), fromTeamId: from.teamId, fromRegionCode: from.regionCode },
    });
    return rep;
  });
}

export async function offboardSalesRep(em: EntityManager, deps: WriteDeps, args: { id: string; at?: string | Date | null; reason?: string | null }): Promise<SalesRep> {
  const repId = requireId(args.id, 'id');
  const at = args.at == null ? null : parseInstant(args.at, 'at');
  return em.transactional(async (tx) => {
    const rep = await activeRep(tx, repId, 'id');
    const now = deps.clock.now();
    const when = at ?? now;
    if (when.getTime() < rep.hiredAt.getTime()) throw new ValidationError('at', 'offboarding cannot precede the hire');
    const open = await tx.findOne(RepAssignment, { repId, validTo: null });
    if (open) open.validTo = when;
    rep.active = false;
    rep.offboardedAt = when;
    rep.version += 1;
    tx.create(RepAssignment, {
      id: uuidv7(),
      repId,
      change: 'OFFBOARDED',
      teamId: rep.teamId,
      regionCode: rep.regionCode,
      managerId: rep.managerId,
      level: rep.level,
      validFrom: when,
      validTo: null,
      reason: args.reason?.trim().slice(0, 500) ?? null,
    });
    recordEvent(tx, deps.source, RepOffboardedV1, { aggregateId: rep.id, sequence: rep.version, time: now, data: snapshot(rep, when) });
    return rep;
  });
}

/** The organisation as pure lookups (regions are few; reps and teams load on demand). */
export async function orgLookup(em: EntityManager, repIds: string[] = [], teamIds: string[] = []): Promise<OrgLookup & { regions: Region[] }> {
  const regions = await em.find(Region, {});
  const reps = repIds.length ? await em.find(SalesRep, { id: { $in: repIds } }) : [];
  const teams = teamIds.length ? await em.find(Team, { id: { $in: teamIds } }) : [];
  return {
    regions,
    regionSubtree: (code) => regionSubtree(regions, code),
    teamRegion: (id) => teams.find((t) => t.id === id)?.regionCode ?? null,
    repTeam: (id) => reps.find((r) => r.id === id)?.teamId ?? null,
    repRegion: (id) => reps.find((r) => r.id === id)?.regionCode ?? null,
  };
}

export { regionSubtree };
