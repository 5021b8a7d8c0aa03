import { request } from './http';

export interface PanelAdmin {
  email: string;
  password: string;
  /** An admin-panel access token, for the Content Manager's admin API. */
  token: string;
}

/** Registers the first admin-panel user, as the /admin sign-up page does on a new install. */
export const registerFirstAdmin = async (baseUrl: string, email = 'ada.admin@example.com'): Promise<PanelAdmin> => {
  const password = 'Admin-password-1';
  const res = await request<{ data: { token: string } }>(baseUrl, 'POST', '/admin/register-admin', {
    body: { firstname: 'Ada', lastname: 'Admin', email, password },
  });
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`register-admin answered ${res.status}: ${res.text}`);
  }
  return { email, password, token: res.body.data.token };
};
