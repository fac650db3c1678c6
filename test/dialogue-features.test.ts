/**
 * Issue 10's dialogue mechanisms on the fixture content: follow-ups against the conversation state,
 * yes/no and numbers answering the bot's own questions, out-of-scope intents, phone-sized answers,
 * conversation tests and their evaluation.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dialogueEval } from '../src/cli/kb-eval.ts';
import { fitText } from '../src/core/pipeline/respond.ts';
import { formatProblem, loadContent } from '../src/kb/loader.ts';
import { FIXTURE_CONTENT, makeTestApp, textOf, type TestApp } from './helpers/app.ts';

let t: TestApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A copy of the fixture content with extra files. */
async function contentWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mrb-content-'));
  dirs.push(dir);
  await cp(FIXTURE_CONTENT, dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) await writeFile(path.join(dir, rel), text);
  return dir;
}

const VISA = `id: work_visa
description: Work visas (not a social-protection question).
title: { en: 'Work visas', es: 'Visas de trabajo' }
scope: out
examples:
  en: [how do i get a work visa, work visa for japan, visa application for working abroad, how long does a work visa take, can you help me with my visa, visa requirements to work in japan]
  es: [como consigo una visa de trabajo, visa de trabajo para japon, solicitud de visado para trabajar, cuanto tarda la visa de trabajo, me ayudas con mi visa, requisitos de visa para trabajar]
tests:
  en: [i need a visa to work in japan]
  es: [necesito una visa para trabajar en japon]
answer:
  en: Visas are not something I can answer. The embassy or consulate of the country you want to work in can.
  es: Las visas no son algo que yo pueda responder. La embajada o el consulado del país donde quieres trabajar sí.
`;

describe('follow-ups keep the thread', () => {
  it('"what about Mexico?" after an answer for two countries: asks which role when unclear, then answers', async () => {
    t = await makeTestApp();
    await t.say('I am Filipino working in Spain, will I lose my pension when I go home?');
    const q = await t.say('what about Mexico?');
    expect(q.trace.outcome).toBe('asked');
    expect(q.replies[0]!.text).toMatch(/Is Mexico your home country or the country where you work\?/);
    expect(q.replies[0]!.choices!.map((c) => c.value)).toEqual(['role:origin:MX', 'role:destination:MX']);
    const a = await t.press('role:destination:MX');
    expect(a.trace.intent).toBe('pension_portability_return');
    expect(a.trace.outcome).toBe('answered');
    expect(a.replies[0]!.text).toMatch(/Between Philippines and Mexico/);
    expect(a.trace.origin).toBe('PH');
    expect(a.trace.destination).toBe('MX');
  });

  it('the role a preposition gives is used directly ("and in Mexico?", "¿y en México?")', async () => {
    t = await makeTestApp();
    await t.say('soy filipino y trabajo en España, ¿pierdo mi pensión si vuelvo a mi país?');
    const a = await t.say('¿y en México?');
    expect(a.trace.intent).toBe('pension_portability_return');
    expect(a.replies[0]!.text).toMatch(/Entre Filipinas y México/);
  });

  it('a country the worker already named keeps its role', async () => {
    t = await makeTestApp();
    await t.say('I am Filipino working in Spain');
    const r = await t.say('will i lose my pension when i go home to the Philippines');
    expect(r.trace.origin).toBe('PH');
    expect(r.trace.destination).toBe('ES');
    expect(r.replies[0]!.text).toMatch(/Between Philippines and Spain/);
  });

  it('a yes answers the bot’s yes/no question; a number out of range is asked back', async () => {
    t = await makeTestApp();
    await t.say('qwzx plorf vrandle');
    const again = await t.say('zzkq wibble frot');
    expect(again.replies[0]!.text).toMatch(/Would you like a person/);
    const n = await t.say('7');
    expect(n.replies[0]!.text).toMatch(/number from 1 to 2/);
    expect(n.replies[0]!.choices).toEqual(again.replies[0]!.choices);
    const yes = await t.say('yes please');
    expect(yes.trace.handoff).toBe('started');
    expect(yes.trace.outcome).toBe('handoff');
  });

  it('a confident new question changes the subject', async () => {
    t = await makeTestApp();
    await t.say('I am Filipino working in Spain, will I lose my pension when I go home?');
    const r = await t.say('can i see a doctor');
    expect(r.trace.intent).toBe('health_care');
  });

  it('an unknown role button is validated', async () => {
    t = await makeTestApp();
    for (const v of ['role:boss:MX', 'role:origin:ZZ', 'role:', 'more:', 'sources:greeting']) {
      const r = await t.press(v);
      expect(r.replies[0]!.text.length, v).toBeGreaterThan(0);
    }
  });
});

describe('out of scope', () => {
  it('an out-of-scope intent gets its short answer, the offer of a person, and counts apart', async () => {
    const root = await contentWith({ 'intents/work_visa.yaml': VISA });
    t = await makeTestApp({ content: root });
    const r = await t.say('how can i get a work visa for japan');
    expect(r.trace.outcome).toBe('out-of-scope');
    expect(r.trace.intent).toBe('work_visa');
    expect(r.replies[0]!.text).toMatch(/consulate/);
    expect(r.replies[0]!.text).toMatch(/talk to a person from the union/);
    expect(r.replies[0]!.choices![0]!.value).toBe('cmd:human');
    expect(r.trace.handoff).toBe('offered');
    await t.close();
    t = undefined;
    const report = await dialogueEval(root);
    expect(report.outOfScope.en!.n).toBe(1);
    expect(report.heldOut.en!.right).toBeGreaterThan(0);
  });

  it('real words about nothing the content knows: "not something I can answer", never a topic', async () => {
    t = await makeTestApp();
    const r = await t.say('what is the best pizza in town');
    expect(['out-of-scope', 'fallback']).toContain(r.trace.outcome);
    expect(r.trace.intent).toBeNull();
    expect(textOf(r.replies)).toMatch(/Talk to a person/);
  });
});

describe('conversation tests in the content', () => {
  it('are validated: an unknown intent or a file not named by a language is an error', async () => {
    const root = await contentWith({
      'conversations/en.yaml': '- id: x\n  turns:\n    - say: hello\n      intent: no_such_intent\n',
      'conversations/english.yaml': '- id: y\n  turns: [{ say: hi }]\n',
    });
    const { errors } = await loadContent(root);
    const text = errors.map(formatProblem).join('\n');
    expect(text).toMatch(
      /conversations\/en\.yaml:4 \[0\.turns\.0\.intent\]: unknown intent "no_such_intent"/,
    );
    expect(text).toMatch(/conversations\/english\.yaml: conversation files are named by language/);
  });

  it('kb eval --dialogue runs them through the whole bot and measures the main text', async () => {
    const report = await dialogueEval(FIXTURE_CONTENT);
    expect(report.conversations.en).toEqual({ conversations: 2, fullyRight: 2, turns: 4, turnsRight: 4 });
    expect(report.conversations.es!.fullyRight).toBe(1);
    expect(report.conversationFailures).toEqual([]);
    expect(report.mainText.en!.max).toBeLessThanOrEqual(600);
    expect(report.heldOut.en!.right).toBe(10);
  });
});

describe('fitting a phone screen', () => {
  it('cuts at lines, then sentences, keeps everything between main and rest', () => {
    const para = 'This sentence is about pensions and it is rather long. '.repeat(20).trim();
    const { main, rest } = fitText(`Short first line.\n${para}\nLast line.`, 600);
    expect(main.length).toBeLessThanOrEqual(600);
    expect(main).toMatch(/^Short first line\.\nThis sentence/);
    expect(main).toMatch(/long\.$/);
    expect(`${main} ${rest}`.replace(/\s+/g, ' ')).toBe(
      `Short first line. ${para} Last line.`.replace(/\s+/g, ' '),
    );
    expect(fitText('short', 600)).toEqual({ main: 'short', rest: '' });
    // A lead-in whose list does not fit moves to "More detail" with its list, not left alone.
    const intro = 'Very few countries let nationals keep paying from abroad. '.repeat(6).trim();
    const item = `• ${'A scheme for nationals working abroad, with its rules. '.repeat(8).trim()}`;
    const listed = fitText(`${intro}\n\nTwo schemes for nationals abroad:\n${item}\n${item}`, 600);
    expect(listed.main).toBe(intro);
    expect(listed.rest).toMatch(/^Two schemes for nationals abroad:\n• A scheme/);
  });
});
