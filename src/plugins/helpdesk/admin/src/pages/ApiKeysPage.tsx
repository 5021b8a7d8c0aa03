import * as React from 'react';
import { Flex, Switch, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { queryString, useHelpdeskApi, type ApiError } from '../api/client';
import type { ApiKeyView } from '../api/types';
import { useResource } from '../api/use-resource';
import { ConnectedApps } from '../components/connections/ConnectedApps';
import { CreateKeyDialog } from '../components/keys/CreateKeyDialog';
import { KeyTable } from '../components/keys/KeyTable';
import { HelpdeskPage } from '../components/layout';
import { useSession } from '../components/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

export const ApiKeysPage = () => {
  const api = useHelpdeskApi();
  const { account, session } = useSession();
  const { toggleNotification } = useNotification();
  const isAdmin = account.role === 'admin';
  const [everyone, setEveryone] = React.useState(false);
  const keys = useResource(() => api.get<ApiKeyView[]>(`/api-keys${queryString({ all: everyone ? 'true' : undefined })}`), [api, everyone]);
  const [revoking, setRevoking] = React.useState<string | null>(null);

  const revoke = async (key: ApiKeyView) => {
    setRevoking(key.id);
    try {
      await api.del(`/api-keys/${key.id}`);
      toggleNotification({ type: 'success', message: `“${key.name}” is revoked.` });
      keys.reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as ApiError).message });
    } finally {
      setRevoking(null);
    }
  };

  return (
    <HelpdeskPage
      title="API keys"
      subtitle="Keys and connected apps let assistants and scripts act as you through the help desk's MCP server and REST API."
      primaryAction={<CreateKeyDialog mcpUrl={session.mcp_url} onCreated={keys.reload} />}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        {isAdmin ? (
          <Flex gap={2}>
            <Switch checked={everyone} onCheckedChange={setEveryone} aria-label="Show everyone's keys" />
            <Typography>Show everyone's keys</Typography>
          </Flex>
        ) : null}
        {keys.state === 'error' ? (
          <ErrorState error={keys.error} onRetry={keys.reload} />
        ) : !keys.data ? (
          <LoadingState label="Loading API keys…" />
        ) : keys.data.length === 0 ? (
          <EmptyState text={everyone ? 'Nobody has an API key yet.' : 'You have no API keys yet. Create one to connect an assistant.'} />
        ) : (
          <KeyTable keys={keys.data} showOwner={everyone} revoking={revoking} onRevoke={revoke} />
        )}
        <ConnectedApps isAdmin={isAdmin} />
      </Flex>
    </HelpdeskPage>
  );
};
