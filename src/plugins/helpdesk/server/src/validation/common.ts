import { z } from 'zod';

export const publicId = (what: string) =>
  z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$/, `must be a ${what} id (a 26-character ULID)`)
    .transform((s) => s.toUpperCase());
