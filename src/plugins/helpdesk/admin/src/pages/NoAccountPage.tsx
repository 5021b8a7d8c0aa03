import { Box, Flex, Typography } from '@strapi/design-system';
import { EmptyPermissions } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { Session } from '../api/types';

type Reason = NonNullable<Session['problem']>['reason'];

/** What to do about it, by the server's reason; the server's own message says what is wrong. */
const NEXT_STEP: Record<NonNullable<Reason>, string> = {
  not_linked:
    'Ask a help-desk Admin to link your admin-panel user to your Staff or Admin account under Help Desk → Panel access.',
  user_role:
    'Ask a help-desk Admin to link your admin-panel user to a Staff or Admin account under Help Desk → Panel access, or to give your account the Staff role.',
  blocked: 'Ask a help-desk Admin to unblock the account, or to link your admin-panel user to another one under Help Desk → Panel access.',
};

/** A panel user who cannot work tickets (no link, a User-role or a blocked account): why, and what to do. No ticket data is requested. */
export const NoAccountPage = ({ session }: { session: Session }) => {
  const reason = session.problem?.reason ?? null;
  return (
    <Page.Main>
      <Page.Title>Help Desk</Page.Title>
      <Layouts.Header title="Help Desk" subtitle={`Signed in as ${session.panel_user.email}`} />
      <Layouts.Content>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={10} data-testid="helpdesk-no-account" data-reason={reason ?? ''}>
          <Flex direction="column" alignItems="center" gap={4}>
            <EmptyPermissions width="16rem" height="8rem" />
            <Typography variant="beta" tag="h2">
              You cannot work tickets here yet
            </Typography>
            <Typography textColor="neutral700" textAlign="center" style={{ maxWidth: '64rem' }}>
              {session.problem?.message ?? 'Your admin-panel user is not linked to a Staff or Admin help-desk account.'}
            </Typography>
            <Typography variant="pi" textColor="neutral600" textAlign="center" style={{ maxWidth: '64rem' }}>
              The Help Desk pages act as the help-desk account your admin-panel user is linked to, and they are for Staff and
              Admin accounts only. Your email or name never decides which account that is.{' '}
              {NEXT_STEP[reason ?? 'not_linked']}
            </Typography>
          </Flex>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};
