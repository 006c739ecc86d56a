import { z } from 'zod';

/** An id in a URL path: a positive integer that fits a JS number (bigint ids stay under 2^53). */
export const pathIdSchema = (label: string) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, `${label} id must be a positive integer`)
    .transform(Number)
    .refine(Number.isSafeInteger, `${label} id is out of range`);
