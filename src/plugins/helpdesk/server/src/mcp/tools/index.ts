import type { HelpdeskTool } from '../tool';
import whoami from './whoami';
import listTickets from './list-tickets';
import getTicket from './get-ticket';
import createTicket from './create-ticket';
import replyToTicket from './reply-to-ticket';
import updateTicketStatus from './update-ticket-status';
import assignTicket from './assign-ticket';
import linkTickets from './link-tickets';
import nextTicket from './next-ticket';
import listCategories from './list-categories';
import listStatuses from './list-statuses';
import listTypes from './list-types';
import listAssignees from './list-assignees';

/** Every MCP tool, in the order tools/list shows them. */
export const tools: readonly HelpdeskTool[] = [
  whoami,
  listTickets,
  getTicket,
  createTicket,
  replyToTicket,
  updateTicketStatus,
  assignTicket,
  linkTickets,
  nextTicket,
  listCategories,
  listStatuses,
  listTypes,
  listAssignees,
];
