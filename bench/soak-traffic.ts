import crypto from 'crypto';
import type { Caller, HelpDeskFixture } from './fresh-help-desk';
import { InstancePool, McpClients, restCall, type Answer, type Channel, type Instance } from './soak-client';
import type { OperationKind, Recorder } from './soak-record';

/**
 * The soak's clients: `concurrency` loops, each sending one operation after another with no pause, every operation
 * by a caller whose role may do it, on REST or MCP at random, to the next instance. The mix is about 80% reads
 * (list, get), 15% creates and replies, 5% status changes and assignments. Clients learn tickets from the answers
 * they get, so they act on tickets in their own scope; knowledge goes stale (someone reassigned the ticket) and
 * then the server's 404 is the right answer.
 */

const WEIGHTS: Array<[OperationKind, number]> = [
  ['list', 40],
  ['get', 40],
  ['create', 7],
  ['reply', 8],
  ['status', 2.5],
  ['assign', 2.5],
];

/** What the clients know of a ticket, from the last answer that showed it. */
interface KnownTicket {
  id: string;
  statusId: string | null;
  submitterId: string | null;
  assigneeId: string | null;
  groupId: string | null;
}

interface SummaryShape {
  id?: unknown;
  status?: { id?: string } | null;
  submitter?: { id?: string } | null;
  assignee?: { id?: string } | null;
  group?: { id?: string } | null;
}

class TicketBook {
  private readonly tickets = new Map<string, KnownTicket>();
  private readonly ids: string[] = [];
  private readonly bySubmitter = new Map<string, string[]>();

  learn(value: unknown): void {
    const summary = value as SummaryShape | null;
    if (!summary || typeof summary.id !== 'string') return;
    const known: KnownTicket = {
      id: summary.id,
      statusId: summary.status?.id ?? null,
      submitterId: summary.submitter?.id ?? null,
      assigneeId: summary.assignee?.id ?? null,
      groupId: summary.group?.id ?? null,
    };
    if (!this.tickets.has(known.id)) {
      this.ids.push(known.id);
      if (known.submitterId) {
        const own = this.bySubmitter.get(known.submitterId) ?? [];
        own.push(known.id);
        this.bySubmitter.set(known.submitterId, own);
      }
    }
    this.tickets.set(known.id, known);
  }

  learnAll(values: unknown): void {
    if (Array.isArray(values)) for (const value of values) this.learn(value);
  }

  get(id: string): KnownTicket | undefined {
    return this.tickets.get(id);
  }

  get size(): number {
    return this.ids.length;
  }

  /** A ticket the caller can act on, as far as the clients know: their own (user), in their scope (staff), any (admin). */
  pickFor(caller: Caller): KnownTicket | null {
    if (caller.role === 'user') {
      const own = this.bySubmitter.get(caller.userId);
      return own && own.length > 0 ? (this.tickets.get(pick(own)) ?? null) : null;
    }
    if (this.ids.length === 0) return null;
    if (caller.role === 'admin') return this.tickets.get(pick(this.ids)) ?? null;
    for (let tries = 0; tries < 60; tries += 1) {
      const ticket = this.tickets.get(pick(this.ids)) as KnownTicket;
      const inScope =
        (ticket.groupId !== null && caller.groupIds.includes(ticket.groupId)) || ticket.assigneeId === caller.userId || ticket.submitterId === caller.userId;
      if (inScope) return ticket;
    }
    return null;
  }
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

const pickKind = (): OperationKind => {
  const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let r = Math.random() * total;
  for (const [kind, weight] of WEIGHTS) {
    r -= weight;
    if (r < 0) return kind;
  }
  return 'list';
};

/** One logical operation: what to send on each channel, and what to remember when it succeeds. */
interface Operation {
  kind: OperationKind;
  caller: Caller;
  rest: { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown; idempotencyKey?: string };
  mcp: { tool: string; args: Record<string, unknown> };
  /** Remembers what the answer says; returns true when it was the first attempt's result, returned again. */
  onSuccess(value: unknown, context: { attempts: number; lastSentAt: number }): boolean | void;
  /** A create or reply whose answer was lost: the marker that finds it in the database, if it was stored. */
  unknownMarker?: string;
}

const MAX_OPERATION_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** ISO time from the server, as milliseconds; NaN when absent. */
const timeOf = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : Number.NaN);

export interface TrafficOptions {
  fixture: HelpDeskFixture;
  instances: Instance[];
  concurrency: number;
  recorder: Recorder;
  runId: string;
}

export class Traffic {
  private readonly pool: InstancePool;
  private readonly mcp: McpClients;
  private readonly book = new TicketBook();
  private readonly staffLike: Caller[];
  private running = false;
  private loops: Array<Promise<void>> = [];
  private sequence = 0;

  constructor(private readonly options: TrafficOptions) {
    this.pool = new InstancePool(options.instances);
    this.staffLike = options.fixture.callers.filter((c) => c.role !== 'user');
    this.mcp = new McpClients(
      (instance, answer, ms) =>
        options.recorder.attempt({ sentIn: options.recorder.phase, instance: instance.name, channel: 'mcp', kind: 'initialize', ms, answer }),
      () => (options.recorder.missingRetryAfter += 1),
    );
  }

  get knownTickets(): number {
    return this.book.size;
  }

  /** Learns the starting tickets (every status) as an admin would see them, before anything is measured. */
  async prime(): Promise<void> {
    const admin = this.options.fixture.callers.find((c) => c.role === 'admin');
    const instance = this.options.instances[0];
    if (!admin || !instance) throw new Error('the fixture has no admin, or there is no instance');
    for (const status of this.options.fixture.statuses) {
      const answer = await restCall(instance, { method: 'GET', path: `/api/helpdesk/tickets?status=${encodeURIComponent(status.name)}&limit=100`, apiKey: admin.apiKey });
      if (!answer.ok) throw new Error(`priming the ticket list failed: ${answer.label}`);
      this.book.learnAll(answer.value);
    }
    if (this.book.size === 0) throw new Error('priming found no tickets');
  }

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Lets every client finish the attempt it is in (no new retries), then closes the MCP clients. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await this.mcp.closeAll();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const operation = this.nextOperation();
      const channel: Channel = Math.random() < 0.5 ? 'rest' : 'mcp';
      await this.perform(operation, channel);
    }
  }

  private send(instance: Instance, operation: Operation, channel: Channel): Promise<Answer> {
    if (channel === 'rest') return restCall(instance, { ...operation.rest, apiKey: operation.caller.apiKey });
    return this.mcp.call(instance, operation.caller.apiKey, operation.mcp.tool, operation.mcp.args);
  }

  /**
   * Sends the operation until an answer counts, as a careful client does: after a lost connection, at once to
   * another instance (creates and replies carry an Idempotency-Key, so a retry cannot store them twice; status and
   * assignment set a value, so repeating them is harmless); after `unavailable`, once Retry-After has passed. Any
   * other answer is final. It gives up after 30 s, and sends no new attempt once the run is stopping.
   */
  private async perform(operation: Operation, channel: Channel): Promise<void> {
    const { recorder } = this.options;
    const deadline = Date.now() + MAX_OPERATION_MS;
    let attempts = 0;
    let lastFailed: Instance | undefined;
    let sawLostConnection = false;
    for (;;) {
      const instance = this.pool.pick(lastFailed);
      const sentIn = recorder.phase;
      const lastSentAt = Date.now();
      const started = performance.now();
      const answer = await this.send(instance, operation, channel);
      attempts += 1;
      recorder.attempt({ sentIn, instance: instance.name, channel, kind: operation.kind, ms: performance.now() - started, answer });
      if (answer.ok) {
        const deduplicated = operation.onSuccess(answer.value, { attempts, lastSentAt }) === true;
        recorder.operation(operation.kind, channel, { result: 'ok', attempts, deduplicated });
        return;
      }
      const retryable = answer.transport || answer.unavailable;
      if (!retryable) {
        recorder.operation(operation.kind, channel, { result: 'refused', label: answer.label, attempts });
        return;
      }
      if (answer.transport) {
        sawLostConnection = true;
        this.pool.markDown(instance, 2_000);
        lastFailed = instance;
      } else lastFailed = undefined;
      const wait = answer.transport ? 100 : Math.min(answer.retryAfterSeconds ?? 1, 2) * 1000 * (0.5 + Math.random() / 2);
      if (!this.running || Date.now() + wait > deadline) {
        if (sawLostConnection && operation.unknownMarker) {
          recorder.unknownWrites.push({ kind: operation.kind as 'create' | 'reply', marker: operation.unknownMarker });
        }
        recorder.operation(operation.kind, channel, { result: this.running ? 'abandoned' : 'stopped', attempts });
        return;
      }
      await sleep(wait);
    }
  }

  private nextOperation(): Operation {
    const kind = pickKind();
    const { fixture } = this.options;
    const caller = kind === 'status' || kind === 'assign' ? pick(this.staffLike) : pick(fixture.callers);
    if (kind === 'list') return this.listOperation(caller);
    if (kind === 'create') return this.createOperation(caller);
    const ticket = this.book.pickFor(caller);
    // A user with no ticket yet opens one instead.
    if (!ticket) return caller.role === 'user' ? this.createOperation(caller) : this.listOperation(caller);
    if (kind === 'get') return this.getOperation(caller, ticket.id);
    if (kind === 'reply') return this.replyOperation(caller, ticket.id);
    if (kind === 'status') return this.statusOperation(caller, ticket);
    return this.assignOperation(caller, ticket.id);
  }

  private listOperation(caller: Caller): Operation {
    const query: Record<string, string> = {};
    const r = Math.random();
    if (r < 0.25) query.status = pick(this.options.fixture.statuses).name;
    else if (r < 0.4 && caller.role !== 'user') query.assignee_id = 'me';
    const search = new URLSearchParams(query).toString();
    return {
      kind: 'list',
      caller,
      rest: { method: 'GET', path: `/api/helpdesk/tickets${search ? `?${search}` : ''}` },
      mcp: { tool: 'list_tickets', args: query },
      // REST answers a page as an array, MCP as `{ tickets }`.
      onSuccess: (value) => this.book.learnAll(Array.isArray(value) ? value : (value as { tickets?: unknown[] } | null)?.tickets),
    };
  }

  private getOperation(caller: Caller, ticketId: string): Operation {
    return {
      kind: 'get',
      caller,
      rest: { method: 'GET', path: `/api/helpdesk/tickets/${ticketId}` },
      mcp: { tool: 'get_ticket', args: { ticket_id: ticketId } },
      onSuccess: (value) => this.book.learn(value),
    };
  }

  private createOperation(caller: Caller): Operation {
    const key = `${this.options.runId}-${(this.sequence += 1)}`;
    const subject = `Soak ${key}: printer on floor ${1 + Math.floor(Math.random() * 9)} jams`;
    const category = pick(this.options.fixture.categories);
    const input = {
      subject,
      description: `Opened by the soak run ${this.options.runId}. The printer jams on every second page.`,
      category_id: category.id,
      priority: pick(['Critical', 'High', 'Medium', 'Low'] as const),
    };
    return {
      kind: 'create',
      caller,
      rest: { method: 'POST', path: '/api/helpdesk/tickets', body: input, idempotencyKey: key },
      mcp: { tool: 'create_ticket', args: { ...input, idempotency_key: key } },
      unknownMarker: subject,
      onSuccess: (value, { attempts, lastSentAt }) => {
        const ticket = value as { id: string; created_at?: string };
        this.book.learn(value);
        // The first attempt's result, returned again: the ticket is older than the attempt that got it.
        const deduplicated = attempts > 1 && timeOf(ticket.created_at) < lastSentAt - 5;
        this.options.recorder.acked.creates.push({ ticketId: ticket.id, subject, submitterId: caller.userId, attempts, deduplicated });
        return deduplicated;
      },
    };
  }

  private replyOperation(caller: Caller, ticketId: string): Operation {
    const key = `${this.options.runId}-${(this.sequence += 1)}`;
    const body = `Soak ${key}: any news on this one?`;
    const input = { body, is_internal: caller.role !== 'user' && Math.random() < 0.3 };
    return {
      kind: 'reply',
      caller,
      rest: { method: 'POST', path: `/api/helpdesk/tickets/${ticketId}/replies`, body: input, idempotencyKey: key },
      mcp: { tool: 'reply_to_ticket', args: { ticket_id: ticketId, ...input, idempotency_key: key } },
      unknownMarker: body,
      onSuccess: (value, { attempts, lastSentAt }) => {
        const result = value as { reply: { id: string; created_at?: string }; ticket: unknown };
        this.book.learn(result.ticket);
        const deduplicated = attempts > 1 && timeOf(result.reply.created_at) < lastSentAt - 5;
        this.options.recorder.acked.replies.push({ replyId: result.reply.id, ticketId, body, attempts, deduplicated });
        return deduplicated;
      },
    };
  }

  private statusOperation(caller: Caller, ticket: KnownTicket): Operation {
    const choices = this.options.fixture.statuses.filter((s) => s.id !== ticket.statusId);
    const target = pick(choices.length > 0 ? choices : this.options.fixture.statuses);
    return {
      kind: 'status',
      caller,
      rest: { method: 'PUT', path: `/api/helpdesk/tickets/${ticket.id}/status`, body: { status_id: target.id } },
      mcp: { tool: 'update_ticket_status', args: { ticket_id: ticket.id, status_id: target.id } },
      onSuccess: (value) => {
        this.book.learn(value);
        this.options.recorder.acked.statuses.push({ ticketId: ticket.id, status: target.name });
      },
    };
  }

  private assignOperation(caller: Caller, ticketId: string): Operation {
    const toUser = Math.random() < 0.7;
    const user = pick(this.staffLike);
    const group = pick(this.options.fixture.groups);
    const input = toUser ? { assignee_id: user.userId, group_id: null } : { assignee_id: null, group_id: group.id };
    return {
      kind: 'assign',
      caller,
      rest: { method: 'PUT', path: `/api/helpdesk/tickets/${ticketId}/assignment`, body: input },
      mcp: { tool: 'assign_ticket', args: { ticket_id: ticketId, ...input } },
      onSuccess: (value) => {
        this.book.learn(value);
        this.options.recorder.acked.assigns.push({ ticketId, to: toUser ? user.username : `group ${group.name}` });
      },
    };
  }
}

/** A short id for the run, in subjects and bodies, so its records are found (and told apart) in the database. */
export const newRunId = (): string => crypto.randomBytes(4).toString('hex');
