import { parseEml } from '@app/infrastructure/testing/read-outbox';
import { createTransport } from 'nodemailer';
import { noticeMail } from './notice-mail';
import { noticeId, weekOf } from './notices';

describe('a notice as a mail', () => {
  const content = {
    subject: 'New material to review (1 December 2026)',
    paragraphs: ['This material entered review on 1 December 2026 & awaits your review:'],
    items: [{ title: 'Grit <b>bins</b> "shared"', url: 'https://cns.example.test/review/p1' }],
    action: { label: 'Your review queue', url: 'https://cns.example.test/review' },
    footer: ['You receive this because you hold a seat.'],
  };

  it('says the same in plain text and in HTML, where what people wrote is escaped', () => {
    const mail = noticeMail('seat@example.org', content);
    expect(mail.text).toBe(
      [
        'This material entered review on 1 December 2026 & awaits your review:',
        '',
        '- Grit <b>bins</b> "shared"',
        '  https://cns.example.test/review/p1',
        '',
        'Your review queue:',
        'https://cns.example.test/review',
        '',
        '--',
        'You receive this because you hold a seat.',
        '',
      ].join('\n'),
    );
    expect(mail.html).toContain(
      '<li><a href="https://cns.example.test/review/p1">Grit &lt;b&gt;bins&lt;/b&gt; &quot;shared&quot;</a></li>',
    );
    expect(mail.html).toContain(
      '<p>This material entered review on 1 December 2026 &amp; awaits your review:</p>',
    );
    expect(mail.html).not.toContain('<b>');
  });

  it('carries the header fields it is given, as the wire has them', async () => {
    const headers = {
      'List-Unsubscribe': '<https://cns.example.test/api/v1/subscriptions/unsubscribe/one-click?token=t>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
    const rendered = await createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
    }).sendMail({
      from: 'no-reply@cns.example.test',
      ...noticeMail('sub@example.org', { ...content, headers }),
    });
    const parsed = parseEml((rendered.message as Buffer).toString('latin1'));
    expect(parsed.headers['list-unsubscribe']).toBe(headers['List-Unsubscribe']);
    expect(parsed.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(noticeMail('seat@example.org', content).headers).toBeUndefined();
  });
});

describe('notice ids', () => {
  it('name the kind, what it is about and the recipient, without the colons BullMQ keeps for itself', () => {
    const id = noticeId({
      kind: 'update-due',
      personId: 'p1',
      networkId: 'n1',
      flagAt: '2027-02-28T09:00:00.000Z',
    });
    expect(id).toBe('notice.update-due.n1.2027-02-28T090000.000Z.p1');
    expect(noticeId({ kind: 'digest', subscriberId: 's1', weekOf: '2026-11-30' })).toBe(
      'notice.digest.2026-11-30.s1',
    );
  });
});

describe('weeks', () => {
  it('start on Monday, UTC', () => {
    expect(weekOf(new Date('2026-12-06T23:59:59Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekOf(new Date('2026-12-07T00:00:00Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });
});
