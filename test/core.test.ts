import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDesk } from '../src/core/local-desk.ts';
import { createLowdbStore } from '../src/store/lowdb.ts';
import { makeTestApp, textOf, type TestApp } from './helpers/app.ts';

const STAFF = { id: 'U1', name: 'Ana Staff' };
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('commands', () => {
  it('/start welcomes, says what the bot can and cannot do, and gives a privacy notice', async () => {
    t = await makeTestApp();
    const { replies } = await t.say('/start');
    const text = textOf(replies);
    expect(text).toMatch(/not legal advice/);
    expect(text).toMatch(/Privacy/);
    expect(text).toMatch(/\/forget/);
    expect(replies[0]!.choices!.length).toBeGreaterThan(0);
  });

  it('/help lists topics and commands', async () => {
    t = await makeTestApp();
    const { replies } = await t.say('/help');
    expect(replies[0]!.text).toMatch(/\/language/);
    expect(replies[0]!.choices!.map((c) => c.value)).toContain('intent:pension_portability_return');
  });

  it('/language offers the claimed languages and switching sticks', async () => {
    t = await makeTestApp();
    const menu = await t.say('/language');
    expect(menu.replies[0]!.choices!.map((c) => c.value)).toEqual(['lang:en', 'lang:es']);
    const set = await t.press('lang:es');
    expect(set.replies[0]!.text).toMatch(/español/);
    const next = await t.say('can i see a doctor');
    expect(next.trace.language).toBe('es');
    expect(next.replies[0]!.text).toMatch(/Dato de prueba sobre la salud/);
  });

  it('plain-word forms work in Spanish: "borrar mis datos" erases', async () => {
    t = await makeTestApp();
    await t.say('hola');
    const r = await t.say('borrar mis datos');
    expect(r.replies[0]!.text).toMatch(/borré|erased/);
  });
});

describe('answers', () => {
  it('answers first, asks for the countries in the same reply, then gives the specific answer with its source', async () => {
    t = await makeTestApp();
    const q = await t.say('will i lose my pension when i go home');
    expect(q.trace.intent).toBe('pension_portability_return');
    expect(q.trace.outcome).toBe('answered');
    // The general answer now, never a bare question…
    expect(q.replies[0]!.text).toMatch(/Fixture fact about pensions/);
    expect(q.replies[0]!.text).not.toMatch(/Between/);
    expect(q.replies[0]!.text).toMatch(
      /Source: Fixture pension source, checked 2026-11-22 https:\/\/example.org\/pension/,
    );
    // …and the question for the countries in the same reply.
    expect(q.replies[0]!.text).toMatch(/home country/);
    const o = await t.say('Filipino');
    expect(o.replies[0]!.text).toMatch(/which country do you work in/i);
    const a = await t.say('Spain');
    const text = a.replies[0]!.text;
    expect(a.trace.outcome).toBe('answered');
    expect(text).toMatch(/Fixture fact about pensions/);
    expect(text).toMatch(/Between Philippines and Spain/);
    expect(text).toMatch(/Fixture text about the Philippines–Spain agreement/);
    // One compact source line: the most specific source first, and how many more there are.
    expect(text).toMatch(
      /Source: Fixture source for the agreement, checked 2026-11-22 \(\+1 more\) https:\/\/example.org\/ssa-ph-es/,
    );
    expect(text).toMatch(/not legal advice/);
    const values = a.replies[0]!.choices!.map((c) => c.value);
    expect(values).toContain('sources:pension_portability_return');
    const all = await t.press('sources:pension_portability_return');
    expect(all.replies[0]!.text).toMatch(
      /Source: Fixture source for the agreement https:\/\/example.org\/ssa-ph-es \(checked 2026-11-22\)/,
    );
    expect(all.replies[0]!.text).toMatch(/https:\/\/example.org\/pension/);
  });

  it('a long answer is cut to fit a phone; "More detail" shows the rest', async () => {
    t = await makeTestApp();
    const r = await t.say('did paraguay ratify c102');
    expect(r.trace.mainChars).toBeLessThanOrEqual(600);
    const more = r.replies[0]!.choices!.find((c) => c.value.startsWith('more:'));
    if (more) {
      const d = await t.press(more.value);
      expect(d.replies[0]!.text.length).toBeGreaterThan(0);
    }
    expect((await t.press('more:no_such_intent')).replies[0]!.text).toMatch(/Ask me a question/);
  });

  it('answers in Spanish straight away when both countries are in the question', async () => {
    t = await makeTestApp();
    const a = await t.say('soy filipino y trabajo en España, ¿pierdo mi pensión si vuelvo a mi país?');
    expect(a.trace.language).toBe('es');
    expect(a.trace.intent).toBe('pension_portability_return');
    expect(a.trace.entities.countries.map((c) => c.iso2)).toEqual(['PH', 'ES']);
    expect(a.replies[0]!.text).toMatch(/Entre Filipinas y España/);
    expect(a.replies[0]!.text).toMatch(/Fuente: /);
  });

  it('says plainly when it has no record of an agreement, and never invents one', async () => {
    t = await makeTestApp();
    const a = await t.say('I am Mexican and work in Spain, will I lose my pension when I go home?');
    expect(a.replies[0]!.text).toMatch(
      /I have no record of a social security agreement between Mexico and Spain/,
    );
    expect(a.replies[0]!.text).not.toMatch(/Philippines–Spain/);
  });

  it('gives a dated ratification from the country data, or says it has no record', async () => {
    t = await makeTestApp();
    const yes = await t.say('did paraguay ratify c102');
    expect(yes.replies[0]!.text).toMatch(/Paraguay ratified C102 on 2021-10-25/);
    expect(yes.replies[0]!.text).toMatch(/60 countries had ratified it as of 2021-10-25/);
    const no = await t.say('has mexico ratified convention 102', 'worker-2');
    expect(no.replies[0]!.text).toMatch(/no record of Mexico ratifying C102/);
  });
});

describe('fallback', () => {
  it('says it is not sure, suggests topics and a person; the second time offers a person first', async () => {
    t = await makeTestApp();
    const first = await t.say('qwzx plorf vrandle');
    expect(first.trace.intent).toBeNull();
    expect(first.trace.handoff).toBe('offered');
    expect(first.replies[0]!.text).toMatch(/not sure/);
    expect(first.replies[0]!.choices!.map((c) => c.value)).toContain('cmd:human');
    const second = await t.say('zzkq wibble frot');
    expect(second.replies[0]!.text).toMatch(/Would you like a person/);
    expect(second.replies[0]!.choices![0]!.value).toBe('human:yes');
    const accept = await t.say('1');
    expect(accept.trace.handoff).toBe('started');
    await t.settle();
    const opened = t.desk.log.find((e) => e.type === 'opened');
    expect(opened?.type === 'opened' && opened.ticket.reason).toBe('fallback');
    expect(opened?.type === 'opened' && opened.ticket.question).toBe('zzkq wibble frot');
  });

  it('records unanswered questions anonymised for editors', async () => {
    t = await makeTestApp();
    await t.say('zorblat quimp +34 600 111 222 vexo');
    const list = await t.app.store.listUnanswered();
    expect(list[0]!.text).toBe('zorblat quimp [number] vexo');
  });
});

describe('escalation', () => {
  it('a ticket reaches the desk; the worker’s messages join it; staff claim, reply and close reach the worker', async () => {
    t = await makeTestApp();
    await t.say('can i see a doctor');
    const h = await t.say('/human');
    expect(h.trace.handoff).toBe('started');
    expect(h.replies[0]!.text).toMatch(/passed your question to union staff/);
    await t.settle();
    const opened = t.desk.log.find((e) => e.type === 'opened');
    if (opened?.type !== 'opened') throw new Error('no ticket at the desk');
    const ticket = opened.ticket;
    expect(ticket.question).toBe('can i see a doctor');
    expect(ticket.language).toBe('en');
    expect(ticket.workerRef).toMatch(/^W-/);
    expect(JSON.stringify(ticket)).not.toContain('worker-1');
    expect(ticket.transcript.map((e) => e.from)).toEqual(['worker', 'bot']);

    // While the ticket is open, the bot does not answer: the message goes to staff.
    const more = await t.say('will i lose my pension when i go home');
    expect(more.trace.intent).toBeNull();
    expect(more.replies[0]!.text).toMatch(/added to your request/);
    await t.settle();
    expect(t.desk.log.some((e) => e.type === 'message' && e.entry.text.includes('pension'))).toBe(true);

    await t.desk.claim(ticket.id, STAFF);
    await t.desk.reply(ticket.id, STAFF, 'Hello, I can help. Which country do you work in?');
    await t.settle();
    const toWorker = t.delivered.flatMap((d) => d.messages.map((m) => m.text));
    expect(toWorker).toContain('Ana from the union is looking at your question.');
    expect(toWorker).toContain('Ana (union staff): Hello, I can help. Which country do you work in?');
    expect(t.delivered.every((d) => d.userId === 'worker-1')).toBe(true);

    // Claimed: the bot stays quiet, the message still reaches staff — also a plain "help" or a bare number.
    const quiet = await t.say('Spain');
    expect(quiet.replies).toEqual([]);
    expect((await t.say('ayuda')).replies).toEqual([]);
    expect((await t.say('1')).replies).toEqual([]);
    await t.settle();
    const toStaff = t.desk.log.flatMap((e) => (e.type === 'message' ? [e.entry.text] : []));
    expect(toStaff).toEqual(expect.arrayContaining(['Spain', 'ayuda', '1']));

    await t.desk.close(ticket.id, STAFF);
    await t.settle();
    expect(t.delivered.at(-1)!.messages[0]!.text).toMatch(/closed your request/);
    const back = await t.say('can i see a doctor');
    expect(back.trace.intent).toBe('health_care');
    expect((await t.app.store.getTicket(ticket.id))!.status).toBe('closed');
  });

  it('hand back resumes the bot; /cancel by the worker tells staff', async () => {
    t = await makeTestApp();
    await t.say('/human');
    await t.settle();
    const [ticket] = await t.app.tickets.openTickets();
    await t.desk.handBack(ticket!.id, STAFF);
    await t.settle();
    expect(t.delivered.at(-1)!.messages[0]!.text).toMatch(/handed the conversation back/);
    await t.say('/human');
    const r = await t.say('/cancel');
    expect(r.replies[0]!.text).toMatch(/no longer need them/);
    await t.settle();
    const last = t.desk.log.at(-1);
    expect(last?.type === 'changed' && last.ticket.closedBy).toBe('worker');
  });

  it('outside office hours the worker is told when to expect an answer', async () => {
    const tomorrow = (new Date().getUTCDay() + 1) % 7;
    t = await makeTestApp({
      env: { OFFICE_HOURS: '09:00-17:00', OFFICE_DAYS: `${tomorrow}-${tomorrow}`, OFFICE_TZ: 'UTC' },
    });
    const r = await t.say('/human');
    expect(r.replies[0]!.text).toMatch(/not at their desks now\. Expect an answer from \w+ 09:00 \(UTC\)/);
  });

  it('nothing is lost while the desk is down: the ticket arrives once when it is back', async () => {
    t = await makeTestApp();
    t.desk.down = true;
    await t.say('/human');
    await t.settle();
    expect(t.desk.log).toHaveLength(0);
    expect((await t.app.tickets.openTickets()).length).toBe(1);
    t.desk.down = false;
    await t.settle();
    expect(t.desk.log.filter((e) => e.type === 'opened')).toHaveLength(1);
  });

  it('a phone number reaches staff only if the worker agrees', async () => {
    t = await makeTestApp();
    const r = await t.say('/human', 'wa-1', { phone: '34600111222' });
    expect(textOf(r.replies)).toMatch(/share it/);
    await t.settle();
    const opened = t.desk.log.find((e) => e.type === 'opened');
    expect(opened?.type === 'opened' && opened.ticket.phone).toBeUndefined();
    expect(JSON.stringify(t.desk.log)).not.toContain('34600111222');
    await t.app.core.handleDetailed({
      address: { channel: 'test', userId: 'wa-1' },
      messageId: 'm-consent',
      action: 'phone:yes',
      phone: '34600111222',
    });
    await t.settle();
    const [ticket] = await t.app.tickets.openTickets();
    expect(ticket!.phone).toBe('34600111222');
  });

  it('/forget erases the session and tickets, tells staff without repeating the content', async () => {
    t = await makeTestApp();
    await t.say('I am Filipino working in Spain');
    await t.say('/human');
    await t.settle();
    const r = await t.say('/forget');
    expect(r.replies[0]!.text).toMatch(/erased everything/);
    await t.settle();
    expect(await t.app.store.listTickets()).toEqual([]);
    const again = await t.say('will i lose my pension when i go home');
    expect(again.replies[0]!.text).toMatch(/home country/);
    const last = t.desk.log.filter((e) => e.type === 'changed').at(-1);
    expect(last?.type === 'changed' && last.ticket.closedBy).toBe('erased');
    expect(last?.type === 'changed' && last.ticket.transcript).toEqual([]);
  });
});

describe('bad input gets a clear reply and loses nothing', () => {
  it('empty message', async () => {
    t = await makeTestApp();
    const r = await t.say('   ');
    expect(r.replies[0]!.text).toMatch(/empty/);
  });

  it('50 KB message is cut and still answered', async () => {
    t = await makeTestApp();
    const r = await t.say('can i see a doctor? '.repeat(2700));
    expect(r.replies[0]!.text).toMatch(/very long/);
    expect(r.trace.intent).toBe('health_care');
  });

  it('control characters and binary', async () => {
    t = await makeTestApp();
    const r = await t.say('can i\u0000 see a\u0007 doctor\u001b[31m');
    expect(r.trace.intent).toBe('health_care');
    const bin = await t.say('\u0000\u0001\u0002\ufffd\ufffd');
    expect(bin.replies[0]!.text).toMatch(/could not read/);
  });

  it('emoji only', async () => {
    t = await makeTestApp();
    const r = await t.say('🙏🙏😢');
    expect(r.replies[0]!.text).toMatch(/Type your question/);
  });

  it('right-to-left text gets an honest reply in a language the bot speaks', async () => {
    t = await makeTestApp();
    const r = await t.say('هل سأفقد معاشي عندما أعود إلى بلدي؟');
    expect(r.trace.language).toBe('en');
    expect(textOf(r.replies)).toMatch(/cannot answer in that language yet/);
  });

  it('markup is kept as plain text for the adapters to escape', async () => {
    t = await makeTestApp();
    await t.say('<b>hi</b> *bold* [x](http://evil) <!channel>');
    await t.say('/human');
    await t.settle();
    const opened = t.desk.log.find((e) => e.type === 'opened');
    expect(opened?.type === 'opened' && opened.ticket.question).toBe(
      '<b>hi</b> *bold* [x](http://evil) <!channel>',
    );
  });

  it('media gets a polite reply and reaches staff when a ticket is open', async () => {
    t = await makeTestApp();
    const r = await t.app.core.handleDetailed({
      address: { channel: 'test', userId: 'm' },
      messageId: 'p1',
      media: 'photo',
    });
    expect(r.replies[0]!.text).toMatch(/only read text/);
  });

  it('a redelivered message is handled once', async () => {
    t = await makeTestApp();
    const msg = { address: { channel: 'test' as const, userId: 'd' }, messageId: 'same', text: 'hello' };
    expect((await t.app.core.handle(msg)).length).toBe(1);
    expect(await t.app.core.handle(msg)).toEqual([]);
  });
});

describe('restart', () => {
  it('loses no session and no ticket (real JSON file)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mrb-restart-'));
    try {
      const desk1 = new LocalDesk();
      t = await makeTestApp({ dataDir: dir, store: await createLowdbStore(dir), desk: desk1 });
      await t.say('I am Filipino');
      await t.say('/human');
      await t.settle();
      await t.close();

      const desk2 = new LocalDesk();
      t = await makeTestApp({ dataDir: dir, store: await createLowdbStore(dir), desk: desk2 });
      const [ticket] = await t.app.tickets.openTickets();
      expect(ticket).toBeDefined();
      expect(ticket!.origin).toBe('PH');
      await desk2.reply(ticket!.id, STAFF, 'Still here after the restart');
      await t.settle();
      expect(t.delivered.at(-1)!.messages[0]!.text).toMatch(/Still here after the restart/);
      const session = await t.app.store.getSession(ticket!.workerRef);
      expect(session!.openTicket).toBe(ticket!.id);
    } finally {
      await t?.close();
      t = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
