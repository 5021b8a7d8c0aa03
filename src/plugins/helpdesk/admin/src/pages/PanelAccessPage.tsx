import * as React from 'react';
import { Flex, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useHelpdeskApi, type ApiError } from '../api/client';
import type { PanelAccessView } from '../api/types';
import { useResource } from '../api/use-resource';
import { HelpdeskPage } from '../components/layout';
import { PanelAccessTable } from '../components/panel-access/PanelAccessTable';
import { useSession } from '../components/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

/**
 * Which help-desk account each admin-panel user works tickets as (DESIGN §2). The stored link is the only thing that
 * decides it; emails and names never do. Admins only: the service checks it too, and audits every change.
 */
export const PanelAccessPage = () => {
  const api = useHelpdeskApi();
  const { session } = useSession();
  const { toggleNotification } = useNotification();
  const rows = useResource(() => api.get<PanelAccessView[]>('/panel-access'), [api]);
  const [unlinking, setUnlinking] = React.useState<number | null>(null);

  const linked = (row: PanelAccessView) => {
    toggleNotification({ type: 'success', message: `${row.panel_user.email} now works tickets as ${row.account?.email}.` });
    rows.reload();
  };
  const unlink = async (row: PanelAccessView) => {
    setUnlinking(row.panel_user.id);
    try {
      await api.del(`/panel-access/${row.panel_user.id}`);
      toggleNotification({ type: 'success', message: `${row.panel_user.email} is no longer linked to a help-desk account.` });
      rows.reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: (error as ApiError).message });
    } finally {
      setUnlinking(null);
    }
  };

  return (
    <HelpdeskPage
      title="Panel access"
      subtitle="Which help-desk account each admin-panel user works tickets as. Only these links decide it, never an email."
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        {rows.state === 'error' ? (
          <ErrorState error={rows.error} onRetry={rows.reload} />
        ) : !rows.data ? (
          <LoadingState label="Loading panel users…" />
        ) : rows.data.length === 0 ? (
          <EmptyState text="There are no admin-panel users." />
        ) : (
          <>
            <PanelAccessTable rows={rows.data} selfEmail={session.panel_user.email} unlinking={unlinking} onLinked={linked} onUnlink={unlink} />
            <Typography variant="pi" textColor="neutral600">
              A panel user also needs an admin role with the Help Desk permissions (Settings → Roles). Every link and unlink is
              in the audit log.
            </Typography>
          </>
        )}
      </Flex>
    </HelpdeskPage>
  );
};
