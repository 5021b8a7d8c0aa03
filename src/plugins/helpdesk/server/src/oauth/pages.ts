/**
 * The consent pages, rendered on the server: they must work without the admin panel (a person connecting an
 * assistant may never have seen it), load nothing from elsewhere, and look like Strapi (its palette and spacing).
 */

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * A CSP that lets the page's own inline styles through and nothing else: no scripts, frames or outside assets.
 * Referrer-Policy is same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with the page's
 * own form posts, which the consent flow's Origin check refuses, so no real browser could sign in (the Chromium
 * end-to-end test found it). same-origin still sends nothing to the app the person returns to.
 */
export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f6f6f9;
  font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#32324d;font-size:14px}
main{background:#fff;width:100%;max-width:460px;margin:24px;padding:40px;border-radius:4px;box-shadow:0 1px 4px rgba(33,33,52,.1)}
h1{font-size:20px;line-height:1.25;margin:0 0 8px;font-weight:600}
p{line-height:1.5;margin:0 0 16px;color:#4a4a6a}
.brand{font-size:12px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:#4945ff;margin-bottom:24px}
label{display:block;font-size:12px;font-weight:600;margin:16px 0 6px}
input[type=email],input[type=password]{width:100%;padding:10px 12px;border:1px solid #dcdce4;border-radius:4px;font-size:14px}
input:focus{outline:2px solid #4945ff;outline-offset:0;border-color:#4945ff}
fieldset{border:1px solid #dcdce4;border-radius:4px;padding:12px 16px;margin:16px 0}
legend{font-size:12px;font-weight:600;padding:0 4px}
.choice{display:flex;gap:8px;align-items:flex-start;margin:8px 0;font-weight:400;font-size:14px}
.facts{background:#f6f6f9;border-radius:4px;padding:12px 16px;margin:16px 0}
.facts dt{font-size:12px;font-weight:600;color:#666687;margin-top:8px}
.facts dt:first-child{margin-top:0}
.facts dd{margin:2px 0 0}
.error{background:#fcecea;border:1px solid #f5c0b8;color:#b72b1a;border-radius:4px;padding:10px 12px;margin:16px 0}
.actions{display:flex;gap:8px;justify-content:flex-end;margin-top:24px}
button{padding:10px 16px;border-radius:4px;font-size:14px;font-weight:600;cursor:pointer;border:1px solid #4945ff}
button.primary{background:#4945ff;color:#fff}
button.secondary{background:#fff;color:#4945ff;border-color:#dcdce4}
.muted{font-size:12px;color:#666687}
`;

export const page = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Open Help Desk</title><style>${STYLE}</style></head>
<body><main><div class="brand">Open Help Desk</div>${body}</main></body></html>`;

const OAUTH_ERROR_WORDS: Record<string, string> = {
  invalid_client: 'This app is not known to the help desk, or its details could not be loaded.',
  // What oidc-provider says of a client metadata document that loads but describes another client: to the person
  // it is the same dead end as one that cannot be loaded.
  invalid_client_metadata: 'This app is not known to the help desk, or its details could not be loaded.',
  invalid_redirect_uri: 'This app asked to return to an address it has not registered.',
  invalid_request: 'The app sent a request the help desk cannot accept.',
  invalid_target: 'The app asked for access to something this help desk does not serve.',
  invalid_scope: 'The app asked for permissions this help desk does not offer.',
  access_denied: 'Access was not granted.',
};

/** Every refusal that must not go back to the app (an unknown client, a bad redirect): a page, never a redirect. */
export const renderErrorPage = (error: string, description: string): string =>
  page(
    'Cannot connect',
    `<h1>This app cannot connect</h1><p>${escapeHtml(OAUTH_ERROR_WORDS[error] ?? 'The request could not be completed.')}</p>` +
      (description ? `<p class="muted">${escapeHtml(description)}</p>` : '') +
      '<p class="muted">You can close this window. If you expected this to work, tell the app\'s developer or your help-desk admin.</p>',
  );

/** A person's own dead end (blocked account, role too low, client host not allowed): explained, with a way back. */
export const renderRefusalPage = (heading: string, explanation: string, cancel: { action: string; csrf: string }): string =>
  page(
    heading,
    `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(explanation)}</p>` +
      `<form method="post" action="${escapeHtml(cancel.action)}"><input type="hidden" name="csrf" value="${escapeHtml(cancel.csrf)}">` +
      '<input type="hidden" name="decision" value="deny"><div class="actions"><button class="secondary" type="submit">Return to the app</button></div></form>',
  );

interface AppFacts {
  action: string;
  csrf: string;
  clientName: string;
  redirectHost: string;
  error: string | null;
}

const form = (view: AppFacts, inner: string): string =>
  `<form method="post" action="${escapeHtml(view.action)}"><input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}">${inner}</form>`;

const appFacts = (view: AppFacts, more = ''): string =>
  `<dl class="facts"><dt>App</dt><dd>${escapeHtml(view.clientName)}</dd><dt>Returns to</dt><dd>${escapeHtml(view.redirectHost)}</dd>${more}</dl>` +
  (view.error ? `<div class="error" role="alert">${escapeHtml(view.error)}</div>` : '');

/** Step one: who is connecting. The password is checked here and never reaches the app. */
export const renderSignInPage = (view: AppFacts & { email: string }): string =>
  page(
    `Connect ${view.clientName}`,
    `<h1>Connect ${escapeHtml(view.clientName)} to the help desk</h1>` +
      '<p>Sign in with your help-desk account. The app will never see your password.</p>' +
      appFacts(view) +
      form(
        view,
        `<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(view.email)}">` +
          '<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>' +
          '<div class="actions"><button class="secondary" type="submit" name="decision" value="deny" formnovalidate>Cancel</button>' +
          '<button class="primary" type="submit" name="decision" value="signin">Sign in</button></div>',
      ),
  );

/** Step two: what the app may do, in the words of the account's role and scope. */
export const renderConsentPage = (view: AppFacts & { email: string; actingAs: string }): string =>
  page(
    `Connect ${view.clientName}`,
    `<h1>Allow ${escapeHtml(view.clientName)} to use the help desk as you?</h1>` +
      '<p>It will act as you, with your role and scope, and never more.</p>' +
      appFacts(view, `<dt>Account</dt><dd>${escapeHtml(view.email)}</dd><dt>Acting</dt><dd>${escapeHtml(view.actingAs)}</dd>`) +
      form(
        view,
        '<fieldset><legend>What may it do?</legend>' +
          '<label class="choice"><input type="radio" name="access" value="read" checked> <span><strong>Read only</strong>: see tickets and replies</span></label>' +
          '<label class="choice"><input type="radio" name="access" value="write"> <span><strong>Read and write</strong>: also create tickets, reply and change them as your role allows</span></label>' +
          '</fieldset>' +
          '<div class="actions"><button class="secondary" type="submit" name="decision" value="deny">Deny</button>' +
          '<button class="primary" type="submit" name="decision" value="approve">Approve</button></div>',
      ) +
      '<p class="muted">You can revoke this connection at any time under Help Desk → API keys → Connected apps.</p>',
  );
