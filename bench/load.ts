import autocannon from 'autocannon';

/** One measured row at one concurrency. Latencies in milliseconds. */
export interface Measurement {
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface HttpTarget {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** autocannon at a fixed concurrency: a warm-up that is thrown away, then `duration` seconds measured. */
export const measureHttp = async (target: HttpTarget, connections: number, duration: number, warmup: number): Promise<Measurement> => {
  const run = (seconds: number) =>
    autocannon({
      url: target.url,
      method: target.method,
      headers: target.headers,
      body: target.body,
      connections,
      duration: seconds,
      // Every connection waits for its answer before sending the next request (no pipelining): a client's pattern.
      pipelining: 1,
      timeout: 60,
    });
  if (warmup > 0) await run(warmup);
  const result = await run(duration);
  const seconds = Math.max(result.duration, 0.001);
  return {
    connections,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
};

const percentile = (sorted: number[], p: number): number => {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
};

/** The same measurement for work done in this process (the database floor): `connections` concurrent loops. */
export const measureInProcess = async (
  work: () => Promise<unknown>,
  connections: number,
  duration: number,
  warmup: number,
): Promise<Measurement> => {
  const loop = async (seconds: number, latencies: number[] | null) => {
    let errors = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          const start = performance.now();
          try {
            await work();
          } catch {
            errors += 1;
          }
          latencies?.push(performance.now() - start);
        }
      }),
    );
    return errors;
  };
  if (warmup > 0) await loop(warmup, null);
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await loop(duration, latencies);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    connections,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    errors,
    non2xx: 0,
  };
};
