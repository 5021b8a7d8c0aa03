import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useHelpdeskApi } from '../../api/client';
import type { CannedResponseView, RenderedCannedResponse } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useAction } from '../ticket/use-action';
import { ActionError } from '../states';

/**
 * Picks a canned response and hands its text, filled for this ticket by the server, to the composer. Nothing is
 * sent: the text lands in the reply for the staff member to edit and send.
 */
export const InsertCannedResponse = ({ ticketId, onInsert }: { ticketId: string; onInsert(text: string): void }) => {
  const api = useHelpdeskApi();
  const responses = useResource(() => api.get<CannedResponseView[]>('/canned-responses?limit=100'), [api]);
  const [choice, setChoice] = React.useState('');
  const action = useAction();

  if (responses.state === 'error') return <Typography textColor="danger600">{responses.error.message}</Typography>;
  if (responses.data && responses.data.length === 0) return null;

  const insert = (id: string) => {
    setChoice(id);
    void action.run(async () => {
      const rendered = await api.get<RenderedCannedResponse>(`/canned-responses/${id}/render?ticket_id=${ticketId}`);
      onInsert(rendered.text);
      setChoice('');
    });
  };

  return (
    <Field.Root name="canned_response" hint="Filled from this ticket and put into your reply, for you to edit before sending.">
      <Field.Label>Insert a canned response</Field.Label>
      <SingleSelect value={choice} placeholder="Choose a canned response" onChange={(v) => insert(String(v))} loading={responses.state === 'loading' || action.busy}>
        {(responses.data ?? []).map((r) => (
          <SingleSelectOption key={r.id} value={r.id}>
            {r.title}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
      <ActionError error={action.error} />
    </Field.Root>
  );
};
