import * as React from 'react';
import { Button, Field, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useHelpdeskApi } from '../../api/client';
import type { AssigneeList, TicketDetail } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useAction } from './use-action';
import { ActionError } from '../states';

/** Encodes the one choice the service takes: a user, a group, or nobody (DESIGN §3). */
const valueOf = (t: Pick<TicketDetail, 'assignee' | 'group'>) =>
  t.assignee ? `user:${t.assignee.id}` : t.group ? `group:${t.group.id}` : 'none';

const bodyOf = (value: string) => {
  const [kind, id] = value.split(':');
  return { assignee_id: kind === 'user' ? id : null, group_id: kind === 'group' ? id : null };
};

export const AssignControl = ({ ticket, onChanged }: { ticket: TicketDetail; onChanged(): void }) => {
  const api = useHelpdeskApi();
  const assignees = useResource(() => api.get<AssigneeList>('/assignees'), [api]);
  const [value, setValue] = React.useState(valueOf(ticket));
  React.useEffect(() => setValue(valueOf(ticket)), [ticket]);
  const action = useAction();

  if (assignees.state === 'error') {
    return <Typography textColor="danger600">{assignees.error.message}</Typography>;
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Field.Root name="assignment">
        <Field.Label>Assign to</Field.Label>
        <SingleSelect value={value} onChange={(v) => setValue(String(v))} loading={assignees.state === 'loading'}>
          <SingleSelectOption value="none">Nobody (unassigned)</SingleSelectOption>
          {(assignees.data?.groups ?? []).map((g) => (
            <SingleSelectOption key={g.id} value={`group:${g.id}`}>
              {`Group: ${g.name}`}
            </SingleSelectOption>
          ))}
          {(assignees.data?.users ?? []).map((u) => (
            <SingleSelectOption key={u.id} value={`user:${u.id}`}>
              {`${u.name} (${u.role === 'admin' ? 'Admin' : 'Staff'})`}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <Button
        variant="secondary"
        disabled={value === valueOf(ticket)}
        loading={action.busy}
        onClick={() =>
          action.run(async () => {
            await api.put(`/tickets/${ticket.id}/assignment`, bodyOf(value));
            onChanged();
          })
        }
      >
        Assign
      </Button>
      <ActionError error={action.error} />
    </Flex>
  );
};
