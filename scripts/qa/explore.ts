/** Ask the bot a few questions in one process and print what it says (for exploring by hand):
 *   npx tsx scripts/qa/explore.ts [--same] "question 1" "question 2" …   (--same: one conversation) */
import { openHarness } from './harness.ts';

const args = process.argv.slice(2);
const same = args.includes('--same');
const h = await openHarness();
let i = 0;
for (const q of args.filter((a) => a !== '--same')) {
  const t = await h.say(same ? 'u' : `u${i++}`, q);
  const tr = t.trace;
  console.log(
    `> ${q}\n[${tr.intent} ${tr.confidence.toFixed(2)} ${tr.outcome} lang=${tr.language} countries=${tr.entities.countries.map((c) => c.iso2).join(',')} urgent=${tr.urgent === true} danger=${(tr.danger ?? []).join(',')}]`,
  );
  for (const m of t.replies)
    console.log(
      m.text +
        (m.choices?.length ? `\n  {${m.choices.map((c) => `${c.label}=${c.value}`).join(' | ')}}` : ''),
    );
  console.log();
}
await h.stop();
