import * as React from 'react';
import { ApiError } from '../../api/client';

/** One button's request: busy while it runs, its error kept to show next to it. */
export const useAction = () => {
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<ApiError | null>(null);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 'internal', undefined));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
};
