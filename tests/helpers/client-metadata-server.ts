import https from 'https';
import type { IncomingMessage, ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { generate } from 'selfsigned';
import { startHelpdesk, type TestApp } from './strapi';

/** What one path of the server does: answer however the test needs (a document, a delay, a redirect). */
export type MetadataRoute = (exchange: { request: IncomingMessage; response: ServerResponse; url: string; origin: string }) => void | Promise<void>;

export interface ClientMetadataServer {
  /** https://127.0.0.1:<port>, no trailing slash */
  origin: string;
  /** The full URL of a path, which is also the client_id of the document served there. */
  url(path: string): string;
  /** How often each path was fetched, so a test can tell whether the help desk asked at all. */
  hits(path: string): number;
  close(): Promise<void>;
}

/**
 * A JSON body made from the document's own URL (its client_id) and the server's origin, sent with its length (as a
 * real document host sends it) unless `chunked` asks for none.
 */
export const json =
  (body: (at: { url: string; origin: string }) => unknown, options: { chunked?: boolean; status?: number } = {}): MetadataRoute =>
  ({ response, url, origin }) => {
    const text = JSON.stringify(body({ url, origin }));
    response.statusCode = options.status ?? 200;
    response.setHeader('Content-Type', 'application/json');
    if (options.chunked) {
      // Two writes and no Content-Length: the reader cannot know the size before the body has arrived.
      response.write(text.slice(0, 1024));
      response.end(text.slice(1024));
      return;
    }
    response.setHeader('Content-Length', Buffer.byteLength(text));
    response.end(text);
  };

/**
 * A client metadata document host on 127.0.0.1 over https, as a client would serve its document. The certificate
 * is self-signed and made fresh for each run (nothing to commit or expire); the help desk fetches such loopback
 * documents only with HELPDESK_OAUTH_LOOPBACK_CLIENT_METADATA=true, and then without checking the certificate.
 */
export const startClientMetadataServer = async (routes: Record<string, MetadataRoute>): Promise<ClientMetadataServer> => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const counts = new Map<string, number>();
  let origin = '';
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const path = new URL(request.url ?? '/', 'https://127.0.0.1').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const route = routes[path];
    if (!route) {
      response.statusCode = 404;
      response.end();
      return;
    }
    Promise.resolve(route({ request, response, url: `${origin}${path}`, origin })).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    hits: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/**
 * The help desk, started so that it fetches client metadata documents from 127.0.0.1 (where the server above
 * runs). The setting is read into the app's config at load, and the variable restored at once, so no other test
 * file in this worker inherits it.
 */
export const startHelpdeskTrustingLoopbackMetadata = async (): Promise<TestApp> => {
  const before = process.env.HELPDESK_OAUTH_LOOPBACK_CLIENT_METADATA;
  process.env.HELPDESK_OAUTH_LOOPBACK_CLIENT_METADATA = 'true';
  try {
    return await startHelpdesk();
  } finally {
    if (before === undefined) delete process.env.HELPDESK_OAUTH_LOOPBACK_CLIENT_METADATA;
    else process.env.HELPDESK_OAUTH_LOOPBACK_CLIENT_METADATA = before;
  }
};
