import { Trash } from '@strapi/icons';
import type { ConnectionView } from '../../api/types';
import { ConfirmButton } from '../ConfirmButton';

/** Revoking cannot be undone: it asks first, naming the app and what stops working. */
export const RevokeConnectionButton = ({ connection, busy, onConfirm }: { connection: ConnectionView; busy: boolean; onConfirm(): void }) => (
  <ConfirmButton label="Revoke" confirmLabel="Revoke" title="Revoke this connected app?" icon={<Trash />} busy={busy} onConfirm={onConfirm}>
    “{connection.client_name}”{connection.redirect_host ? ` (returns to ${connection.redirect_host})` : ''} loses access at once: its
    access and refresh tokens stop working. To use it again, connect it again from the app. This cannot be undone.
  </ConfirmButton>
);
