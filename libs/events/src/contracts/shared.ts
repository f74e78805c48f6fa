import { z } from 'zod';

export const moneySchema = z.object({
  amount: z.string().regex(/^-?(0|[1-9]\d*)(\.\d+)?$/, 'decimal string'),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
export const isoTime = z.string().datetime({ offset: true });
export const id = z.string().min(1);
