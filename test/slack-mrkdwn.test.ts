import { describe, expect, it } from 'vitest';
import { formatDuration, renderTicket } from '../adapters/slack/blocks.ts';
import { escapeWorkerText, maskPhones, slackToPlain, workerBlock } from '../adapters/slack/mrkdwn.ts';
import { makeTicket } from './helpers/fake-slack.ts';

describe('escapeWorkerText', () => {
  it('turns every Slack control sequence into inert text', () => {
    const out = escapeWorkerText(
      '<!channel> <!here|here> <!everyone> <@U123> <#C123> <http://x.example|y> a & b',
    );
    expect(out).not.toMatch(/[<>]/);
    expect(out).toBe(
      '&lt;!channel&gt; &lt;!here|here&gt; &lt;!everyone&gt; &lt;@U123&gt; &lt;#C123&gt; &lt;http://x.example|y&gt; a &amp; b',
    );
  });

  it('breaks @here, @channel and @everyone in any case', () => {
    const out = escapeWorkerText('@here @Channel @EVERYONE hi@here.com');
    expect(out).not.toMatch(/@(here|channel|everyone)/i);
    expect(out).toContain('@\u200Dhere');
  });

  it('defuses formatting and backticks, so text cannot leave its code block', () => {
    const out = escapeWorkerText('*bold* _it_ ~strike~ `code` ```fence```');
    expect(out).not.toContain('`');
    expect(out).not.toMatch(/(^|\s)\*\w/);
    expect(workerBlock('```x``` *y*').match(/```/g)).toHaveLength(2);
  });

  it('masks phone-like runs unless agreed, but keeps short numbers, years and convention numbers', () => {
    expect(maskPhones('call +63 917 123 4567 or (02) 8123-4567')).toBe(
      'call [number hidden] or [number hidden]',
    );
    expect(maskPhones('C157 since 1990, 3 children, 12 years')).toBe('C157 since 1990, 3 children, 12 years');
    expect(maskPhones('from 2019-03-01 to 15/01/2025, years 1990-2000')).toBe(
      'from 2019-03-01 to 15/01/2025, years 1990-2000',
    );
    expect(maskPhones('WhatsApp 0981-123-456 or 09811234')).toBe(
      'WhatsApp [number hidden] or [number hidden]',
    );
    expect(escapeWorkerText('my number 0981123456')).toContain('[number hidden]');
    expect(escapeWorkerText('my number 0981123456', { phoneAgreed: true })).toContain('0981123456');
  });

  it('drops control characters and caps length before escaping, within the block limit after', () => {
    expect(escapeWorkerText('a\u0000b\u0007c')).toBe('abc');
    expect(Array.from(escapeWorkerText('é'.repeat(5000), { max: 100 }))).toHaveLength(100);
    expect(workerBlock('<'.repeat(5000), { limit: 3000 }).length).toBeLessThanOrEqual(3000);
    expect(workerBlock('').length).toBeGreaterThan(6); // never an empty code block
  });

  it('leaves scripts other than Latin alone', () => {
    expect(escapeWorkerText('मेरो पेन्सन कहाँ छ?')).toBe('मेरो पेन्सन कहाँ छ?');
    expect(escapeWorkerText('أين معاشي؟')).toBe('أين معاشي؟');
  });
});

describe('slackToPlain', () => {
  const names = async (id: string) => ({ U1: 'Ana', U2: 'Ben' })[id];

  it('resolves mentions, drops broadcasts, spells out links and unescapes entities', async () => {
    expect(
      await slackToPlain(
        '<@U1> and <@U9|carla> here: <https://ilo.org/c157|C157> <https://ilo.org> <mailto:a@b.org|a@b.org> <#C1|desk> <!here> 1 &lt; 2 &amp; 3 &gt; 0',
        names,
      ),
    ).toBe('Ana and carla here: C157 (https://ilo.org/c157) https://ilo.org a@b.org #desk 1 < 2 & 3 > 0');
  });

  it('removes mentions it cannot resolve and formatting markers around words, keeping other symbols', async () => {
    expect(
      await slackToPlain('Hi <@U7>, *please* call _today_ ~not~ `now`: 2*3 = 6, snake_case', names),
    ).toBe('Hi , please call today not now: 2*3 = 6, snake_case');
    expect(await slackToPlain('```\nline 1\nline 2\n```')).toBe('line 1\nline 2');
  });

  it('does not turn an escaped worker-looking tag into markup', async () => {
    expect(await slackToPlain('&lt;!channel&gt;')).toBe('<!channel>');
  });
});

describe('renderTicket', () => {
  it('shows a claimed and answered ticket with the right buttons and no worker text in the notification', () => {
    const t = makeTicket({
      status: 'answered',
      claimedBy: { id: 'U1', name: 'Ana' },
      answeredBy: [{ id: 'U1', name: 'Ana' }],
      question: 'secret question',
    });
    const r = renderTicket(t, { now: new Date('2025-01-15T12:30:00Z') });
    const text = JSON.stringify(r.blocks);
    expect(text).toContain('Answered');
    expect(text).toContain('answered by Ana');
    expect(text).toContain('2 h 30 min');
    expect(text).not.toContain('ticket_claim');
    expect(text).toContain('ticket_close');
    expect(r.text).not.toContain('secret');
  });

  it('handles unknown countries and missing ones', () => {
    const t = makeTicket({ origin: undefined, destination: 'XX' });
    expect(JSON.stringify(renderTicket(t, { now: new Date('2025-01-15T10:00:00Z') }).blocks)).toContain(
      'in XX',
    );
    const none = makeTicket({ origin: undefined, destination: undefined });
    expect(JSON.stringify(renderTicket(none, { now: new Date() }).blocks)).toContain('not known');
  });

  it('formats durations for staff', () => {
    expect(formatDuration(59_000)).toBe('0 min');
    expect(formatDuration(61 * 60_000)).toBe('1 h 01 min');
    expect(formatDuration(50 * 3_600_000)).toBe('2 days 2 h');
  });
});
