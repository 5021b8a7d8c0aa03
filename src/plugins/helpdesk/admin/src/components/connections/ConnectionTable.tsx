import { Badge, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { ConnectionView } from '../../api/types';
import { formatDateTime } from '../format';
import { RevokeConnectionButton } from './RevokeConnectionButton';

interface Props {
  connections: ConnectionView[];
  showOwner: boolean;
  revoking: string | null;
  onRevoke(connection: ConnectionView): void;
}

/** One row per approval on the consent page; an active one can be revoked, a revoked one says so. */
export const ConnectionTable = ({ connections, showOwner, revoking, onRevoke }: Props) => {
  const columns = ['App', ...(showOwner ? ['Owner'] : []), 'Returns to', 'Access', 'Connected', 'Last used', ''];
  return (
    <Table colCount={columns.length} rowCount={connections.length + 1}>
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
        {connections.map((c) => (
          <Tr key={c.id} data-connection-id={c.id}>
            <Td>
              <Typography fontWeight="bold">{c.client_name}</Typography>
            </Td>
            {showOwner ? (
              <Td>
                <Typography>{c.owner?.email ?? '—'}</Typography>
              </Td>
            ) : null}
            <Td>
              <Typography>{c.redirect_host ?? '—'}</Typography>
            </Td>
            <Td>
              <Typography>{c.read_only ? 'Read only' : 'Read and write'}</Typography>
            </Td>
            <Td>
              <Typography>{formatDateTime(c.created_at)}</Typography>
            </Td>
            <Td>
              <Typography>{c.last_used_at ? formatDateTime(c.last_used_at) : 'Never'}</Typography>
            </Td>
            <Td>
              {c.revoked_at ? (
                // The badge says only "Revoked"; when is in its tooltip, so the row reads the same at any date.
                <Badge backgroundColor="danger100" textColor="danger700" title={`Revoked ${formatDateTime(c.revoked_at)}`}>
                  Revoked
                </Badge>
              ) : (
                <RevokeConnectionButton connection={c} busy={revoking === c.id} onConfirm={() => onRevoke(c)} />
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
