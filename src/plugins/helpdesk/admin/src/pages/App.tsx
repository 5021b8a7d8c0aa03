import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { useHelpdeskApi } from '../api/client';
import type { Session } from '../api/types';
import { useResource } from '../api/use-resource';
import { SessionProvider } from '../components/session';
import { ErrorState } from '../components/states';
import { ApiKeysPage } from './ApiKeysPage';
import { AuditLogPage } from './AuditLogPage';
import { CannedResponsesPage } from './CannedResponsesPage';
import { NoAccountPage } from './NoAccountPage';
import { PanelAccessPage } from './PanelAccessPage';
import { QueuePage } from './QueuePage';
import { SettingsPage } from './SettingsPage';
import { TicketPage } from './TicketPage';

/**
 * The plugin's page: first who the signed-in panel user is in the help desk (DESIGN §2), then the section they
 * asked for. Without a Staff or Admin account nothing else is requested: they get the explanation and no data.
 */
const App = () => {
  const api = useHelpdeskApi();
  const session = useResource(() => api.get<Session>('/me'), [api]);

  if (session.state === 'loading' && !session.data) return <Page.Loading>Loading the Help Desk…</Page.Loading>;
  if (session.state === 'error') {
    return (
      <Page.Main>
        <ErrorState error={session.error} onRetry={session.reload} />
      </Page.Main>
    );
  }
  if (!session.data) return null;
  const { account } = session.data;
  if (!account) return <NoAccountPage session={session.data} />;

  return (
    <SessionProvider session={session.data} account={account}>
      <Routes>
        <Route index element={<QueuePage />} />
        <Route path="tickets/:id" element={<TicketPage />} />
        <Route path="canned-responses" element={<CannedResponsesPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="audit" element={<AuditLogPage />} />
        <Route path="panel-access" element={<PanelAccessPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="*" element={<QueuePage />} />
      </Routes>
    </SessionProvider>
  );
};

export default App;
