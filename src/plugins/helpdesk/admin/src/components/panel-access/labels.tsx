import { Badge } from '@strapi/design-system';
import type { LinkedAccountView, PanelAccessView } from '../../api/types';

const ROLE_BADGE = {
  admin: { label: 'Admin', backgroundColor: 'primary100', textColor: 'primary700' },
  staff: { label: 'Staff', backgroundColor: 'secondary100', textColor: 'secondary700' },
  user: { label: 'User', backgroundColor: 'neutral150', textColor: 'neutral700' },
} as const;

/** A help-desk account's role, as the rest of the pages name it. */
export const AccountRoleBadge = ({ role }: { role: LinkedAccountView['role'] }) => (
  <Badge backgroundColor={ROLE_BADGE[role].backgroundColor} textColor={ROLE_BADGE[role].textColor}>
    {ROLE_BADGE[role].label}
  </Badge>
);

const TONES = {
  danger: { backgroundColor: 'danger100', textColor: 'danger700' },
  warning: { backgroundColor: 'warning100', textColor: 'warning700' },
  neutral: { backgroundColor: 'neutral150', textColor: 'neutral700' },
  alternative: { backgroundColor: 'alternative100', textColor: 'alternative700' },
} as const;

/** A short fact about a row: "Super admin", "Inactive", "Blocked", "You". */
export const FlagBadge = ({ tone, children }: { tone: keyof typeof TONES; children: string }) => <Badge {...TONES[tone]}>{children}</Badge>;

const BY_TEXT: Record<string, string> = {
  'first visit of a super admin': 'Automatically, on their first visit',
  'one-time migration (same email)': 'Upgrade (matched by email, once)',
};

/**
 * Who made a link: in the pages it is stored as `admin_session:<account id>`, named here by that account when a row
 * shows it; links made at the CLI or automatically say so in words.
 */
export const linkedByLabel = (linkedBy: string | null, rows: PanelAccessView[]): string => {
  if (!linkedBy) return '—';
  const session = /^admin_session:(.+)$/.exec(linkedBy);
  if (session) {
    const account = rows.find((r) => r.account?.id === session[1])?.account;
    return account ? `${account.name} (Help Desk)` : 'A help-desk Admin (Help Desk)';
  }
  return BY_TEXT[linkedBy] ?? linkedBy;
};
