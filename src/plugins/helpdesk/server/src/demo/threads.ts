/**
 * How each demo ticket's life went: its status kind, who has it, when it was opened and resolved, and its thread.
 * Pure and deterministic in the ticket's index, so a second load plans exactly what the first did.
 */
export type StatusKind = 'new' | 'open' | 'pending' | 'resolved' | 'closed';

export interface PlannedReply {
  by: 'submitter' | 'staff';
  isInternal: boolean;
  body: string;
  at: Date;
}

export interface TicketPlan {
  kind: StatusKind;
  /** Which of the group's two staff has it; null leaves it with the group only. */
  assigneeSlot: 0 | 1 | null;
  createdAt: Date;
  resolvedAt: Date | null;
  replies: PlannedReply[];
  lastActivityAt: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// 60 tickets → 12 new, 18 open, 12 pending, 12 resolved, 6 closed.
const KIND_CYCLE: readonly StatusKind[] = ['new', 'open', 'pending', 'resolved', 'open', 'closed', 'resolved', 'new', 'open', 'pending'];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length];

const FIRST_RESPONSE = [
  'Thanks for reporting this. I am looking into it now and will update you here.',
  'Thanks, I have picked this up and will get back to you today.',
  'Got it. We have seen something similar this week; checking whether it has the same cause.',
];
const ASK_FOR_DETAILS = [
  'Could you tell us when this last worked, and send a screenshot of what you see?',
  'Can you confirm where you are sitting and a time we can come by?',
  'Could you send the exact error message, or a photo of it?',
];
const FOLLOW_UP = [
  'Any update on this?',
  'It still happens this morning, in case that helps.',
  'Here is the detail you asked for: it started on Monday, right after the update.',
];
const RESOLUTION = [
  'This should be fixed now. Please check, and reply here if it is not.',
  'Done: I applied the fix and we tested it together on a call.',
  'Sorted, the change is live. Reply within a week if anything is still off.',
];
const THANKS = ['Confirmed, it works now. Thank you!', 'All good on my side, thanks for the quick help.'];
const INTERNAL = [
  'Internal: same root cause as last month\'s tickets; see the vendor case.',
  'Internal: needs the team lead\'s approval before we order anything.',
  'Internal: checked the logs, nothing on our side. Waiting for details from the user.',
  'Internal: escalated to the vendor, their reference 4471.',
  'Internal: triaged, not urgent. Leaving it with the group for now.',
];

export const planTicket = (i: number, nowMs: number): TicketPlan => {
  const kind = pick(KIND_CYCLE, i);
  const assigneeSlot: 0 | 1 | null = kind === 'new' || (kind === 'open' && i % 5 === 4) ? null : ((i % 2) as 0 | 1);

  let resolvedAt: Date | null = null;
  let createdMs: number;
  if (kind === 'resolved' || kind === 'closed') {
    // Every other resolved ticket is still inside the 7-day reopen window; the rest and all closed ones are older.
    const resolvedAgo = kind === 'resolved' && i % 20 < 10 ? (1 + (i % 5)) * DAY + (i % 7) * HOUR : (9 + (i % 23)) * DAY;
    resolvedAt = new Date(nowMs - resolvedAgo);
    createdMs = resolvedAt.getTime() - (1 + (i % 5)) * DAY - (i % 9) * HOUR;
  } else if (kind === 'new') {
    createdMs = nowMs - (2 + ((i * 7) % 40)) * HOUR;
  } else {
    createdMs = nowMs - (1 + ((i * 3) % 20)) * DAY - (i % 11) * HOUR;
  }

  const end = resolvedAt ? resolvedAt.getTime() : nowMs - HOUR;
  const at = (fraction: number) => new Date(createdMs + Math.round((end - createdMs) * fraction));
  const say = (by: PlannedReply['by'], body: string, when: Date, isInternal = false): PlannedReply => ({
    by,
    isInternal,
    body,
    at: when,
  });

  const replies: PlannedReply[] = [];
  switch (kind) {
    case 'new':
      replies.push(i % 2 === 0 ? say('staff', pick(INTERNAL, 4), at(0.3), true) : say('submitter', pick(FOLLOW_UP, i), at(0.6)));
      break;
    case 'open':
      replies.push(say('staff', pick(FIRST_RESPONSE, i), at(0.2)));
      if (i % 3 !== 0) replies.push(say('staff', pick(INTERNAL, i), at(0.4), true));
      replies.push(say('submitter', pick(FOLLOW_UP, i + 1), at(0.7)));
      break;
    case 'pending':
      replies.push(say('staff', pick(FIRST_RESPONSE, i), at(0.2)));
      replies.push(say('staff', pick(INTERNAL, i + 2), at(0.3), true));
      replies.push(say('staff', pick(ASK_FOR_DETAILS, i), at(0.5)));
      break;
    case 'resolved':
      replies.push(say('staff', pick(FIRST_RESPONSE, i), at(0.15)));
      if (i % 2 === 0) replies.push(say('staff', pick(INTERNAL, i), at(0.3), true));
      replies.push(say('submitter', pick(FOLLOW_UP, i + 2), at(0.5)));
      replies.push(say('staff', pick(RESOLUTION, i), at(1)));
      break;
    case 'closed':
      replies.push(say('staff', pick(FIRST_RESPONSE, i), at(0.2)));
      replies.push(say('staff', pick(INTERNAL, i + 1), at(0.4), true));
      replies.push(say('staff', pick(RESOLUTION, i), at(1)));
      replies.push(say('submitter', pick(THANKS, i), new Date(end + 2 * HOUR)));
      break;
  }

  const lastActivityMs = Math.max(createdMs, ...replies.map((r) => r.at.getTime()));
  return { kind, assigneeSlot, createdAt: new Date(createdMs), resolvedAt, replies, lastActivityAt: new Date(lastActivityMs) };
};
