import { z } from 'zod';
import { NO_NUL, noNul, publicId } from './common';

export const AUDIT_CHANNELS = ['rest', 'mcp', 'admin', 'cli'] as const;
export const AUDIT_OUTCOMES = ['allowed', 'refused', 'failed'] as const;

/** A cleared filter field arrives as an empty string: it means "no filter", not an invalid value. */
const filter = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const text = (max: number) => z.string().refine(noNul, NO_NUL).trim().min(1).max(max, `must be at most ${max} characters`);

const filters = {
  /** The actor's email (case-insensitive) or account id. */
  actor: filter(text(255)),
  /** Text in the credential's name, e.g. an API key's name. */
  key: filter(text(100)),
  channel: filter(z.enum(AUDIT_CHANNELS)),
  /** An action, or its start: "ticket." for every ticket action. */
  action: filter(text(100)),
  outcome: filter(z.enum(AUDIT_OUTCOMES)),
  ticket: filter(publicId('ticket')),
};

/** Filters of the audit log (admin pages); newest events first, a page at a time. */
export const listAuditSchema = z.strictObject({
  ...filters,
  page: z.coerce.number().int().min(1, 'must be at least 1').max(10_000).optional().default(1),
  page_size: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').optional().default(25),
});
export type ListAuditInput = z.output<typeof listAuditSchema>;

/** The same filters, for an export of every matching event. */
export const exportAuditSchema = z.strictObject({
  ...filters,
  format: z.enum(['csv', 'jsonl']).optional().default('csv'),
});
export type ExportAuditInput = z.output<typeof exportAuditSchema>;

export type AuditFilters = Omit<ListAuditInput, 'page' | 'page_size'>;
