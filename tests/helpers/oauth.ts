import crypto from 'crypto';

/**
 * A browser without a browser, for the OAuth protocol tests: it follows the consent flow over real HTTP with a
 * cookie jar, the way a person's browser would (the Chromium end-to-end test drives the real pages).
 */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair as string).indexOf('=');
      const name = (pair as string).slice(0, eq).trim();
      const value = (pair as string).slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, no redirect followed. */
  async send(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const absolute = new URL(url, this.baseUrl);
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (absolute.origin === new URL(this.baseUrl).origin && this.cookies.size) headers.Cookie = this.cookieHeader();
    let body: string | undefined;
    if (init.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers.Origin ??= new URL(this.baseUrl).origin;
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(absolute, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.remember(response);
    const text = await response.text();
    return { status: response.status, location: response.headers.get('location'), text, headers: response.headers };
  }

  /** Follows redirects on this server until one leaves it (to the client's redirect URI) or a page is shown. */
  async follow(url: string, init: { form?: Record<string, string> } = {}) {
    let result = await this.send(url, init);
    let current = new URL(url, this.baseUrl);
    for (let hops = 0; hops < 10 && result.location; hops += 1) {
      const next = new URL(result.location, current);
      if (next.origin !== new URL(this.baseUrl).origin) return { ...result, left: next };
      current = next;
      result = await this.send(next.toString());
    }
    return { ...result, left: null as URL | null, at: current };
  }
}

export const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
export const formActionOf = (html: string): string => /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';

export const pkcePair = () => {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
};

export interface RegisteredClient {
  client_id: string;
  redirect_uris: string[];
  client_name?: string;
}

export const registerClient = async (baseUrl: string, metadata: Record<string, unknown> = {}): Promise<{ status: number; body: RegisteredClient & Record<string, unknown> }> => {
  const response = await fetch(`${baseUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Test Assistant',
      redirect_uris: ['http://127.0.0.1:8976/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      ...metadata,
    }),
  });
  return { status: response.status, body: await response.json() };
};

export const authorizeUrl = (baseUrl: string, params: Record<string, string | undefined>): string => {
  const url = new URL(`${baseUrl}/oauth/authorize`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
};

export const tokenRequest = async (baseUrl: string, form: Record<string, string>) => {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { text };
  }
  return { status: response.status, body };
};

/**
 * The whole consent flow for one account: authorize, sign in, choose, approve (or deny). Returns where the browser
 * was sent back to the client, with its code.
 */
export const consent = async (
  baseUrl: string,
  input: {
    clientId: string;
    redirectUri: string;
    account: { email: string; password: string };
    access?: 'read' | 'write';
    decision?: 'approve' | 'deny';
    scope?: string;
    resource?: string;
    challenge?: string;
    challengeMethod?: string;
    browser?: Browser;
  },
) => {
  const browser = input.browser ?? new Browser(baseUrl);
  const pkce = pkcePair();
  const state = crypto.randomBytes(8).toString('hex');
  const start = await browser.follow(
    authorizeUrl(baseUrl, {
      response_type: 'code',
      client_id: input.clientId,
      redirect_uri: input.redirectUri,
      scope: input.scope ?? 'helpdesk:read helpdesk:write',
      state,
      code_challenge: input.challenge ?? pkce.challenge,
      code_challenge_method: input.challengeMethod ?? 'S256',
      resource: input.resource ?? `${baseUrl}/mcp`,
    }),
  );
  let page = start;
  if (!page.left && /name="password"/.test(page.text)) {
    page = await browser.follow(formActionOf(page.text), {
      form: { csrf: csrfOf(page.text), email: input.account.email, password: input.account.password, decision: 'signin' },
    });
  }
  if (!page.left && /value="approve"/.test(page.text)) {
    page = await browser.follow(formActionOf(page.text), {
      form: { csrf: csrfOf(page.text), access: input.access ?? 'read', decision: input.decision ?? 'approve' },
    });
  }
  const code = page.left?.searchParams.get('code') ?? null;
  return { browser, page, code, verifier: pkce.verifier, state, returned: page.left };
};
