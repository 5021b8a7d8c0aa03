import { Button, Dialog, Typography } from '@strapi/design-system';
import { Trash, WarningCircle } from '@strapi/icons';
import type { ApiKeyView } from '../../api/types';

/** Revoking cannot be undone: it asks first, naming the key and what stops working. */
export const RevokeKeyButton = ({ apiKey, busy, onConfirm }: { apiKey: ApiKeyView; busy: boolean; onConfirm(): void }) => (
  <Dialog.Root>
    <Dialog.Trigger>
      <Button variant="danger-light" size="S" startIcon={<Trash />} loading={busy}>
        Revoke
      </Button>
    </Dialog.Trigger>
    <Dialog.Content>
      <Dialog.Header>Revoke this API key?</Dialog.Header>
      <Dialog.Body icon={<WarningCircle fill="danger600" />}>
        <Typography textAlign="center">
          “{apiKey.name}” ({apiKey.prefix}…) stops working at once, with every access token issued for it. Assistants using
          it lose access. This cannot be undone.
        </Typography>
      </Dialog.Body>
      <Dialog.Footer>
        <Dialog.Cancel>
          <Button fullWidth variant="tertiary">
            Cancel
          </Button>
        </Dialog.Cancel>
        <Dialog.Action>
          <Button fullWidth variant="danger-light" onClick={onConfirm}>
            Revoke key
          </Button>
        </Dialog.Action>
      </Dialog.Footer>
    </Dialog.Content>
  </Dialog.Root>
);
