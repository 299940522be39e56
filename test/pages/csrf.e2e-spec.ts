import { join } from 'node:path';
import { readOutbox } from '@app/infrastructure/testing/read-outbox';
import { RunningApi, startApi } from '../support/running-api';

const FACILITATOR = 'facilitator-token-for-the-pages-csrf-test-0123456789';

/** A browser's session as plain HTTP sees it: its cookie, and the CSRF token of the form the page gave it. */
interface Session {
  cookie: string;
  csrf: string;
}

describe('CSRF on the pages: a form posted without its token, or with another session’s, writes nothing', () => {
  let api: RunningApi;
  let origin: string;

  beforeAll(async () => {
    // Served behind HTTPS, as PUBLIC_URL says: the session cookie is Secure.
    api = await startApi('pages-csrf', {
      BOOTSTRAP_TOKEN: FACILITATOR,
      PUBLIC_URL: 'https://pages.example.org',
    });
    origin = new URL(api.base).origin;
  });
  afterAll(() => api.close());

  /** Opens a page with a form, as a new visitor (or in `session`), and reads the session and token it gave. */
  async function formPage(path: string, session?: Session): Promise<Session> {
    const response = await fetch(`${origin}${path}`, { headers: session ? { cookie: session.cookie } : {} });
    expect(response.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await response.text())![1];
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? session!.cookie;
    return { cookie, csrf };
  }

  function post(path: string, form: Record<string, string>, cookie?: string) {
    return fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(form),
      redirect: 'manual',
    });
  }

  /** The request is refused with the 403 page, and neither the log nor the outbox grew. */
  async function expectNothingWritten(request: () => Promise<Response>) {
    const head = await api.store.headPosition();
    const mails = readOutbox(join(api.dataDir, 'outbox')).length;
    const response = await request();
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    await expect(response.text()).resolves.toMatch(/<h1[^>]*>You cannot do this<\/h1>/);
    expect(await api.store.headPosition()).toBe(head);
    expect(readOutbox(join(api.dataDir, 'outbox'))).toHaveLength(mails);
  }

  it('gives a public form a session whose cookie is HttpOnly, SameSite=Lax and Secure behind HTTPS', async () => {
    const response = await fetch(`${origin}/subscribe`);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^cns_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it('refuses a sign-up posted without a session, or without the token, or with another session’s', async () => {
    const mine = await formPage('/subscribe');
    const theirs = await formPage('/subscribe');
    expect(mine.cookie).not.toBe(theirs.cookie);
    const email = 'csrf.victim@example.org';

    await expectNothingWritten(() => post('/subscribe', { email, csrf: mine.csrf }));
    await expectNothingWritten(() => post('/subscribe', { email }, mine.cookie));
    await expectNothingWritten(() => post('/subscribe', { email, csrf: theirs.csrf }, mine.cookie));
    await expectNothingWritten(() =>
      post('/subscribe', { email, csrf: `${mine.csrf.slice(1)}x` }, mine.cookie),
    );

    // The same form with its own session's token goes through.
    const head = await api.store.headPosition();
    const accepted = await post('/subscribe', { email, csrf: mine.csrf }, mine.cookie);
    expect(accepted.status).toBe(200);
    await expect(accepted.text()).resolves.toMatch(/Check your e-mail/);
    expect(await api.store.headPosition()).toBeGreaterThan(head);
  });

  it('takes a file upload form’s token from its action’s query, refusing it missing or another session’s', async () => {
    const mine = await formPage('/subscribe');
    const theirs = await formPage('/subscribe');
    const upload = (query: string) => {
      const body = new FormData();
      body.set('email', 'upload@example.org');
      return fetch(`${origin}/subscribe${query}`, { method: 'POST', headers: { cookie: mine.cookie }, body });
    };
    await expectNothingWritten(() => upload(''));
    await expectNothingWritten(() => upload(`?csrf=${encodeURIComponent(theirs.csrf)}`));
    // Past the check, the handler runs (it reads only forms, so it asks for the address).
    expect((await upload(`?csrf=${encodeURIComponent(mine.csrf)}`)).status).toBe(422);
  });

  it('keeps a signed-in session when its sign-out is posted without the token', async () => {
    const visitor = await formPage('/sign-in');
    const signedIn = await post(
      '/sign-in',
      { token: FACILITATOR, next: '/sign-out', csrf: visitor.csrf },
      visitor.cookie,
    );
    expect(signedIn.status).toBe(303);
    const session = await formPage('/sign-out', {
      cookie: signedIn.headers.get('set-cookie')!.split(';')[0],
      csrf: '',
    });

    await expectNothingWritten(() => post('/sign-out', {}, session.cookie));
    await expectNothingWritten(() => post('/sign-out', { csrf: visitor.csrf }, session.cookie));
    // Still signed in: the sign-out page still offers the button.
    await expect(
      (await fetch(`${origin}/sign-out`, { headers: { cookie: session.cookie } })).text(),
    ).resolves.toMatch(/<button[^>]*>\s*Sign out\s*<\/button>/);
  });
});
