import * as React from 'react';
import { Button, Field, Flex, SingleSelect, SingleSelectOption, Tag, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { useHelpdeskApi } from '../../api/client';
import type { TagView, TicketDetail } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useAction } from './use-action';
import { ActionError } from '../states';

/** The ticket's tags, each removable, and the catalog's other tags to add: one change per click, in the history. */
export const TagControl = ({ ticket, onChanged }: { ticket: TicketDetail; onChanged(): void }) => {
  const api = useHelpdeskApi();
  const catalog = useResource(() => api.get<TagView[]>('/tags'), [api]);
  const [name, setName] = React.useState('');
  const action = useAction();
  const onTicket = new Set(ticket.tags.map((t) => t.id));
  const addable = (catalog.data ?? []).filter((t) => !onTicket.has(t.id));

  const change = (body: { add?: string[]; remove?: string[] }) =>
    action.run(async () => {
      await api.put(`/tickets/${ticket.id}/tags`, body);
      setName('');
      onChanged();
    });

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {ticket.tags.length === 0 ? (
        <Typography textColor="neutral600">No tags.</Typography>
      ) : (
        <Flex gap={2} wrap="wrap" tag="ul" aria-label="Tags on this ticket">
          {ticket.tags.map((t) => (
            <li key={t.id}>
              <Tag icon={<Cross aria-hidden />} label={`Remove tag ${t.name}`} disabled={action.busy} onClick={() => change({ remove: [t.name] })}>
                {t.name}
              </Tag>
            </li>
          ))}
        </Flex>
      )}
      {catalog.state === 'error' ? (
        <Typography textColor="danger600">{catalog.error.message}</Typography>
      ) : (
        <>
          <Field.Root name="tag" hint={catalog.data && catalog.data.length === 0 ? 'Admins add tags in the Content Manager.' : undefined}>
            <Field.Label>Add a tag</Field.Label>
            <SingleSelect
              placeholder={addable.length === 0 && catalog.data ? 'No other tags' : 'Choose a tag'}
              value={name}
              onChange={(v) => setName(String(v))}
              loading={catalog.state === 'loading'}
              disabled={addable.length === 0}
            >
              {addable.map((t) => (
                <SingleSelectOption key={t.id} value={t.name}>
                  {t.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
          </Field.Root>
          <Button variant="secondary" disabled={!name} loading={action.busy} onClick={() => change({ add: [name] })}>
            Add tag
          </Button>
        </>
      )}
      <ActionError error={action.error} />
    </Flex>
  );
};
