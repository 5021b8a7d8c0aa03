import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useSearchParams } from 'react-router-dom';
import { queryString, useHelpdeskApi } from '../api/client';
import type { AssigneeList, CategoryView, SearchHit, StatusView, TagView, TicketSummary } from '../api/types';
import { useResource } from '../api/use-resource';
import { HelpdeskPage } from '../components/layout';
import { QueueFilters } from '../components/queue/QueueFilters';
import { SearchHits } from '../components/queue/SearchHits';
import { TicketTable } from '../components/queue/TicketTable';
import { filtersFrom, listQuery, paramsFrom, searchQuery, type QueueFilters as Filters } from '../components/queue/filters';
import { useSession } from '../components/session';
import { EmptyState, ErrorState, LoadingState } from '../components/states';

const PAGE_SIZE = 20;

/** `truncated`: search only, when more matched than a search ranks (only the newest are in its pages). */
type Meta = { next_cursor: string | null; truncated?: boolean };
type Page = ({ kind: 'queue'; data: TicketSummary[] } | { kind: 'search'; data: SearchHit[] }) & { meta: Meta };

const VIEWS: Array<{ label: string; assignee: string }> = [
  { label: 'All', assignee: '' },
  { label: 'Mine', assignee: 'me' },
  { label: 'Unassigned', assignee: 'none' },
];

/** The catalog the filters offer; loaded once per visit. */
const useFilterOptions = () => {
  const api = useHelpdeskApi();
  return useResource(
    async () => {
      const [statuses, categories, assignees, tags] = await Promise.all([
        api.get<StatusView[]>('/statuses'),
        api.get<CategoryView[]>('/categories'),
        api.get<AssigneeList>('/assignees'),
        api.get<TagView[]>('/tags'),
      ]);
      return { statuses, categories, assignees, tags };
    },
    [api],
  );
};

export const QueuePage = () => {
  const api = useHelpdeskApi();
  const { account } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const filterKey = paramsFrom(filters).toString();
  // The cursors of the pages visited so far (page n is fetched with cursors[n - 1]), for these filters only.
  const [paging, setPaging] = React.useState<{ key: string; cursors: Array<string | null> }>({ key: filterKey, cursors: [null] });
  const cursors = paging.key === filterKey ? paging.cursors : [null];
  const setCursors = (next: (c: Array<string | null>) => Array<string | null>) => setPaging({ key: filterKey, cursors: next(cursors) });
  const cursor = cursors[cursors.length - 1] ?? null;

  const options = useFilterOptions();
  // With words to find, the page shows search_tickets' ranked hits (any status unless filtered) instead of the queue.
  const searching = filters.search !== '';
  const page = useResource(
    async (): Promise<Page> =>
      searching
        ? { kind: 'search', ...(await api.getWithMeta<SearchHit[], Meta>(`/search${queryString(searchQuery(filters, cursor, PAGE_SIZE))}`)) }
        : { kind: 'queue', ...(await api.getWithMeta<TicketSummary[], Meta>(`/tickets${queryString(listQuery(filters, cursor, PAGE_SIZE))}`)) },
    [api, filterKey, cursor],
  );

  const change = (next: Partial<Filters>) => setParams(paramsFrom({ ...filters, ...next }));
  const filtered = Boolean(filters.status || filters.priority || filters.category || filters.q || filters.search || filters.sla || filters.tags.length > 0);

  return (
    <HelpdeskPage
      title="Queue"
      subtitle={
        account.role === 'admin'
          ? 'Every ticket in the help desk.'
          : `Tickets of your groups (${account.groups.map((g) => g.name).join(', ') || 'none'}), assigned to you, or submitted by you.`
      }
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex gap={2} role="group" aria-label="Views">
          {VIEWS.map((v) => (
            <Button
              key={v.label}
              size="S"
              variant={filters.assignee === v.assignee ? 'default' : 'tertiary'}
              aria-pressed={filters.assignee === v.assignee}
              onClick={() => change({ assignee: v.assignee })}
            >
              {v.label}
            </Button>
          ))}
        </Flex>
        <QueueFilters
          filters={filters}
          statuses={options.data?.statuses ?? []}
          categories={options.data?.categories ?? []}
          tags={options.data?.tags ?? []}
          assignees={options.data?.assignees ?? null}
          onChange={change}
        />
        {options.state === 'error' ? <ErrorState error={options.error} onRetry={options.reload} /> : null}
        {page.state === 'error' ? (
          <ErrorState error={page.error} onRetry={page.reload} />
        ) : page.state === 'loading' && !page.data ? (
          <LoadingState label={searching ? 'Searching…' : 'Loading tickets…'} />
        ) : page.data && page.data.data.length === 0 ? (
          <EmptyState
            text={
              searching
                ? `Nothing found for ${filters.search}: no subject, description or reply holds every word.`
                : filtered || filters.assignee
                ? 'No tickets match these filters.'
                : 'No open tickets: everything in your queue is resolved or closed.'
            }
            action={
              filtered || filters.assignee ? (
                <Button variant="secondary" onClick={() => setParams(new URLSearchParams())}>
                  Clear filters
                </Button>
              ) : undefined
            }
          />
        ) : page.data ? (
          <Box aria-busy={page.state === 'loading'} style={{ opacity: page.state === 'loading' ? 0.6 : 1 }}>
            {page.data.kind === 'search' ? (
              <>
                {page.data.meta.truncated ? (
                  <Box paddingBottom={3}>
                    <Typography variant="pi" textColor="neutral600" data-testid="search-truncated">
                      Many tickets match: these are the best of the newest matches. Add words, a "quoted phrase" or a filter to reach older ones.
                    </Typography>
                  </Box>
                ) : null}
                <SearchHits hits={page.data.data} />
              </>
            ) : (
              <TicketTable
                tickets={page.data.data}
                oldestFirst={filters.order === 'oldest'}
                onToggleOrder={() => change({ order: filters.order === 'oldest' ? '' : 'oldest', sort: '' })}
                byDue={filters.sort === 'due'}
                onToggleDue={() => change({ sort: filters.sort === 'due' ? '' : 'due' })}
              />
            )}
            <Flex justifyContent="space-between" paddingTop={4}>
              <Typography variant="pi" textColor="neutral600">
                Page {cursors.length} ·{' '}
                {page.data.kind === 'search'
                  ? `${page.data.data.length} ${page.data.data.length === 1 ? 'hit' : 'hits'}, best first`
                  : `${page.data.data.length} tickets`}
              </Typography>
              <Flex gap={2}>
                <Button
                  variant="tertiary"
                  size="S"
                  startIcon={<ChevronLeft />}
                  disabled={cursors.length === 1}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  Previous
                </Button>
                <Button
                  variant="tertiary"
                  size="S"
                  endIcon={<ChevronRight />}
                  disabled={!page.data.meta.next_cursor}
                  onClick={() => setCursors((c) => [...c, page.data?.meta.next_cursor ?? null])}
                >
                  Next
                </Button>
              </Flex>
            </Flex>
          </Box>
        ) : null}
      </Flex>
    </HelpdeskPage>
  );
};
