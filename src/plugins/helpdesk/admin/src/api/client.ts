import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../constants';

/** One field the server refused, as the help desk's validation_error names it. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** A failed call, with the help desk's error code and message (always safe to show) and any field problems. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | undefined,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

interface ErrorBody {
  code?: string;
  message?: string;
  details?: { fields?: FieldProblem[] };
}

/** The help desk's error body (Strapi's `error` block) as an ApiError. */
const fromErrorBody = (body: ErrorBody, status: number | undefined, fallback: string): ApiError => {
  // Strapi's RBAC policy answers 403 "Policy Failed": say what it means here.
  const message =
    body.message === 'Policy Failed'
      ? 'Your admin role does not have the Help Desk permission for this. Ask an administrator to grant it in Settings → Roles.'
      : body.message || fallback;
  return new ApiError(message, body.code ?? 'internal', status, body.details?.fields ?? []);
};

const toApiError = (error: unknown): ApiError => {
  if (error instanceof ApiError) return error;
  if (isFetchError(error)) {
    const body = (error.response?.data?.error ?? {}) as ErrorBody;
    const status = error.status ?? (error.response?.data?.error as { status?: number } | undefined)?.status;
    return fromErrorBody(body, status, error.message);
  }
  return new ApiError('The server could not be reached. Check your connection and try again.', 'unavailable', undefined);
};

/** A refused download still answers Strapi's JSON error body; read it from the blob. */
const blobError = async (blob: Blob, status: number): Promise<ApiError> => {
  let body: ErrorBody = {};
  try {
    body = ((JSON.parse(await blob.text()) as { error?: ErrorBody }).error ?? {}) as ErrorBody;
  } catch {
    // not JSON: a proxy's page, say
  }
  return fromErrorBody(body, status, `The download failed (HTTP ${status}).`);
};

const filenameOf = (headers: Headers | undefined): string | null =>
  /filename="?([^";]+)"?/i.exec(headers?.get('Content-Disposition') ?? '')?.[1] ?? null;

/** A list repeats its key (`tag=a&tag=b`), as the server's query parser reads a list. */
export const queryString = (params: Record<string, string | number | boolean | string[] | null | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** The plugin's admin routes (`/helpdesk/...`), through the panel's fetch client (it adds the session's token). */
export const useHelpdeskApi = () => {
  const client = useFetchClient();
  return React.useMemo(() => {
    const call = async <T>(run: () => Promise<{ data: { data: T } }>): Promise<T> => {
      try {
        return (await run()).data.data;
      } catch (error) {
        throw toApiError(error);
      }
    };
    const url = (path: string) => `/${PLUGIN_ID}${path}`;
    return {
      get: <T>(path: string) => call<T>(() => client.get<{ data: T }>(url(path))),
      post: <T>(path: string, body: unknown) => call<T>(() => client.post<{ data: T }>(url(path), body)),
      put: <T>(path: string, body: unknown) => call<T>(() => client.put<{ data: T }>(url(path), body)),
      del: <T>(path: string) => call<T>(() => client.del<{ data: T }>(url(path))),
      /**
       * A file the server sends as an attachment (the audit export), as a Blob with the server's file name. Through
       * the fetch client, which adds the session's token (a plain link would not carry it) and refreshes it on a 401.
       */
      download: async (path: string): Promise<{ blob: Blob; filename: string | null }> => {
        try {
          const response = await client.get(url(path), { responseType: 'blob', validateStatus: (status) => status !== 401 });
          const status = response.status ?? 200;
          if (status >= 400) throw await blobError(response.data, status);
          return { blob: response.data, filename: filenameOf(response.headers) };
        } catch (error) {
          throw toApiError(error);
        }
      },
      /** For lists with a meta block (cursors, pagination). */
      getWithMeta: async <T, M>(path: string): Promise<{ data: T; meta: M }> => {
        try {
          return (await client.get<{ data: T; meta: M }>(url(path))).data;
        } catch (error) {
          throw toApiError(error);
        }
      },
    };
  }, [client]);
};

export type HelpdeskApi = ReturnType<typeof useHelpdeskApi>;
