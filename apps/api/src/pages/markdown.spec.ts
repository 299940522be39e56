import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders markdown with GOV.UK classes', () => {
    expect(renderMarkdown('## Method\n\nWe *shared* a [depot](https://example.org/d).\n\n- one\n- two')).toBe(
      '<h2 class="govuk-heading-m">Method</h2>\n' +
        '<p class="govuk-body">We <em>shared</em> a <a href="https://example.org/d" class="govuk-link" rel="noopener noreferrer nofollow">depot</a>.</p>\n' +
        '<ul class="govuk-list govuk-list--bullet">\n<li>one</li>\n<li>two</li>\n</ul>\n',
    );
  });

  it('shows raw HTML as text and drops script links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))',
    );
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain('&lt;script&gt;');
  });
});
