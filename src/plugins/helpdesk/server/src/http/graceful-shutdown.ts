import type { Server } from 'http';
import type { Core } from '@strapi/strapi';

/**
 * The drain Strapi lacks. On SIGTERM `strapi start` runs the plugins' destroy, then destroys every open socket (a
 * request in flight is cut off) and closes the database. This counts requests in flight from the start, and the
 * plugin's destroy calls drain() first: stop listening (new connections are refused; Node also closes idle
 * keep-alive sockets), then wait, at most `timeoutMs`, for the requests in flight to finish.
 */
export const trackRequestsInFlight = (server: Server) => {
  let inFlight = 0;
  const idle = new Set<() => void>();
  server.on('request', (_request, response) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of idle) resolve();
    });
  });
  return {
    /** Resolves true when nothing is in flight any more, false when the bound ran out first. */
    drain(timeoutMs: number): Promise<boolean> {
      if (server.listening) server.close();
      server.closeIdleConnections();
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (drained: boolean) => {
          clearTimeout(timer);
          idle.delete(onIdle);
          resolve(drained);
        };
        const onIdle = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        idle.add(onIdle);
      });
    },
    inFlight: () => inFlight,
  };
};

type RequestsInFlight = ReturnType<typeof trackRequestsInFlight>;
const tracked = new WeakMap<Core.Strapi, RequestsInFlight>();

/** In register(): count this app's requests from the first one on. */
export const watchRequestsInFlight = (strapi: Core.Strapi): void => {
  tracked.set(strapi, trackRequestsInFlight(strapi.server.httpServer));
};

/** In destroy(): stop accepting and let the requests in flight finish, within the configured bound. */
export const drainRequestsInFlight = async (strapi: Core.Strapi, timeoutMs: number): Promise<void> => {
  const requests = tracked.get(strapi);
  if (!requests) return;
  const pending = requests.inFlight();
  if (pending > 0) strapi.log.info(`helpdesk: shutting down; waiting up to ${timeoutMs} ms for ${pending} request(s) in flight`);
  if (!(await requests.drain(timeoutMs))) {
    strapi.log.warn(`helpdesk: ${requests.inFlight()} request(s) still in flight after ${timeoutMs} ms; they are cut off`);
  }
};
