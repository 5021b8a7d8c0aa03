export const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'] as const;

/** The queue's filters as they sit in the page's URL, so a filtered queue can be bookmarked and shared. */
export interface QueueFilters {
  status: string;
  priority: string;
  /** "", "me", "none" or a staff user's id. */
  assignee: string;
  category: string;
  /** Tag names: tickets carrying all of them. */
  tags: string[];
  q: string;
  /** Words or a "phrase" for search_tickets: when set, the page shows ranked hits instead of the queue. */
  search: string;
  /** "" for newest activity first, "oldest" for oldest first. */
  order: string;
  /** "", "ok", "due_soon" or "breached". */
  sla: string;
  /** "" for the activity order, "due" for the nearest due time first. */
  sort: string;
}

const KEYS = ['status', 'priority', 'assignee', 'category', 'q', 'search', 'order', 'sla', 'sort'] as const;
export const SLA_STATES = [
  ['breached', 'Breached'],
  ['due_soon', 'Due soon'],
  ['ok', 'On time'],
] as const;

export const filtersFrom = (params: URLSearchParams): QueueFilters => ({
  status: params.get('status') ?? '',
  priority: params.get('priority') ?? '',
  assignee: params.get('assignee') ?? '',
  category: params.get('category') ?? '',
  tags: params.getAll('tag'),
  q: params.get('q') ?? '',
  search: params.get('search') ?? '',
  order: params.get('order') === 'oldest' ? 'oldest' : '',
  sla: params.get('sla') ?? '',
  sort: params.get('sort') === 'due' ? 'due' : '',
});

export const paramsFrom = (filters: QueueFilters): URLSearchParams => {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  for (const tag of filters.tags) params.append('tag', tag);
  return params;
};

/** The admin route's query: the same names and meanings as the REST and MCP listing. */
export const listQuery = (filters: QueueFilters, cursor: string | null, limit: number) => ({
  status: filters.status,
  priority: filters.priority,
  assignee_id: filters.assignee,
  category: filters.category,
  tag: filters.tags,
  q: filters.q,
  order: filters.order,
  sla: filters.sla,
  sort: filters.sort,
  cursor,
  limit,
});

/** The admin search route's query: the queue's filters (not `q` or the order, which search ranks itself). */
export const searchQuery = (filters: QueueFilters, cursor: string | null, limit: number) => ({
  query: filters.search,
  status: filters.status,
  priority: filters.priority,
  assignee_id: filters.assignee,
  category: filters.category,
  tag: filters.tags,
  sla: filters.sla,
  cursor,
  limit,
});
