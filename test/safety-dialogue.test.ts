/**
 * Safeguarding through the whole core (real app, in-process desk, fixture content with a few help lines):
 * a danger message gets the safety reply at once and opens an urgent ticket; the country asked for brings
 * the local numbers; an open ordinary ticket is raised to urgent; the worker chooses, with one tap,
 * whether staff see their name and number; staff lower or raise urgency; ordinary words do not trigger it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/app.ts';
import { loadSafety } from '../src/safety/load.ts';
import { KEEP_ACTION, SHARE_ACTION } from '../src/safety/step.ts';
import { makeTestApp, textOf, type TestApp } from './helpers/app.ts';

const STAFF = { id: 'S1', name: 'Sam Staff' };
let t: TestApp;

beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => {
  await t.close();
});

async function ticketOf(userId = 'worker-1') {
  const session = await t.app.store.getSession(
    (await t.app.store.listTickets()).find((x) => x.address.userId === userId)?.workerRef ?? '',
  );
  const id = session?.openTicket;
  return id ? t.app.store.getTicket(id) : undefined;
}

describe('a sign of danger', () => {
  it('gets the safety reply at once, asks for the country, and opens an urgent ticket', async () => {
    const r = await t.say("my employer took my passport and won't give it back");
    const text = textOf(r.replies);
    expect(text).toMatch(/serious, and it is not your fault/);
    expect(text).toMatch(/Which country are you in now\?/);
    expect(text).toMatch(/alerted a person from the union/);
    expect(r.trace.urgent).toBe(true);
    expect(r.trace.danger).toEqual(['documents']);
    expect(r.trace.handoff).toBe('started');
    const ticket = await ticketOf();
    expect(ticket).toMatchObject({ urgent: true, danger: ['documents'], reason: 'danger', status: 'open' });
    expect(ticket?.question).toBe("my employer took my passport and won't give it back");
    await t.settle();
    const opened = t.desk.log.find((e) => e.type === 'opened');
    expect(opened?.ticket.urgent).toBe(true);

    // The country comes next: the local numbers, with source and date; the message also reaches staff.
    const where = await t.say('I am in Spain');
    const numbers = textOf(where.replies);
    expect(numbers).toContain('112');
    expect(numbers).toContain('900 10 50 90');
    expect(numbers).toMatch(/Secondary source, check it first: .*laSexta.*checked by us 2026-12-01/s);
    expect(numbers).not.toMatch(/not your fault/); // said once, not repeated
    const after = await ticketOf();
    expect(after?.destination).toBe('ES');
    expect(after?.transcript.at(-1)).toMatchObject({ from: 'worker', text: 'I am in Spain' });
  });

  it('names the numbers at once when the message says where the worker is, and the home office', async () => {
    await t.say('I am from the Philippines');
    const r = await t.say('I am in Spain and they lock me in the house, I cannot go out');
    const text = textOf(r.replies);
    expect(text).toContain('112');
    expect(text).toContain('1348');
    expect(text).not.toMatch(/Which country are you in/);
    expect((await ticketOf())?.danger).toContain('confinement');
  });

  it("self-harm: a crisis line and the emergency number, in the worker's language, no lecture", async () => {
    const r = await t.say('estoy en España y ya no quiero vivir');
    const text = textOf(r.replies);
    expect(text).toMatch(/^Gracias por contármelo/);
    expect(text).toContain('024');
    expect(text).toContain('112');
    expect(text).not.toMatch(/Trata y trabajo forzoso/);
    expect(r.trace.language).toBe('es');
  });

  it('ordinary messages with the same words go to the matcher as before', async () => {
    for (const text of ['how do I renew my passport', 'my employer is late with contributions']) {
      const r = await t.say(text, `ordinary-${text.length}`);
      expect(r.trace.urgent, text).toBeUndefined();
    }
    expect(await t.app.store.listTickets()).toHaveLength(0);
  });

  it('raises an open ordinary ticket to urgent; the same sign again is not repeated', async () => {
    await t.say('/human');
    const before = await ticketOf();
    expect(before?.urgent).toBeUndefined();
    const r = await t.say('my boss hit me yesterday');
    expect(r.trace.urgent).toBe(true);
    expect(textOf(r.replies)).toMatch(/told the union person handling your request that this is urgent/);
    expect(textOf(r.replies)).toMatch(/not your fault/);
    const raised = await ticketOf();
    expect(raised).toMatchObject({ id: before!.id, urgent: true, danger: ['violence'] });
    expect(raised?.transcript.at(-1)?.text).toBe('my boss hit me yesterday');
    await t.settle();
    expect(t.desk.log.some((e) => e.type === 'changed' && e.ticket.urgent)).toBe(true);

    const again = await t.say('he hit me again today');
    expect(textOf(again.replies)).not.toMatch(/not your fault/);
    expect(textOf(again.replies)).toMatch(/this is urgent/);
  });

  it('asks with one tap before staff see a name or number, and respects the answer', async () => {
    const extra = { phone: '+34 600 111 222', displayName: 'Rosa' };
    const r = await t.say('they took my phone and my passport', 'w-consent', extra);
    const ask = r.replies.at(-1)!;
    expect(ask.choices?.map((c) => c.value)).toEqual([SHARE_ACTION, KEEP_ACTION]);
    let ticket = await ticketOf('w-consent');
    expect(ticket?.phone).toBeUndefined();
    expect(ticket?.workerName).toBeUndefined();

    const yes = await t.app.core.handleDetailed({
      address: { channel: 'test', userId: 'w-consent' },
      messageId: 'consent-yes',
      action: SHARE_ACTION,
      ...extra,
    });
    expect(textOf(yes.replies)).toMatch(/can now see your name and number/);
    ticket = await ticketOf('w-consent');
    expect(ticket).toMatchObject({ phone: '+34 600 111 222', workerName: 'Rosa' });

    const no = await t.app.core.handleDetailed({
      address: { channel: 'test', userId: 'w-consent' },
      messageId: 'consent-no',
      action: KEEP_ACTION,
      ...extra,
    });
    expect(textOf(no.replies)).toMatch(/Nothing that identifies you is shared/);
    ticket = await ticketOf('w-consent');
    expect(ticket?.phone).toBeUndefined();
    expect(ticket?.workerName).toBeUndefined();
  });

  it('staff lower and raise the urgency from the desk', async () => {
    await t.say('they beat me');
    const ticket = (await ticketOf())!;
    await t.desk.setUrgent(ticket.id, false, STAFF);
    expect(await t.app.store.getTicket(ticket.id)).toMatchObject({
      urgent: false,
      urgencyChangedBy: { id: 'S1', urgent: false },
    });
    await t.desk.setUrgent(ticket.id, true, STAFF);
    const raised = await t.app.store.getTicket(ticket.id);
    expect(raised?.urgent).toBe(true);
    expect(raised?.urgentSince).toBeDefined();
  });

  it('/forget leaves no trace of the urgent case', async () => {
    await t.say('i want to end my life');
    expect(await t.app.store.listTickets()).toHaveLength(1);
    await t.say('/forget');
    expect(await t.app.store.listTickets()).toHaveLength(0);
  });

  it('in every claimed language, a danger message from the held-out set opens an urgent case', async () => {
    const safety = (await loadSafety(REPO_ROOT)).content!;
    const languages = t.app.live.current().content.languages;
    for (const set of safety.heldOut) {
      if (!languages.includes(set.data.language)) continue;
      const userId = `lang-${set.file}`;
      const r = await t.say(set.data.danger[0]!.text, userId);
      expect(r.trace.urgent, set.file).toBe(true);
      expect(r.replies[0]!.text.length, set.file).toBeGreaterThan(40);
    }
  });
});
