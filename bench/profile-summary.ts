import fs from 'fs';
import path from 'path';

/**
 * `node dist/bench/profile-summary.js <file.cpuprofile> [top] [skip-seconds]`: where a V8 CPU profile (from `npm run bench -- --profile`)
 * spent its time, by function (self time) and by package or app file, so a hot spot can be named precisely.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node dist/bench/profile-summary.js <file.cpuprofile> [top] [skip-seconds]\n');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 30);
/** Samples in the first seconds (start-up, warm-up) can be left out, so the steady state is what is summed. */
const skipMs = Number(process.argv[4] ?? 0) * 1000;
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMs = new Map<number, number>();
let elapsedMs = 0;
profile.samples.forEach((id, i) => {
  elapsedMs += (profile.timeDeltas[i] ?? 0) / 1000;
  if (elapsedMs >= skipMs) selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

const where = (url: string): string => {
  if (!url) return '(native/gc/idle)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] as string);
  }
  if (url.startsWith('node:')) return 'node internals';
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 6) : path.basename(url);
};

const functions = new Map<string, number>();
const places = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'}  ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
  functions.set(key, (functions.get(key) ?? 0) + ms);
  places.set(where(url), (places.get(where(url)) ?? 0) + ms);
}
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((ms / total) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${key}\n`);
  }
};
process.stdout.write(`${file}: ${(total / 1000).toFixed(1)} s sampled\n`);
print('by package or app file (self time)', places);
print('by function (self time)', functions);
