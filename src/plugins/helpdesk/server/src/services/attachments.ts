import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { canOnMessage, refusalReason, roleAllows } from '../authz/rules';
import { forbidden, invalid, notFound } from '../errors';
import { inspectFiles, type IncomingFile, type PreparedFile } from '../attachments/inspect';
import { deleteFile, readFile, storeFile, withFileStash, type FileStash, type StoredFileRow } from '../attachments/storage';
import { UID } from '../uids';
import { helpdeskTransaction } from '../write-path/permit';
import { service } from './registry';
import { iso, scopeOf, type TicketRow } from './ticket-rows';
import type { AttachmentDetail, AttachmentView } from './views';

/** Where files go: a ticket's description (no reply) or one reply or note. */
export interface AttachmentTarget {
  ticket: { id: number; documentId: string };
  reply: { id: number; documentId: string } | null;
  isInternal: boolean;
}

interface AttachmentRow {
  id: number;
  documentId: string;
  name: string;
  mime: string;
  size: number | string;
  is_internal: boolean | number;
  createdAt: string | number | Date;
  ticket?: { id: number; documentId: string } | null;
  reply?: { id: number; documentId: string; author?: { id: number } | null } | null;
  file?: StoredFileRow | null;
}

const VIEW_FIELDS = ['id', 'documentId', 'name', 'mime', 'size', 'is_internal', 'createdAt'];

const toView = (row: AttachmentRow): AttachmentView => ({
  id: row.documentId,
  name: row.name,
  type: row.mime,
  size: Number(row.size),
  created_at: iso(row.createdAt) as string,
});

const toDetail = (row: AttachmentRow): AttachmentDetail => ({
  ...toView(row),
  ticket_id: row.ticket?.documentId ?? '',
  reply_id: row.reply?.documentId ?? null,
  is_internal: Boolean(row.is_internal),
});

/**
 * Files sent with tickets, replies and notes, stored through Strapi's upload plugin and owned by the help desk. A
 * file is visible exactly to those who may read its message; one they may not read answers like one that does not
 * exist. Files are checked (count, size, kind, content) before anything is stored, and a change that fails leaves
 * no file behind.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => service(strapi, 'audit');
  const tickets = () => service(strapi, 'tickets');

  return {
    /** Checks a message's files against the settings; throws one validation_error naming every file and rule. */
    async prepare(files: readonly IncomingFile[], countField = 'files'): Promise<PreparedFile[]> {
      if (files.length === 0) return [];
      const limits = await service(strapi, 'settings').get();
      const { prepared, problems } = await inspectFiles(files, limits, countField);
      if (problems.length > 0) throw invalid(problems);
      return prepared;
    },

    /**
     * Stores checked files on a message, inside the caller's transaction (the message, its files and their audit
     * rows commit together). The provider's writes are kept in `stash` for the caller to discard on failure.
     */
    async attach(actor: Actor, target: AttachmentTarget, files: readonly PreparedFile[], stash: FileStash): Promise<AttachmentView[]> {
      const views: AttachmentView[] = [];
      for (const file of files) {
        const stored = await storeFile(strapi, file, stash);
        const row = (await strapi.db.query(UID.attachment).create({
          data: {
            name: file.name,
            mime: file.mime,
            size: file.size,
            sha256: file.sha256,
            is_internal: target.isInternal,
            file: stored.id,
            ticket: target.ticket.id,
            reply: target.reply?.id ?? null,
            uploader: actor.internalId,
          },
          select: VIEW_FIELDS,
        })) as AttachmentRow;
        await audit().record(actor, {
          action: 'attachment.add',
          outcome: 'allowed',
          ticketId: target.ticket.documentId,
          details: { attachment_id: row.documentId, reply_id: target.reply?.documentId ?? null, name: file.name, type: file.mime, size: file.size },
        });
        views.push(toView(row));
      }
      return views;
    },

    /**
     * The attachments of a ticket the caller may read, by message: the description's under null, each reply's
     * under its row id. Notes' files only for a staff view.
     */
    async forTicket(ticketRowId: number, staffView: boolean): Promise<Map<number | null, AttachmentView[]>> {
      const rows = (await strapi.db.query(UID.attachment).findMany({
        where: { ticket: { id: ticketRowId }, ...(staffView ? {} : { is_internal: false }) },
        select: VIEW_FIELDS,
        populate: { reply: { select: ['id'] } },
        orderBy: [{ id: 'asc' }],
      })) as AttachmentRow[];
      const byMessage = new Map<number | null, AttachmentView[]>();
      for (const row of rows) {
        const key = row.reply?.id ?? null;
        byMessage.set(key, [...(byMessage.get(key) ?? []), toView(row)]);
      }
      return byMessage;
    },

    /** One attachment the caller may read, with its ticket row; anything else is not_found. */
    async authorizeRead(actor: Actor, attachmentId: string): Promise<{ row: AttachmentRow; ticket: TicketRow }> {
      const row = (await strapi.db.query(UID.attachment).findOne({
        where: { documentId: attachmentId },
        select: VIEW_FIELDS,
        populate: { ticket: { select: ['id', 'documentId'] }, reply: { select: ['id', 'documentId'] }, file: true },
      })) as AttachmentRow | null;
      const ticket = row?.ticket ? await tickets().loadRow(row.ticket.documentId) : null;
      if (!row || !ticket || !canOnMessage(actor, 'attachment.read', scopeOf(ticket), { isInternal: Boolean(row.is_internal), authorId: null })) {
        await audit().refused(actor, { action: 'attachment.read', ticketId: null, errorCode: 'not_found', details: { attachment_id: attachmentId } });
        throw notFound('attachment');
      }
      return { row, ticket };
    },

    async get(actor: Actor, attachmentId: string): Promise<AttachmentDetail> {
      return toDetail((await this.authorizeRead(actor, attachmentId)).row);
    },

    /** The attachment and its content, for a download or an MCP read. */
    async content(actor: Actor, attachmentId: string): Promise<{ attachment: AttachmentDetail; content: Buffer }> {
      const { row } = await this.authorizeRead(actor, attachmentId);
      if (!row.file) throw notFound('attachment');
      return { attachment: toDetail(row), content: await readFile(strapi, row.file) };
    },

    /**
     * Adds files to a message that exists: the ticket's description (no reply id) or a reply or note. Users add only
     * to their own messages, and not once the ticket takes no more replies from them.
     */
    async add(actor: Actor, input: { ticketId: string; replyId?: string; files: readonly IncomingFile[]; countField?: string }): Promise<AttachmentView[]> {
      if (!roleAllows(actor, 'attachment.add')) {
        await audit().refused(actor, { action: 'attachment.add', ticketId: input.ticketId, errorCode: 'forbidden' });
        throw forbidden(refusalReason(actor, 'attachment.add'));
      }
      const ticket = await tickets().authorize(actor, 'attachment.add', input.ticketId);
      const message = await this.message(ticket, input.replyId);
      if (!message) throw notFound('reply');
      if (!canOnMessage(actor, 'attachment.add', scopeOf(ticket), message)) {
        // A note the caller may not read does not exist for them; a message they may read but not add to is forbidden.
        if (message.isInternal && !canOnMessage(actor, 'attachment.read', scopeOf(ticket), message)) throw notFound('reply');
        await audit().refused(actor, { action: 'attachment.add', ticketId: input.ticketId, errorCode: 'forbidden' });
        throw forbidden('You may attach files only to your own messages.');
      }
      const files = await this.prepare(input.files, input.countField);
      if (files.length === 0) throw invalid([{ field: input.countField ?? 'files', rule: 'min', message: 'send at least one file' }]);
      return withFileStash(strapi, (stash) =>
        helpdeskTransaction(strapi, async ({ trx }) => {
          const [row] = (await tickets().lockForChange(actor, 'attachment.add', trx, ticket)) as [TicketRow];
          if (actor.role === 'user' && row.ticket_status) {
            const refusal = await service(strapi, 'replies').userReplyRefusal(row.ticket_status, row, service(strapi, 'clock').now());
            if (refusal) throw refusal;
          }
          const views = await this.attach(actor, { ticket: row, reply: message.reply, isInternal: message.isInternal }, files, stash);
          await strapi.db.query(UID.ticket).update({ where: { id: row.id }, data: { last_activity_at: service(strapi, 'clock').now() } });
          return views;
        }),
      );
    },

    /** The message files would be added to: the description (authored by the submitter) or a reply of this ticket. */
    async message(ticket: TicketRow, replyId: string | undefined) {
      if (!replyId) return { reply: null, isInternal: false, authorId: ticket.submitter?.id ?? null };
      const reply = (await strapi.db.query(UID.reply).findOne({
        where: { documentId: replyId, ticket: { id: ticket.id } },
        select: ['id', 'documentId', 'is_internal'],
        populate: { author: { select: ['id'] } },
      })) as { id: number; documentId: string; is_internal: boolean | number; author?: { id: number } | null } | null;
      if (!reply) return null;
      return { reply: { id: reply.id, documentId: reply.documentId }, isInternal: Boolean(reply.is_internal), authorId: reply.author?.id ?? null };
    },

    /** Takes a file out of the thread: admins only, audited; the stored file is removed once the change commits. */
    async remove(actor: Actor, attachmentId: string): Promise<AttachmentDetail> {
      if (!roleAllows(actor, 'attachment.delete')) {
        await audit().refused(actor, { action: 'attachment.delete', ticketId: null, errorCode: 'forbidden', details: { attachment_id: attachmentId } });
        throw forbidden(refusalReason(actor, 'attachment.delete'));
      }
      const { row } = await this.authorizeRead(actor, attachmentId);
      const detail = toDetail(row);
      await helpdeskTransaction(strapi, async () => {
        await strapi.db.query(UID.attachment).delete({ where: { id: row.id } });
        if (row.file) await strapi.db.query(UID.file).delete({ where: { id: row.file.id } });
        await audit().record(actor, {
          action: 'attachment.delete',
          outcome: 'allowed',
          ticketId: detail.ticket_id,
          details: { attachment_id: detail.id, reply_id: detail.reply_id, name: detail.name, type: detail.type, size: detail.size },
        });
      });
      if (row.file) {
        await deleteFile(strapi, row.file).catch((error: unknown) =>
          strapi.log.error(`helpdesk: attachment ${detail.id} was deleted but its stored file could not be removed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }
      return detail;
    },
  };
};
