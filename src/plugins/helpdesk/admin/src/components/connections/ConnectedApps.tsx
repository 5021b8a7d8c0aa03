import * as React from 'react';
import { Flex, Switch, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { queryString, useHelpdeskApi, type ApiError } from '../../api/client';
import type { ConnectionView } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { EmptyState, ErrorState, LoadingState } from '../states';
import { ConnectionTable } from './ConnectionTable';

/**
 * The API keys page's second section: assistants connected through the OAuth consent page (claude.ai, ChatGPT,
 * VS Code), each acting as its person until revoked. Admins may show everyone's, as with keys.
 */
export const ConnectedApps = ({ isAdmin }: { isAdmin: boolean }) => {
  const api = useHelpdeskApi();
  const { toggleNotification } = useNotification();
  const [everyone, setEveryone] = React.useState(false);
  const connections = useResource(() => api.get<ConnectionView[]>(`/connections${queryString({ all: everyone ? 'true' : undefined })}`), [api, everyone]);
  const [revoking, setRevoking] = React.useState<string | null>(null);

  const revoke = async (connection: ConnectionView) => {
    setRevoking(connection.id);
    try {
      await api.del(`/connections/${connection.id}`);
      toggleNotification({ type: 'success', message: `“${connection.client_name}” is disconnected: its tokens no longer work.` });
      connections.reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as ApiError).message });
    } finally {
      setRevoking(null);
    }
  };

  return (
    <Flex tag="section" aria-labelledby="helpdesk-connected-apps" direction="column" alignItems="stretch" gap={4} paddingTop={6}>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography id="helpdesk-connected-apps" variant="delta" tag="h2">
          Connected apps
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          Assistants you approved on the help desk's sign-in page. Each acts as you, read only or read and write, until you revoke it.
        </Typography>
      </Flex>
      {isAdmin ? (
        <Flex gap={2}>
          <Switch checked={everyone} onCheckedChange={setEveryone} aria-label="Show everyone's connected apps" />
          <Typography>Show everyone's connected apps</Typography>
        </Flex>
      ) : null}
      {connections.state === 'error' ? (
        <ErrorState error={connections.error} onRetry={connections.reload} />
      ) : !connections.data ? (
        <LoadingState label="Loading connected apps…" />
      ) : connections.data.length === 0 ? (
        <EmptyState
          text={
            everyone
              ? 'Nobody has connected an app yet.'
              : 'No apps are connected. Add this help desk to claude.ai, ChatGPT or VS Code by its MCP URL and approve it there.'
          }
        />
      ) : (
        <ConnectionTable connections={connections.data} showOwner={everyone} revoking={revoking} onRevoke={revoke} />
      )}
    </Flex>
  );
};
