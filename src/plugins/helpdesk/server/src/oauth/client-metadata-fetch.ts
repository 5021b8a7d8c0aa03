import https from 'https';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname.toLowerCase());

/**
 * oidc-provider fetches client metadata documents through a dispatcher that refuses private and loopback
 * addresses (no server-side request forgery), with a timeout, a size limit and no redirects. Development and the
 * tests serve a document on 127.0.0.1, which that refuses; with `allowLoopback` such a URL is fetched directly,
 * under the same timeout and without certificate checks (no public authority vouches for 127.0.0.1). Every
 * other URL takes the provider's protected path unchanged.
 */
export const clientMetadataFetch =
  (allowLoopback: boolean) =>
  async (url: URL | string, options: RequestInit & { dispatcher?: unknown }): Promise<Response> => {
    const target = new URL(String(url));
    if (!allowLoopback || !isLoopbackHost(target.hostname)) return fetch(target, options as RequestInit);
    return new Promise<Response>((resolve, reject) => {
      const request = https.request(
        target,
        { method: 'GET', headers: { accept: 'application/json' }, rejectUnauthorized: false, signal: options.signal ?? undefined },
        (response) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') headers.set(name, value);
          }
          // The provider reads the body as a stream and stops at its size limit.
          const body = new ReadableStream<Uint8Array>({
            start(controller) {
              response.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
              response.on('end', () => controller.close());
              response.on('error', (error) => controller.error(error));
            },
            cancel() {
              response.destroy();
            },
          });
          resolve(new Response(body, { status: response.statusCode ?? 502, headers }));
        },
      );
      request.on('error', reject);
      request.end();
    });
  };
