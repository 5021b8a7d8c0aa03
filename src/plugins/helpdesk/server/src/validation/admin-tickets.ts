import { z } from 'zod';
import { listTicketsSchema } from './tickets';

/** The staff queue's listing: the shared one, plus the sort direction of its "Last activity" column. */
export const queueSchema = listTicketsSchema.extend({
  order: z.enum(['newest', 'oldest']).optional(),
});
