import * as React from 'react';
import { Box, Button, Field, Flex, IconButton, Textarea, Typography } from '@strapi/design-system';
import { Cross, PaperPlane, Paperclip } from '@strapi/icons';
import { ApiError, useHelpdeskApi } from '../../api/client';
import type { ReplyResult } from '../../api/types';
import { ActionError } from '../states';
import { InsertCannedResponse } from '../canned/InsertCannedResponse';
import { formatBytes } from './Attachments';

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
  const [files, setFiles] = React.useState<File[]>([]);
  const [dragging, setDragging] = React.useState(false);
  const picker = React.useRef<HTMLInputElement>(null);
  const text = KINDS[kind];

  const addFiles = (list: FileList | null) => {
    // Copied now: the picker's FileList empties when its value is reset, before the state update runs.
    const added = list ? Array.from(list) : [];
    if (added.length > 0) setFiles((current) => [...current, ...added]);
  };
  const onDrop = (event: React.DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      // With files the reply goes as multipart; the server checks every file before anything is saved.
      let payload: unknown = { body, is_internal: kind === 'internal' };
      if (files.length > 0) {
        const form = new FormData();
        form.append('body', body);
        form.append('is_internal', String(kind === 'internal'));
        for (const file of files) form.append('files', file, file.name);
        payload = form;
      }
      const result = await api.post<ReplyResult>(`/tickets/${ticketId}/replies`, payload);
      setBody('');
      setFiles([]);
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
        <Box
          data-testid="attachment-drop-zone"
          onDragOver={(e: React.DragEvent) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          borderColor={dragging ? 'primary600' : 'neutral300'}
          borderStyle="dashed"
          borderWidth="1px"
          hasRadius
          padding={3}
        >
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2}>
              <Button type="button" variant="secondary" size="S" startIcon={<Paperclip />} onClick={() => picker.current?.click()}>
                Attach files
              </Button>
              <Typography variant="pi" textColor="neutral600">
                or drop them here (images, PDF, text, logs, CSV, Office documents)
              </Typography>
              <input
                ref={picker}
                type="file"
                multiple
                hidden
                aria-label="Attach files"
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                  addFiles(e.target.files);
                  e.target.value = '';
                }}
              />
            </Flex>
            {files.map((file, index) => (
              <Flex key={`${file.name}-${index}`} gap={2} data-testid="pending-attachment">
                <Typography>
                  {file.name} · {formatBytes(file.size)}
                </Typography>
                <IconButton label={`Remove ${file.name}`} variant="ghost" onClick={() => setFiles((current) => current.filter((_, i) => i !== index))}>
                  <Cross />
                </IconButton>
              </Flex>
            ))}
            {error?.fields
              .filter((f) => f.field.startsWith('files'))
              .map((f) => (
                <Typography key={`${f.field}-${f.rule}`} textColor="danger600" role="alert">
                  {f.message}
                </Typography>
              ))}
          </Flex>
        </Box>
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
