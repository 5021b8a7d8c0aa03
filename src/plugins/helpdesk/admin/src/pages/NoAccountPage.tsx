import { Box, Flex, Typography } from '@strapi/design-system';
import { EmptyPermissions } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { Session } from '../api/types';

/** A panel user who is not help-desk Staff or Admin: why, and what to do about it. No ticket data is requested. */
export const NoAccountPage = ({ session }: { session: Session }) => (
  <Page.Main>
    <Page.Title>Help Desk</Page.Title>
    <Layouts.Header title="Help Desk" subtitle={`Signed in as ${session.panel_user.email}`} />
    <Layouts.Content>
      <Box background="neutral0" hasRadius shadow="tableShadow" padding={10} data-testid="helpdesk-no-account">
        <Flex direction="column" alignItems="center" gap={4}>
          <EmptyPermissions width="16rem" height="8rem" />
          <Typography variant="beta" tag="h2">
            You cannot work tickets here yet
          </Typography>
          <Typography textColor="neutral700" textAlign="center">
            {session.problem?.message ?? 'Your help-desk account is not Staff or Admin.'}
          </Typography>
          <Typography variant="pi" textColor="neutral600" textAlign="center">
            The Help Desk pages act as the help-desk account with the same email as your admin-panel user, and they are
            for Staff and Admin accounts only.
          </Typography>
        </Flex>
      </Box>
    </Layouts.Content>
  </Page.Main>
);
