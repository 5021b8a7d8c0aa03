import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { queryString, useHelpdeskApi } from '../api/client';
import type { AuditEventView, AuditPagination } from '../api/types';
import { useResource } from '../api/use-resource';
import { AuditFilters, EMPTY_AUDIT_FILTERS, type AuditFilterValues } from '../components/audit/AuditFilters';
import { AuditTable } from '../components/audit/AuditTable';
import { ExportButtons } from '../components/audit/ExportButtons';
import { HelpdeskPage } from '../components/layout';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

const PAGE_SIZE = 25;

/** Every change and every refused attempt (DESIGN §6), newest first. Admins only: the service checks it too. */
export const AuditLogPage = () => {
  const api = useHelpdeskApi();
  const [filters, setFilters] = React.useState<AuditFilterValues>(EMPTY_AUDIT_FILTERS);
  const [page, setPage] = React.useState(1);
  const events = useResource(
    () =>
      api.getWithMeta<AuditEventView[], { pagination: AuditPagination }>(
        `/audit-events${queryString({ ...filters, page, page_size: PAGE_SIZE })}`,
      ),
    [api, filters, page],
  );
  const pagination = events.data?.meta.pagination;
  const filtered = Object.values(filters).some(Boolean);

  return (
    <HelpdeskPage
      title="Audit log"
      subtitle="Every change and every refused attempt, on every channel."
      primaryAction={<ExportButtons filters={filters} />}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <AuditFilters
          value={filters}
          onApply={(next) => {
            setFilters(next);
            setPage(1);
          }}
        />
        {events.state === 'error' ? (
          <ErrorState error={events.error} onRetry={events.reload} />
        ) : !events.data ? (
          <LoadingState label="Loading the audit log…" />
        ) : events.data.data.length === 0 ? (
          <EmptyState text={filtered ? 'No audit events match these filters.' : 'Nothing has been recorded yet.'} />
        ) : (
          <>
            <AuditTable events={events.data.data} />
            <Flex justifyContent="space-between">
              <Typography variant="pi" textColor="neutral600">
                Page {pagination?.page} of {pagination?.page_count} · {pagination?.total} {pagination?.total === 1 ? 'event' : 'events'}
              </Typography>
              <Flex gap={2}>
                <Button variant="tertiary" size="S" startIcon={<ChevronLeft />} disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                  Previous
                </Button>
                <Button
                  variant="tertiary"
                  size="S"
                  endIcon={<ChevronRight />}
                  disabled={!pagination || page >= pagination.page_count}
                  onClick={() => setPage((p) => p + 1)}
                >
                  Next
                </Button>
              </Flex>
            </Flex>
          </>
        )}
      </Flex>
    </HelpdeskPage>
  );
};
