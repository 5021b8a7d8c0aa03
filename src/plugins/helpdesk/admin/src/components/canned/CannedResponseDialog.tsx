import * as React from 'react';
import { Button, Field, Flex, Modal, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import { useHelpdeskApi } from '../../api/client';
import type { AssigneeList, CannedResponseView, MeView } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useAction } from '../ticket/use-action';
import { ActionError } from '../states';

const VISIBILITY = {
  private: 'Only me',
  group: 'One of my groups',
  everyone: 'All staff and admins',
} as const;
type Visibility = keyof typeof VISIBILITY;

const PLACEHOLDERS = ['{{ticket.subject}}', '{{ticket.id}}', '{{ticket.status}}', '{{ticket.priority}}', '{{ticket.category}}', '{{submitter.name}}', '{{agent.name}}'];

interface Props {
  account: MeView;
  /** The response to edit; none to create one. */
  response?: CannedResponseView;
  trigger: React.ReactNode;
  onSaved(): void;
}

/** Creates or edits a canned response: its title, its Markdown body with placeholders, and who sees it. */
export const CannedResponseDialog = ({ account, response, trigger, onSaved }: Props) => {
  const api = useHelpdeskApi();
  const isAdmin = account.role === 'admin';
  const [open, setOpen] = React.useState(false);
  const [title, setTitle] = React.useState(response?.title ?? '');
  const [body, setBody] = React.useState(response?.body ?? '');
  const [visibility, setVisibility] = React.useState<Visibility>(response?.visibility ?? 'private');
  const [groupId, setGroupId] = React.useState(response?.group?.id ?? '');
  // Staff share with their own groups; admins with any group (the directory lists them all).
  const directory = useResource(() => (isAdmin && open ? api.get<AssigneeList>('/assignees') : Promise.resolve(null)), [api, isAdmin, open]);
  const groups = isAdmin ? (directory.data?.groups ?? []) : account.groups;
  const action = useAction();

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setTitle(response?.title ?? '');
      setBody(response?.body ?? '');
      setVisibility(response?.visibility ?? 'private');
      setGroupId(response?.group?.id ?? '');
    }
  };
  const problem = (field: string) => action.error?.fields.find((f) => f.field === field)?.message;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const input = { title, body, visibility, group_id: visibility === 'group' ? groupId || null : null };
      if (response) await api.put(`/canned-responses/${response.id}`, input);
      else await api.post('/canned-responses', input);
      setOpen(false);
      onSaved();
    });
  };

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Trigger>{trigger}</Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{response ? 'Edit canned response' : 'New canned response'}</Modal.Title>
        </Modal.Header>
        <form onSubmit={submit}>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Field.Root name="title" required error={problem('title')}>
                <Field.Label>Title</Field.Label>
                <TextInput value={title} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTitle(e.target.value)} />
                <Field.Error />
              </Field.Root>
              <Field.Root name="body" required error={problem('body')} hint={`Markdown. Placeholders: ${PLACEHOLDERS.join(' ')}`}>
                <Field.Label>Body</Field.Label>
                <Textarea value={body} rows={8} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setBody(e.target.value)} />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
              <Field.Root name="visibility">
                <Field.Label>Visible to</Field.Label>
                <SingleSelect value={visibility} onChange={(v) => setVisibility(String(v) as Visibility)}>
                  {(Object.keys(VISIBILITY) as Visibility[]).map((v) => (
                    <SingleSelectOption key={v} value={v}>
                      {VISIBILITY[v]}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              {visibility === 'group' ? (
                <Field.Root name="group_id" required error={problem('group_id')}>
                  <Field.Label>Group</Field.Label>
                  <SingleSelect value={groupId} placeholder="Choose a group" onChange={(v) => setGroupId(String(v))} loading={directory.state === 'loading'}>
                    {groups.map((g) => (
                      <SingleSelectOption key={g.id} value={g.id}>
                        {g.name}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              ) : null}
              {groups.length === 0 && visibility === 'group' ? (
                <Typography textColor="neutral600">You are in no group yet: share it with everyone, or keep it to yourself.</Typography>
              ) : null}
              <ActionError error={action.error && action.error.fields.length === 0 ? action.error : null} />
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">Cancel</Button>
            </Modal.Close>
            <Button type="submit" loading={action.busy} disabled={!title.trim() || !body.trim()}>
              {response ? 'Save' : 'Create'}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
