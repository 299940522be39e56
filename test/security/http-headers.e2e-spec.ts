import { RunningApi, startApi } from '../support/running-api';

/** Issue 9, finding 8: no framework banner, no sniffing, no framing, and a CSP that Swagger UI works under. */
describe('security headers', () => {
  let api: RunningApi;
  let root: string;

  beforeAll(async () => {
    api = await startApi('http-headers', {
      BOOTSTRAP_TOKEN: 'facilitator-token-for-the-headers-test-0123456789',
    });
    root = api.base.replace(/\/api\/v1$/, '');
  });
  afterAll(() => api.close());

  it.each(['/health', '/api/v1/themes', '/api/v1/nothing-here', '/catalogue.csv', '/docs'])(
    'are on %s',
    async (path) => {
      const { headers } = await fetch(`${root}${path}`);

      expect(headers.get('x-powered-by')).toBeNull();
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    },
  );

  it('let /docs load: its scripts are same-origin files served as JavaScript, its styles allowed', async () => {
    const response = await fetch(`${root}/docs`);
    const html = await response.text();
    const policy = response.headers.get('content-security-policy')!;

    // Same-origin scripts, and inline ones only by this response's nonce (the GOV.UK pages' template has one).
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='(;|$)/);
    expect(html).toMatch(/<style>/);
    expect(policy).toMatch(/style-src [^;]*'unsafe-inline'/);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes)![1];
      expect(src).not.toMatch(/^(https?:)?\/\//);
      // Under nosniff a browser runs a script only if it is served as JavaScript.
      const script = await fetch(new URL(src, `${root}/docs`));
      expect([src, script.status, script.headers.get('content-type')]).toEqual([
        src,
        200,
        expect.stringMatching(/javascript/),
      ]);
    }
    const styles = [...html.matchAll(/<link[^>]*rel=["']stylesheet["'][^>]*>/g)];
    for (const [link] of styles) {
      const href = /href=["']([^"']+)["']/.exec(link)![1];
      const style = await fetch(new URL(href, `${root}/docs`));
      expect(style.headers.get('content-type')).toMatch(/^text\/css/);
    }
  });
});
