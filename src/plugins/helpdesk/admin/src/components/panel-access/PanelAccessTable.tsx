import { Flex, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import type { PanelAccessView } from '../../api/types';
import { formatDateTime } from '../format';
import { LinkAccountDialog } from './LinkAccountDialog';
import { AccountRoleBadge, FlagBadge, linkedByLabel } from './labels';
import { UnlinkButton } from './UnlinkButton';

const COLUMNS = ['Panel user', 'Admin roles', 'Works tickets as', 'Linked by', ''];

interface Props {
  rows: PanelAccessView[];
  /** The signed-in panel user's email, to mark their own row. */
  selfEmail: string;
  unlinking: number | null;
  onLinked(row: PanelAccessView): void;
  onUnlink(row: PanelAccessView): void;
}

const AccountCell = ({ row }: { row: PanelAccessView }) => {
  const { account, panel_user: user } = row;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {account ? (
        <Flex gap={2} wrap="wrap">
          <Typography fontWeight="semiBold">{account.email}</Typography>
          <AccountRoleBadge role={account.role} />
          {account.blocked ? <FlagBadge tone="danger">Blocked</FlagBadge> : null}
        </Flex>
      ) : (
        <Typography textColor="neutral500">Not linked</Typography>
      )}
      {user.super_admin ? (
        <Typography variant="pi" textColor="neutral600">
          {account
            ? 'Acts as help-desk Admin regardless: a super admin.'
            : 'Acts as help-desk Admin regardless: gets an Admin account of their own on first visit.'}
        </Typography>
      ) : !account ? (
        <Typography variant="pi" textColor="neutral600">
          Sees an explanation instead of tickets.
        </Typography>
      ) : null}
    </Flex>
  );
};

/** Every admin-panel user and the help-desk account it works tickets as (DESIGN §2). */
export const PanelAccessTable = ({ rows, selfEmail, unlinking, onLinked, onUnlink }: Props) => {
  const linkedTo = new Map(rows.filter((r) => r.account).map((r) => [r.account!.id, r.panel_user.email]));
  return (
    <Table colCount={COLUMNS.length} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          {COLUMNS.map((c, i) => (
            <Th key={c || i}>
              {c ? <Typography variant="sigma">{c}</Typography> : <VisuallyHidden>Actions</VisuallyHidden>}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => {
          const { panel_user: user, account } = row;
          const isSelf = user.email === selfEmail;
          return (
            <Tr key={user.id} data-panel-user-id={user.id} data-linked-account-id={account?.id ?? ''}>
              <Td>
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Flex gap={2} wrap="wrap">
                    <Typography fontWeight="bold">{user.name}</Typography>
                    {isSelf ? <FlagBadge tone="neutral">You</FlagBadge> : null}
                    {user.super_admin ? <FlagBadge tone="alternative">Super admin</FlagBadge> : null}
                    {!user.active ? <FlagBadge tone="warning">Inactive</FlagBadge> : null}
                  </Flex>
                  <Typography variant="pi" textColor="neutral600">
                    {user.email}
                  </Typography>
                </Flex>
              </Td>
              <Td>
                <Typography>{user.roles.join(', ') || '—'}</Typography>
              </Td>
              <Td>
                <AccountCell row={row} />
              </Td>
              <Td>
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Typography>{linkedByLabel(row.linked_by, rows)}</Typography>
                  {row.linked_at ? (
                    <Typography variant="pi" textColor="neutral600">
                      {formatDateTime(row.linked_at)}
                    </Typography>
                  ) : null}
                </Flex>
              </Td>
              <Td>
                <Flex gap={2} justifyContent="flex-end">
                  <LinkAccountDialog row={row} linkedTo={linkedTo} onLinked={onLinked} />
                  {account ? <UnlinkButton row={row} isSelf={isSelf} busy={unlinking === user.id} onConfirm={() => onUnlink(row)} /> : null}
                </Flex>
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
