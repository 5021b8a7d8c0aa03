import { Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Pencil, Trash } from '@strapi/icons';
import type { CannedResponseView, MeView } from '../../api/types';
import { ConfirmButton } from '../ConfirmButton';
import { formatDateTime } from '../format';
import { CannedResponseDialog } from './CannedResponseDialog';

const shownTo = (r: CannedResponseView): string =>
  r.visibility === 'everyone' ? 'Everyone' : r.visibility === 'group' ? `Group: ${r.group?.name ?? '—'}` : 'Only its owner';

interface Props {
  account: MeView;
  responses: CannedResponseView[];
  /** The panel role may change responses (the reply permission); the service decides which ones (can_edit). */
  canChange: boolean;
  deleting: string | null;
  onChanged(): void;
  onDelete(response: CannedResponseView): void;
}

export const CannedResponseTable = ({ account, responses, canChange, deleting, onChanged, onDelete }: Props) => {
  const columns = ['Title', 'Visible to', 'Owner', 'Updated', ''];
  return (
    <Table colCount={columns.length} rowCount={responses.length + 1}>
      <Thead>
        <Tr>
          {columns.map((c, i) => (
            <Th key={c || i}>
              <Typography variant="sigma">{c}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {responses.map((r) => (
          <Tr key={r.id} data-canned-id={r.id}>
            <Td>
              <Flex direction="column" alignItems="flex-start">
                <Typography fontWeight="bold">{r.title}</Typography>
                <Typography variant="pi" textColor="neutral600" ellipsis style={{ maxWidth: '40rem' }}>
                  {r.body}
                </Typography>
              </Flex>
            </Td>
            <Td>
              <Typography>{shownTo(r)}</Typography>
            </Td>
            <Td>
              <Typography>{r.owner?.id === account.id ? 'You' : (r.owner?.name ?? '—')}</Typography>
            </Td>
            <Td>
              <Typography>{formatDateTime(r.updated_at)}</Typography>
            </Td>
            <Td>
              {r.can_edit && canChange ? (
                <Flex gap={2} justifyContent="flex-end">
                  <CannedResponseDialog
                    account={account}
                    response={r}
                    onSaved={onChanged}
                    trigger={
                      <Button variant="tertiary" size="S" startIcon={<Pencil />}>
                        Edit
                      </Button>
                    }
                  />
                  <ConfirmButton label="Delete" confirmLabel="Delete" title="Delete this canned response?" icon={<Trash />} busy={deleting === r.id} onConfirm={() => onDelete(r)}>
                    {`“${r.title}” is deleted for everyone who sees it. Replies already sent with it stay as they are.`}
                  </ConfirmButton>
                </Flex>
              ) : null}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
