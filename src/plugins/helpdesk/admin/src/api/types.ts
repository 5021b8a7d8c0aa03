/**
 * What the admin routes answer. The views are the services' own types, imported as types only, so the pages and
 * the server cannot drift apart.
 */
export type {
  AssigneeList,
  AttachmentView,
  CategoryView,
  MeView,
  PersonRef,
  ReplyResult,
  SearchHit,
  StatusRef,
  StatusView,
  TagView,
  TicketDetail,
  TicketSummary,
} from '../../../server/src/services/views';
export type { ApiKeyView } from '../../../server/src/services/credentials';
export type { ConnectionView } from '../../../server/src/services/connections';
export type { CannedResponseView, RenderedCannedResponse } from '../../../server/src/services/canned-responses';
export type { AuditEventView } from '../../../server/src/services/audit';
export type { RuntimeSettings } from '../../../server/src/services/settings';
export type { LinkedAccountView, PanelAccessView } from '../../../server/src/services/panel-access';

import type { MeView } from '../../../server/src/services/views';
import type { NoAccountReason } from '../../../server/src/admin-panel/panel-actor';

export interface Session {
  panel_user: { email: string; super_admin: boolean };
  account: MeView | null;
  problem: { reason: NoAccountReason | null; message: string } | null;
  mcp_url: string;
}

export interface AuditPagination {
  page: number;
  page_size: number;
  total: number;
  page_count: number;
}
