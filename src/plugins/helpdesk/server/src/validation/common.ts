import { z } from 'zod';

/**
 * PostgreSQL refuses a NUL character in a text column and SQLite stores it, so a NUL is refused in every text
 * input, the same on both databases, before anything is written. Use as `.refine(noNul, NO_NUL)`.
 */
export const noNul = (value: string): boolean => !value.includes('\u0000');
export const NO_NUL = { message: 'must not contain a NUL character (\\u0000)', params: { rule: 'no_nul' } };

export const publicId = (what: string) =>
  z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$/, `must be a ${what} id (a 26-character ULID)`)
    .transform((s) => s.toUpperCase());
