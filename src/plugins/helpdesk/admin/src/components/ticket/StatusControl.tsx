import * as React from 'react';
import { Button, Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useHelpdeskApi } from '../../api/client';
import type { TicketDetail } from '../../api/types';
import { useAction } from './use-action';
import { ActionError } from '../states';

/** Only the statuses the service says may come next for this ticket and this person. */
export const StatusControl = ({ ticket, onChanged }: { ticket: TicketDetail; onChanged(): void }) => {
  const api = useHelpdeskApi();
  const [statusId, setStatusId] = React.useState('');
  const action = useAction();
  const choices = ticket.allowed_next_statuses.filter((s) => s.id !== ticket.status?.id);

  if (choices.length === 0) {
    return <Typography textColor="neutral600">No status change is allowed from {ticket.status?.name ?? 'here'}.</Typography>;
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Field.Root name="status">
        <Field.Label>Change status</Field.Label>
        <SingleSelect placeholder="Choose a status" value={statusId} onChange={(v) => setStatusId(String(v))}>
          {choices.map((s) => (
            <SingleSelectOption key={s.id} value={s.id}>
              {s.name}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Button
        variant="secondary"
        disabled={!statusId}
        loading={action.busy}
        onClick={() =>
          action.run(async () => {
            await api.put(`/tickets/${ticket.id}/status`, { status_id: statusId });
            setStatusId('');
            onChanged();
          })
        }
      >
        Update status
      </Button>
      <ActionError error={action.error} />
    </Flex>
  );
};
