export const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'] as const;

/** The queue's filters as they sit in the page's URL, so a filtered queue can be bookmarked and shared. */
export interface QueueFilters {
  status: string;
  priority: string;
  /** "", "me", "none" or a staff user's id. */
  assignee: string;
  category: string;
  q: string;
  /** "" for newest activity first, "oldest" for oldest first. */
  order: string;
  /** "", "ok", "due_soon" or "breached". */
  sla: string;
  /** "" for the activity order, "due" for the nearest due time first. */
  sort: string;
}

const KEYS: Array<keyof QueueFilters> = ['status', 'priority', 'assignee', 'category', 'q', 'order', 'sla', 'sort'];
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
  q: params.get('q') ?? '',
  order: params.get('order') === 'oldest' ? 'oldest' : '',
  sla: params.get('sla') ?? '',
  sort: params.get('sort') === 'due' ? 'due' : '',
});

export const paramsFrom = (filters: QueueFilters): URLSearchParams => {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  return params;
};

/** The admin route's query: the same names and meanings as the REST and MCP listing. */
export const listQuery = (filters: QueueFilters, cursor: string | null, limit: number) => ({
  status: filters.status,
  priority: filters.priority,
  assignee_id: filters.assignee,
  category: filters.category,
  q: filters.q,
  order: filters.order,
  sla: filters.sla,
  sort: filters.sort,
  cursor,
  limit,
});
