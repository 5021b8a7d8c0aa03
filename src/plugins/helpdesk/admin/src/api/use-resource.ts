import * as React from 'react';
import { ApiError } from './client';

export type Resource<T> =
  | { state: 'loading'; data: T | null; error: null }
  | { state: 'error'; data: T | null; error: ApiError }
  | { state: 'ready'; data: T; error: null };

/**
 * Loads something when its inputs change, keeping the last data while reloading so pages do not flash. A response
 * that arrives after a newer request started is dropped, so a fast filter change never shows stale rows.
 */
export const useResource = <T>(load: () => Promise<T>, deps: React.DependencyList) => {
  const [resource, setResource] = React.useState<Resource<T>>({ state: 'loading', data: null, error: null });
  const latest = React.useRef(0);

  const run = React.useCallback(() => {
    const request = ++latest.current;
    setResource((previous) => ({ state: 'loading', data: previous.data, error: null }));
    load().then(
      (data) => request === latest.current && setResource({ state: 'ready', data, error: null }),
      (error: unknown) =>
        request === latest.current &&
        setResource((previous) => ({
          state: 'error',
          data: previous.data,
          error: error instanceof ApiError ? error : new ApiError(String(error), 'internal', undefined),
        })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names the inputs that matter
  }, deps);

  React.useEffect(run, [run]);
  return { ...resource, reload: run };
};
