import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** GOV.UK typography for what markdown makes: each tag gets its Design System class. */
const CLASSES: Record<string, string> = {
  p: 'govuk-body',
  h1: 'govuk-heading-l',
  h2: 'govuk-heading-m',
  h3: 'govuk-heading-s',
  h4: 'govuk-heading-s',
  ul: 'govuk-list govuk-list--bullet',
  ol: 'govuk-list govuk-list--number',
  a: 'govuk-link',
  table: 'govuk-table',
  tr: 'govuk-table__row',
  th: 'govuk-table__header',
  td: 'govuk-table__cell',
  blockquote: 'govuk-inset-text',
};

// Raw HTML in material is shown as text (html: false); sanitize-html is the second line, for what markdown emits.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...Object.keys(CLASSES),
    'h5',
    'h6',
    'li',
    'strong',
    'em',
    'code',
    'pre',
    'br',
    'hr',
    'thead',
    'tbody',
    's',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['https', 'http', 'mailto'],
  // Links in material lead elsewhere: no referrer, and no control over this page.
  transformTags: Object.fromEntries(
    Object.entries(CLASSES).map(([tag, className]) => [
      tag,
      (tagName: string, attribs: sanitizeHtml.Attributes) => ({
        tagName,
        attribs: {
          ...attribs,
          class: className,
          ...(tag === 'a' ? { rel: 'noopener noreferrer nofollow' } : {}),
        },
      }),
    ]),
  ),
  allowedClasses: Object.fromEntries(
    Object.entries(CLASSES).map(([tag, className]) => [tag, className.split(' ')]),
  ),
};

/** A practice's markdown body as safe HTML in the Design System's typography. */
export function renderMarkdown(text: string): string {
  return sanitizeHtml(markdown.render(text), SANITIZE);
}
