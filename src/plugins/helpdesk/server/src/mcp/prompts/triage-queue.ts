import { z } from 'zod';
import { definePrompt, UNTRUSTED_PROMPT } from '../prompt';

const limit = z.coerce
  .number({ message: 'must be a whole number from 1 to 50' })
  .int('must be a whole number from 1 to 50')
  .min(1, 'must be at least 1')
  .max(50, 'must be at most 50');

export default definePrompt({
  name: 'triage_queue',
  title: 'Triage the queue',
  description:
    'Walk your queue, most urgent first, and suggest for each ticket a status, an assignee and tags, with SLA due ' +
    'times. Suggestions only: nothing is changed until you decide.',
  action: 'queue.triage',
  argsSchema: z.strictObject({
    limit: limit.optional().describe('How many tickets to walk, 1 to 50 (default 20).'),
  }),
  build: async (_context, { limit: count = 20 }) =>
    [
      'Help me triage my help-desk queue in Open Help Desk. Suggest; do not change anything.',
      '',
      '1. Call whoami to learn my role and groups.',
      '2. Call next_ticket for the ticket I should take first, then list_tickets with sort "due" for the rest of my ' +
        `queue, most urgent first (breached service levels, then nearest due), up to ${count} tickets in all.`,
      '3. Call get_ticket for any ticket whose summary is not enough to judge it. Call list_statuses, list_assignees ' +
        'and list_tags once, for the statuses, people and tags you may suggest.',
      '',
      'For each ticket give, in order of urgency:',
      "- its id, subject, priority, current status and assignee or group;",
      '- its SLA state and due times (first response due, resolution due) where the ticket shows them, and its tags;',
      "- your suggested status (one of the ticket's allowed_next_statuses), assignee or group (from list_assignees) and " +
        'tags, each with a one-line reason, or "keep" where nothing should change.',
      '',
      'Do not call update_ticket_status, assign_ticket, tag_ticket, reply_to_ticket or any other tool that changes a ticket: I will ' +
        'apply what I agree with myself, or ask you to apply one suggestion at a time.',
      '',
      UNTRUSTED_PROMPT,
    ].join('\n'),
});
