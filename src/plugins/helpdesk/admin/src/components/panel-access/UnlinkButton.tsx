import { Button, Dialog, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type { PanelAccessView } from '../../api/types';

interface Props {
  row: PanelAccessView;
  isSelf: boolean;
  busy: boolean;
  onConfirm(): void;
}

/** Withdrawing a link stops someone working tickets at once: it asks first, saying what happens next. */
export const UnlinkButton = ({ row, isSelf, busy, onConfirm }: Props) => {
  const { panel_user: user, account } = row;
  const after = user.super_admin
    ? 'As a super admin they get a new help-desk Admin account of their own on their next visit.'
    : isSelf
      ? 'That is you: you lose access to the Help Desk pages as soon as you confirm.'
      : 'They see an explanation instead of tickets until someone links them again.';
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <Button variant="danger-light" size="S" loading={busy}>
          Unlink
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{`Unlink ${user.name}?`}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Typography textAlign="center">
            {user.email} stops working tickets as {account?.email ?? 'their account'}. {after} The account, its tickets and its
            API keys are kept.
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
              Unlink panel user
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
