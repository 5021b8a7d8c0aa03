import { Box, Flex, Typography } from '@strapi/design-system';
import { EmptyPermissions } from '@strapi/icons/symbols';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { Session } from '../api/types';

type Reason = NonNullable<Session['problem']>['reason'];

/** What to ask for, by the server's reason; the server's own message (shown above it) says what is wrong. */
const NEXT_STEP: Record<NonNullable<Reason>, (email: string) => string> = {
  not_linked: (email) => `Ask one to link you, naming your admin-panel email (${email}).`,
  user_role: () => 'Ask one to link you to a Staff or Admin account instead.',
  blocked: () => 'Ask one to unblock the account, or to link you to another.',
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
              The Help Desk pages act as the help-desk account your admin-panel user is linked to, never one found by your
              email or name. A help-desk Admin makes the links, under Help Desk → Panel access.{' '}
              {NEXT_STEP[reason ?? 'not_linked'](session.panel_user.email)}
            </Typography>
          </Flex>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};
