import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { refusalReason, roleAllows } from '../authz/rules';
import { HelpdeskError, forbidden } from '../errors';
import type { ReplyInput } from '../validation/tickets';
import type { IncomingFile } from '../attachments/inspect';
import { withFileStash } from '../attachments/storage';
import { UID } from '../uids';
import { service } from './registry';
import { helpdeskTransaction } from '../write-path/permit';
import { iso, person, slaTimesOf, toSummary, type StatusRow, type TicketRow } from './ticket-rows';
import { columnsOf } from './service-levels';
import type { ReplyResult } from './views';

/** Where a User's reply to a resolved ticket sends it back: "In Progress" by default, else the first open status. */
const REOPEN_STATUS_NAME = 'In Progress';

/**
 * Public replies and internal notes. A User's reply to their resolved ticket within the reopen window reopens it,
 * in the same transaction as the reply; after the window, or on a closed ticket, the reply is refused.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => service(strapi, 'audit');
  const tickets = () => service(strapi, 'tickets');

  return {
    /** A reply or note, with any files (checked once the caller may post here) stored in the same change. */
    async reply(
      actor: Actor,
      ticketId: string,
      input: ReplyInput,
      options: { idempotencyKey?: string; files?: readonly IncomingFile[] } = {},
    ): Promise<ReplyResult> {
      const action = input.is_internal ? 'ticket.note' : 'ticket.reply';
      if (!roleAllows(actor, action)) {
        await audit().refused(actor, { action, ticketId, errorCode: 'forbidden' });
        throw forbidden(refusalReason(actor, action));
      }
      const ticket = await tickets().authorize(actor, action, ticketId);

      // The key is scoped to this ticket: the same key on another ticket is another request. The files are part of
      // what is asked: the same key with other files is another request.
      const files = await service(strapi, 'attachments').prepare(options.files ?? []);
      const asked = files.length > 0 ? { ...input, files: files.map((f) => ({ name: f.name, sha256: f.sha256 })) } : input;
      const request = { action, ticketId, key: options.idempotencyKey, input: asked } as const;
      return withFileStash(strapi, (stash) => service(strapi, 'idempotency').once(actor, request, () =>
        helpdeskTransaction(strapi, async ({ trx }) => {
          // Whether the ticket takes this reply, and whether it reopens, is decided on the ticket as it is now: a
          // staff member may have closed it since it was read above.
          const [row] = (await tickets().lockForChange(actor, action, trx, ticket)) as [TicketRow];
          const now = service(strapi, 'clock').now();
          const status = row.ticket_status;
          let reopenTo: StatusRow | null = null;
          if (actor.role === 'user' && status) {
            const refusal = await this.userReplyRefusal(status, row, now);
            if (refusal) {
              await audit().refused(actor, { action, ticketId, errorCode: refusal.code });
              throw refusal;
            }
            if (status.kind === 'resolved') reopenTo = await this.reopenStatus();
          }

          const reply = (await strapi.db.query(UID.reply).create({
            data: {
              ticket: row.id,
              author: actor.internalId,
              body: input.body,
              is_internal: input.is_internal,
              publishedAt: now,
            },
            select: ['id', 'documentId', 'body', 'is_internal', 'createdAt'],
          })) as { id: number; documentId: string; body: string; is_internal: boolean; createdAt: string };
          const attachments = await service(strapi, 'attachments').attach(
            actor,
            { ticket: row, reply: { id: reply.id, documentId: reply.documentId }, isInternal: input.is_internal },
            files,
            stash,
          );
          const ticketUpdate: Record<string, unknown> = { last_activity_at: now };
          if (reopenTo) Object.assign(ticketUpdate, { ticket_status: reopenTo.id, resolved_at: null });
          // Reopening resumes the clocks resolving stopped; the first public staff answer meets the first response.
          let sla = row.sla;
          if (reopenTo) sla = slaTimesOf(await service(strapi, 'service-levels').afterStatus(row, reopenTo.kind, now));
          const answered = service(strapi, 'service-levels').afterReply(actor, { ...row, sla }, input.is_internal, now);
          if (answered) sla = slaTimesOf(answered);
          if (sla !== row.sla) Object.assign(ticketUpdate, { ...columnsOf(sla) });
          await strapi.db.query(UID.ticket).update({ where: { id: row.id }, data: ticketUpdate });
          await audit().record(actor, { action, outcome: 'allowed', ticketId, details: { reply_id: reply.documentId } });
          if (reopenTo) {
            await audit().record(actor, {
              action: 'ticket.reopen',
              outcome: 'allowed',
              ticketId,
              details: { from: status?.name ?? null, to: reopenTo.name },
            });
          }
          const updated: TicketRow = reopenTo
            ? { ...row, ticket_status: reopenTo, resolved_at: null, last_activity_at: now, updatedAt: now, sla }
            : { ...row, last_activity_at: now, updatedAt: now, sla };
          return {
            reply: {
              id: reply.documentId,
              author: { id: actor.userId, name: (await this.authorName(actor)) ?? '' },
              body: reply.body,
              is_internal: Boolean(reply.is_internal),
              created_at: iso(reply.createdAt) as string,
              attachments,
            },
            ticket: toSummary(updated, now),
            reopened: Boolean(reopenTo),
          };
        }),
      ));
    },

    /** Why a User may not reply now, or null. Closed tickets and resolved ones past the window take no replies. */
    async userReplyRefusal(status: StatusRow, row: TicketRow, now: Date): Promise<HelpdeskError | null> {
      if (status.kind === 'closed') {
        return new HelpdeskError('conflict', 'This ticket is closed and takes no more replies. Please open a new ticket instead.');
      }
      if (status.kind !== 'resolved') return null;
      const { reopenWindowDays } = await service(strapi, 'settings').get();
      const resolvedAt = row.resolved_at ? new Date(row.resolved_at).getTime() : 0;
      if (now.getTime() - resolvedAt > reopenWindowDays * 86_400_000) {
        return new HelpdeskError(
          'conflict',
          `This ticket was resolved more than ${reopenWindowDays} days ago and can no longer be reopened. Please open a new ticket instead.`,
        );
      }
      return null;
    },

    async reopenStatus(): Promise<StatusRow | null> {
      const all = await tickets().statuses();
      return all.find((s) => s.name.toLowerCase() === REOPEN_STATUS_NAME.toLowerCase()) ?? all.find((s) => s.kind === 'open') ?? null;
    },

    async authorName(actor: Actor): Promise<string | null> {
      const account = await service(strapi, 'actors').findAccount({ id: actor.internalId });
      return person(account)?.name ?? null;
    },
  };
};
