import * as React from 'react';
import { Button, Dialog, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';

interface ConfirmButtonProps {
  /** The button in the row, and the one that confirms in the dialog. */
  label: string;
  confirmLabel: string;
  title: string;
  icon?: React.ReactElement;
  busy: boolean;
  onConfirm(): void;
  /** What happens once confirmed, in words. */
  children: React.ReactNode;
}

/** A step that cannot be taken back (a revoke, an unlink): it asks first, saying what stops working. */
export const ConfirmButton = ({ label, confirmLabel, title, icon, busy, onConfirm, children }: ConfirmButtonProps) => (
  <Dialog.Root>
    <Dialog.Trigger>
      <Button variant="danger-light" size="S" startIcon={icon} loading={busy}>
        {label}
      </Button>
    </Dialog.Trigger>
    <Dialog.Content>
      <Dialog.Header>{title}</Dialog.Header>
      <Dialog.Body icon={<WarningCircle fill="danger600" />}>
        <Typography textAlign="center">{children}</Typography>
      </Dialog.Body>
      <Dialog.Footer>
        <Dialog.Cancel>
          <Button fullWidth variant="tertiary">
            Cancel
          </Button>
        </Dialog.Cancel>
        <Dialog.Action>
          <Button fullWidth variant="danger-light" onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Dialog.Action>
      </Dialog.Footer>
    </Dialog.Content>
  </Dialog.Root>
);
