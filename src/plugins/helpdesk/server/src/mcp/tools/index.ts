import type { HelpdeskTool } from '../tool';
import whoami from './whoami';
import listTickets from './list-tickets';
import searchTickets from './search-tickets';
import getTicket from './get-ticket';
import createTicket from './create-ticket';
import replyToTicket from './reply-to-ticket';
import updateTicketStatus from './update-ticket-status';
import assignTicket from './assign-ticket';
import linkTickets from './link-tickets';
import getAttachment from './get-attachment';
import addAttachment from './add-attachment';
import tagTicket from './tag-ticket';
import nextTicket from './next-ticket';
import listCategories from './list-categories';
import listStatuses from './list-statuses';
import listTypes from './list-types';
import listAssignees from './list-assignees';
import listCannedResponses from './list-canned-responses';
import renderCannedResponse from './render-canned-response';
import listTags from './list-tags';

/** Every MCP tool, in the order tools/list shows them. */
export const tools: readonly HelpdeskTool[] = [
  whoami,
  listTickets,
  searchTickets,
  getTicket,
  createTicket,
  replyToTicket,
  updateTicketStatus,
  assignTicket,
  linkTickets,
  getAttachment,
  addAttachment,
  tagTicket,
  nextTicket,
  listCategories,
  listStatuses,
  listTypes,
  listAssignees,
  listCannedResponses,
  renderCannedResponse,
  listTags,
];
