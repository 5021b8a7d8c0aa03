import { Badge, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { ApiKeyView } from '../../api/types';
import { formatDateTime } from '../format';
import { keyState } from './key-status';
import { RevokeKeyButton } from './RevokeKeyButton';

const STATE_BADGE = {
  active: { label: 'Active', backgroundColor: 'success100', textColor: 'success700' },
  revoked: { label: 'Revoked', backgroundColor: 'danger100', textColor: 'danger700' },
  expired: { label: 'Expired', backgroundColor: 'neutral150', textColor: 'neutral700' },
} as const;

interface Props {
  keys: ApiKeyView[];
  showOwner: boolean;
  revoking: string | null;
  onRevoke(key: ApiKeyView): void;
}

export const KeyTable = ({ keys, showOwner, revoking, onRevoke }: Props) => {
  const columns = ['Name', 'Prefix', ...(showOwner ? ['Owner'] : []), 'Created', 'Last used', 'Expires', 'Access', 'State', ''];
  return (
    <Table colCount={columns.length} rowCount={keys.length + 1}>
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
        {keys.map((k) => {
          const state = STATE_BADGE[keyState(k)];
          return (
            <Tr key={k.id} data-key-id={k.id}>
              <Td>
                <Typography fontWeight="bold">{k.name}</Typography>
              </Td>
              <Td>
                <Typography tag="code" style={{ fontFamily: 'monospace' }}>{`${k.prefix}…`}</Typography>
              </Td>
              {showOwner ? (
                <Td>
                  <Typography>{k.owner?.email ?? '—'}</Typography>
                </Td>
              ) : null}
              <Td>
                <Typography>{formatDateTime(k.created_at)}</Typography>
              </Td>
              <Td>
                <Typography>{k.last_used_at ? formatDateTime(k.last_used_at) : 'Never'}</Typography>
              </Td>
              <Td>
                <Typography>{k.expires_at ? formatDateTime(k.expires_at) : 'Never'}</Typography>
              </Td>
              <Td>
                <Typography>{k.read_only ? 'Read-only' : 'Read and write'}</Typography>
              </Td>
              <Td>
                <Badge backgroundColor={state.backgroundColor} textColor={state.textColor}>
                  {k.revoked_at ? `${state.label} ${formatDateTime(k.revoked_at)}` : state.label}
                </Badge>
              </Td>
              <Td>
                {keyState(k) === 'active' ? <RevokeKeyButton apiKey={k} busy={revoking === k.id} onConfirm={() => onRevoke(k)} /> : null}
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
