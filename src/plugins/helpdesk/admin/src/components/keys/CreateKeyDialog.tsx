import * as React from 'react';
import { Alert, Button, Checkbox, Field, Flex, Modal, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useHelpdeskApi } from '../../api/client';
import type { ApiKeyView } from '../../api/types';
import { useAction } from '../ticket/use-action';
import { EXPIRY_CHOICES, expiresAt, mcpClientConfig } from './key-status';
import { SecretBox } from './SecretBox';
import { ActionError } from '../states';

interface Created {
  key: string;
  api_key: ApiKeyView;
}

/** Creates a key and shows it once, with a ready-to-paste MCP client configuration. */
export const CreateKeyDialog = ({ mcpUrl, onCreated }: { mcpUrl: string; onCreated(): void }) => {
  const api = useHelpdeskApi();
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState('');
  const [readOnly, setReadOnly] = React.useState(false);
  const [expiry, setExpiry] = React.useState('never');
  const [created, setCreated] = React.useState<Created | null>(null);
  const action = useAction();

  const reset = () => {
    setName('');
    setReadOnly(false);
    setExpiry('never');
    setCreated(null);
  };
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    // The key is dropped from memory when the dialog closes: it is never shown again.
    if (!next) reset();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const result = await api.post<Created>('/api-keys', { name, read_only: readOnly, expires_at: expiresAt(expiry) });
      setCreated(result);
      onCreated();
    });
  };
  const nameProblem = action.error?.fields.find((f) => f.field === 'name')?.message;

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Trigger>
        <Button startIcon={<Plus />}>Create API key</Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{created ? 'Your new API key' : 'Create an API key'}</Modal.Title>
        </Modal.Header>
        {created ? (
          <>
            <Modal.Body>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Alert variant="warning" title="Copy it now" closeLabel="Close">
                  This is the only time the key is shown. The help desk keeps only a hash of it.
                </Alert>
                <SecretBox label="Key" copyLabel="Copy key" value={created.key} testId="new-api-key" />
                <SecretBox label="MCP client config" copyLabel="Copy config" value={mcpClientConfig(mcpUrl, created.key)} testId="mcp-config" />
                <Typography variant="pi" textColor="neutral600">
                  Paste the configuration into your MCP client (for example Claude Desktop or Cursor). The assistant then
                  works tickets as you{created.api_key.read_only ? ', read-only' : ''}.
                </Typography>
              </Flex>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button>Done</Button>
              </Modal.Close>
            </Modal.Footer>
          </>
        ) : (
          <form onSubmit={submit}>
            <Modal.Body>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Field.Root name="name" required error={nameProblem} hint="One key per integration, named after it, e.g. “Claude on my laptop”.">
                  <Field.Label>Name</Field.Label>
                  <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
                <Field.Root name="expires">
                  <Field.Label>Expires</Field.Label>
                  <SingleSelect value={expiry} onChange={(v) => setExpiry(String(v))}>
                    {EXPIRY_CHOICES.map((c) => (
                      <SingleSelectOption key={c.value} value={c.value}>
                        {c.label}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
                <Checkbox checked={readOnly} onCheckedChange={(v) => setReadOnly(v === true)}>
                  Read-only: the key can read tickets but change nothing
                </Checkbox>
                <ActionError error={nameProblem ? null : action.error} />
              </Flex>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary">Cancel</Button>
              </Modal.Close>
              <Button type="submit" loading={action.busy} disabled={!name.trim()}>
                Create key
              </Button>
            </Modal.Footer>
          </form>
        )}
      </Modal.Content>
    </Modal.Root>
  );
};
