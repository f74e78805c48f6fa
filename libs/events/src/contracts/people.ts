// Events of the people subgraph: the rep directory other subgraphs keep for row rules and reporting.
import { z } from 'zod';
import { defineEvent } from '../contract';
import { id, isoTime } from './shared';

export const RepLevel = z.enum(['JUNIOR', 'SENIOR', 'MANAGER', 'DIRECTOR']);

const repSnapshot = z.object({
  repId: id,
  name: z.string(),
  teamId: id.nullable(),
  regionCode: z.string(),
  managerId: id.nullable(),
  level: RepLevel,
  active: z.boolean().default(true),
  at: isoTime,
});

export const RepHiredV1 = defineEvent('people', 'rep.hired', 1, repSnapshot);
export const RepTransferredV1 = defineEvent('people', 'rep.transferred', 1, repSnapshot.extend({ fromTeamId: id.nullable(), fromRegionCode: z.string() }));
export const RepOffboardedV1 = defineEvent('people', 'rep.offboarded', 1, repSnapshot);
