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
  at: isoTime,
});

export const RepHiredV1 = defineEvent('people', 'rep.hired', 1, repSnapshot);
