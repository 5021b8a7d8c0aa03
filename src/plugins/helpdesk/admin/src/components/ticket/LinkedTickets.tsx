import * as React from 'react';
import { Button, Field, Flex, IconButton, Link, TextInput, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { NavLink } from 'react-router-dom';
import { useHelpdeskApi } from '../../api/client';
import type { TicketDetail } from '../../api/types';
import { BASE_PATH } from '../../constants';
import { StatusBadge } from '../badges';
import { useAction } from './use-action';
import { ActionError } from '../states';

export const LinkedTickets = ({ ticket, canLink, onChanged }: { ticket: TicketDetail; canLink: boolean; onChanged(): void }) => {
  const api = useHelpdeskApi();
  const [otherId, setOtherId] = React.useState('');
  const action = useAction();

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {ticket.linked_tickets.length === 0 ? (
        <Typography textColor="neutral600">No linked tickets.</Typography>
      ) : (
        ticket.linked_tickets.map((l) => (
          <Flex key={l.id} justifyContent="space-between" gap={2}>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Link tag={NavLink} to={`${BASE_PATH}/tickets/${l.id}`}>
                {l.subject}
              </Link>
              <StatusBadge status={l.status} />
            </Flex>
            {canLink ? (
              <IconButton
                label={`Unlink "${l.subject}"`}
                variant="ghost"
                onClick={() =>
                  action.run(async () => {
                    await api.del(`/tickets/${ticket.id}/links/${l.id}`);
                    onChanged();
                  })
                }
              >
                <Cross />
              </IconButton>
            ) : null}
          </Flex>
        ))
      )}
      {canLink ? (
        <Flex
          tag="form"
          gap={2}
          alignItems="flex-end"
          onSubmit={(event: React.FormEvent) => {
            event.preventDefault();
            void action.run(async () => {
              await api.post(`/tickets/${ticket.id}/links`, { ticket_id: otherId.trim() });
              setOtherId('');
              onChanged();
            });
          }}
        >
          <Field.Root name="link" width="100%">
            <Field.Label>Link a ticket by id</Field.Label>
            <TextInput value={otherId} placeholder="01J…" onChange={(e: React.ChangeEvent<HTMLInputElement>) => setOtherId(e.target.value)} />
          </Field.Root>
          <Button type="submit" variant="secondary" size="L" disabled={!otherId.trim()} loading={action.busy}>
            Link
          </Button>
        </Flex>
      ) : null}
      <ActionError error={action.error} />
    </Flex>
  );
};
