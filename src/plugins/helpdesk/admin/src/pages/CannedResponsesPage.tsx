import * as React from 'react';
import { Button, Field, Flex, TextInput } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { queryString, useHelpdeskApi, type ApiError } from '../api/client';
import type { CannedResponseView } from '../api/types';
import { useResource } from '../api/use-resource';
import { CannedResponseDialog } from '../components/canned/CannedResponseDialog';
import { CannedResponseTable } from '../components/canned/CannedResponseTable';
import { HelpdeskPage } from '../components/layout';
import { useSession } from '../components/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

/** The team's reusable replies: the ones this person sees, to create, edit, delete and share. */
export const CannedResponsesPage = () => {
  const api = useHelpdeskApi();
  const { account, can } = useSession();
  const { toggleNotification } = useNotification();
  const [q, setQ] = React.useState('');
  const responses = useResource(() => api.get<CannedResponseView[]>(`/canned-responses${queryString({ q: q.trim(), limit: 100 })}`), [api, q]);
  const [deleting, setDeleting] = React.useState<string | null>(null);

  const remove = async (response: CannedResponseView) => {
    setDeleting(response.id);
    try {
      await api.del(`/canned-responses/${response.id}`);
      toggleNotification({ type: 'success', message: `“${response.title}” is deleted.` });
      responses.reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as ApiError).message });
    } finally {
      setDeleting(null);
    }
  };

  return (
    <HelpdeskPage
      title="Canned responses"
      subtitle="Reusable replies, filled from the ticket when you insert one in a reply. Share them with a group or everyone, or keep them to yourself."
      primaryAction={
        can.reply ? (
          <CannedResponseDialog
            account={account}
            onSaved={responses.reload}
            trigger={<Button startIcon={<Plus />}>New canned response</Button>}
          />
        ) : undefined
      }
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Field.Root name="q">
          <Field.Label>Find</Field.Label>
          <TextInput value={q} placeholder="Title or text" onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)} />
        </Field.Root>
        {responses.state === 'error' ? (
          <ErrorState error={responses.error} onRetry={responses.reload} />
        ) : !responses.data ? (
          <LoadingState label="Loading canned responses…" />
        ) : responses.data.length === 0 ? (
          <EmptyState text={q ? 'No canned response matches.' : 'No canned responses yet. Create one for the answers you give often.'} />
        ) : (
          <CannedResponseTable account={account} responses={responses.data} canChange={can.reply} deleting={deleting} onChanged={responses.reload} onDelete={remove} />
        )}
      </Flex>
    </HelpdeskPage>
  );
};
