import type { PanelAccessView } from '../../api/types';
import { ConfirmButton } from '../ConfirmButton';

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
    <ConfirmButton label="Unlink" confirmLabel="Unlink panel user" title={`Unlink ${user.name}?`} busy={busy} onConfirm={onConfirm}>
      {user.email} stops working tickets as {account?.email ?? 'their account'}. {after} The account, its tickets and its
      API keys are kept.
    </ConfirmButton>
  );
};
