import { Trash } from '@strapi/icons';
import type { ApiKeyView } from '../../api/types';
import { ConfirmButton } from '../ConfirmButton';

/** Revoking cannot be undone: it asks first, naming the key and what stops working. */
export const RevokeKeyButton = ({ apiKey, busy, onConfirm }: { apiKey: ApiKeyView; busy: boolean; onConfirm(): void }) => (
  <ConfirmButton label="Revoke" confirmLabel="Revoke key" title="Revoke this API key?" icon={<Trash />} busy={busy} onConfirm={onConfirm}>
    “{apiKey.name}” ({apiKey.prefix}…) stops working at once, with every access token issued for it. Assistants using it
    lose access. This cannot be undone.
  </ConfirmButton>
);
