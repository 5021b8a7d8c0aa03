import { z } from 'zod';
import { service } from '../../services/registry';
import { fields } from '../../validation/tickets';
import { definePrompt, UNTRUSTED_PROMPT } from '../prompt';

export default definePrompt({
  name: 'summarize_ticket',
  title: 'Summarize a ticket',
  description: 'A handover summary of one ticket: the problem, what was done and said, where it stands, and the next step.',
  action: 'ticket.read',
  argsSchema: z.strictObject({
    ticket_id: fields.ticketId.describe('The ticket to summarize (a 26-character ULID), from list_tickets.'),
  }),
  async build({ strapi, actor }, { ticket_id: ticketId }) {
    await service(strapi, 'tickets').authorize(actor, 'ticket.read', ticketId);
    return [
      `Write a handover summary of help-desk ticket ${ticketId} for whoever works on it next.`,
      '',
      `Call get_ticket with ticket_id "${ticketId}" and read the description, the whole thread and the history. Then ` +
        'summarize, in a few short sections:',
      '- The problem, in one or two sentences.',
      '- What has been tried and said so far, by whom and when, oldest first.',
      '- Where it stands: status, priority, assignee or group, SLA due times and tags where the ticket shows them.',
      '- Open questions, and the next step.',
      'Mark anything you take from an internal note (is_internal: true) as internal. Do not change the ticket.',
      '',
      UNTRUSTED_PROMPT,
    ].join('\n');
  },
});
