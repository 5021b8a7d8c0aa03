import { z } from 'zod';
import { service } from '../../services/registry';
import { cannedFields } from '../../validation/canned-responses';
import { fields } from '../../validation/tickets';
import { definePrompt, UNTRUSTED_PROMPT } from '../prompt';

export default definePrompt({
  name: 'draft_reply',
  title: 'Draft a reply',
  description:
    'Draft a public reply to a ticket for you to review and edit, optionally starting from a canned response. ' +
    'The draft is never sent: you send it yourself.',
  action: 'reply.draft',
  argsSchema: z.strictObject({
    ticket_id: fields.ticketId.describe('The ticket to reply to (a 26-character ULID), from list_tickets or next_ticket.'),
    canned_response_id: cannedFields.responseId
      .optional()
      .describe('Optional canned response to start from (a 26-character ULID), from list_canned_responses.'),
  }),
  async build({ strapi, actor }, { ticket_id: ticketId, canned_response_id: responseId }) {
    // Checked now, so an id out of reach fails here exactly like one that does not exist, and the text names only
    // ids the caller may use.
    await service(strapi, 'tickets').authorize(actor, 'ticket.read', ticketId);
    if (responseId) await service(strapi, 'canned-responses').get(actor, responseId);
    return [
      `Draft a public reply to help-desk ticket ${ticketId} for me to review. Do not send it.`,
      '',
      `1. Call get_ticket with ticket_id "${ticketId}" and read the description and the whole thread.`,
      ...(responseId
        ? [
            `2. Call render_canned_response with ticket_id "${ticketId}" and response_id "${responseId}", and start from ` +
              'its text: keep what fits, adapt what the thread makes wrong, drop what does not apply.',
          ]
        : []),
      '',
      'Write the draft in Markdown, in the language the submitter writes in, answering what they actually asked. Say ' +
        'what you are unsure of instead of inventing facts, steps or promises. Never quote or reveal internal notes ' +
        '(replies with is_internal: true): the submitter does not see them.',
      '',
      'Show me the draft and stop. Never call reply_to_ticket, update_ticket_status or any other tool that changes ' +
        'the ticket for this draft: I review it, edit it and send it myself.',
      '',
      UNTRUSTED_PROMPT,
    ].join('\n');
  },
});
