/**
 * `npm run bench:safety`: how long the safeguarding detector takes per message (it runs on every
 * message a worker sends), over the held-out sets and the intents' examples, plus loading the content.
 * Target: well under 5 ms per message at the 99th percentile on one core.
 */
import '../src/quiet.ts';
import { REPO_ROOT } from '../src/app.ts';
import { loadContent } from '../src/kb/loader.ts';
import { loadSafety } from '../src/safety/load.ts';

const t0 = performance.now();
const { content: safety, errors } = await loadSafety(REPO_ROOT);
const loadMs = performance.now() - t0;
if (!safety) throw new Error(errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
const { content } = await loadContent(REPO_ROOT);
const messages = [
  ...safety.heldOut.flatMap((h) => [...h.data.danger.map((d) => d.text), ...h.data.ordinary]),
  ...content.intents.flatMap((i) => Object.values(i.examples).flatMap((l) => l ?? [])),
];
for (const m of messages.slice(0, 500)) safety.detector.detect(m); // warm-up
const times: number[] = [];
for (const m of messages) {
  const t = performance.now();
  safety.detector.detect(m);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
const long = 'my employer '.repeat(400);
const t1 = performance.now();
safety.detector.detect(long);
console.log(`safety content loaded and compiled in ${Math.round(loadMs)} ms`);
console.log(
  `${times.length} messages: median ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms per message`,
);
console.log(`a 4,800-character message: ${(performance.now() - t1).toFixed(1)} ms (text is capped at 4,000)`);
