import * as React from 'react';
import { Box, Button, Field, Flex, Textarea } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import { ApiError, useHelpdeskApi } from '../../api/client';
import type { ReplyResult } from '../../api/types';
import { ActionError } from '../states';
import { InsertCannedResponse } from '../canned/InsertCannedResponse';

const KINDS = {
  public: { label: 'Public reply', field: 'Reply (Markdown)', submit: 'Send reply', hint: 'The submitter sees this reply.' },
  internal: { label: 'Internal note', field: 'Internal note (Markdown)', submit: 'Add internal note', hint: 'Only staff and admins see internal notes.' },
} as const;

/**
 * Writes a public reply or an internal note, optionally starting from a canned response; the thread reloads from the
 * server once it is saved.
 */
export const Composer = ({ ticketId, onSaved }: { ticketId: string; onSaved(result: ReplyResult): void }) => {
  const api = useHelpdeskApi();
  const [kind, setKind] = React.useState<keyof typeof KINDS>('public');
  const [body, setBody] = React.useState('');
  const [error, setError] = React.useState<ApiError | null>(null);
  const [saving, setSaving] = React.useState(false);
  const text = KINDS[kind];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const result = await api.post<ReplyResult>(`/tickets/${ticketId}/replies`, { body, is_internal: kind === 'internal' });
      setBody('');
      onSaved(result);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Box tag="form" onSubmit={submit} background={kind === 'internal' ? 'warning100' : 'neutral0'} hasRadius shadow="tableShadow" padding={4}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex gap={2} role="group" aria-label="Message kind">
          {(Object.keys(KINDS) as Array<keyof typeof KINDS>).map((k) => (
            <Button key={k} type="button" size="S" variant={k === kind ? 'default' : 'tertiary'} aria-pressed={k === kind} onClick={() => setKind(k)}>
              {KINDS[k].label}
            </Button>
          ))}
        </Flex>
        <InsertCannedResponse ticketId={ticketId} onInsert={(inserted) => setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${inserted}` : inserted))} />
        <Field.Root name="body" hint={text.hint} error={error?.fields.find((f) => f.field === 'body')?.message}>
          <Field.Label>{text.field}</Field.Label>
          <Textarea value={body} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setBody(e.target.value)} rows={5} />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
        <ActionError error={error && error.fields.length === 0 ? error : null} />
        <Flex justifyContent="flex-end">
          <Button type="submit" startIcon={<PaperPlane />} loading={saving} disabled={!body.trim()}>
            {text.submit}
          </Button>
        </Flex>
      </Flex>
    </Box>
  );
};
