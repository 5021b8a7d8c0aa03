import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise, WarningCircle } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import type { ApiError } from '../api/client';

/** The designed states every list and page shares: loading, failed (with a retry), and nothing to show. */
export const LoadingState = ({ label }: { label: string }) => (
  <Flex justifyContent="center" padding={8}>
    <Loader>{label}</Loader>
  </Flex>
);

export const ErrorState = ({ error, onRetry }: { error: ApiError; onRetry?: () => void }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={8} role="alert">
    <Flex direction="column" alignItems="center" gap={3}>
      <WarningCircle width="3.2rem" height="3.2rem" fill="danger600" />
      <Typography variant="delta" tag="h2">
        {error.code === 'not_found' ? 'Not found' : 'This could not be loaded'}
      </Typography>
      <Typography textColor="neutral600" textAlign="center">
        {error.message}
      </Typography>
      {onRetry && error.code !== 'not_found' && error.code !== 'forbidden' ? (
        <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Flex>
  </Box>
);

export const EmptyState = ({ text, action }: { text: string; action?: React.ReactNode }) => (
  <EmptyStateLayout icon={<EmptyDocuments width="16rem" height="8rem" />} content={text} action={action} />
);

/** A failed action's message, next to the control that ran it; nothing when there is none. */
export const ActionError = ({ error }: { error: ApiError | null }) =>
  error ? (
    <Typography textColor="danger600" role="alert">
      {error.message}
    </Typography>
  ) : null;
