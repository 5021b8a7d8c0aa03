/** Where the peer server mounts the stock content API for tickets: GET /api/bench-stock/tickets[/:id]. */
export const STOCK_PREFIX = '/bench-stock';
