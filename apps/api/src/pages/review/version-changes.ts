import type { PublicContent } from '../../practices/practice-workflow.service';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface ParagraphChange {
  text: string;
  change: 'added' | 'removed' | 'unchanged';
}

const FIELD_TEXT: Array<[string, (content: PublicContent) => string]> = [
  ['Title', (content) => content.title],
  ['Summary', (content) => content.summary],
  // Sets: the same themes and authorities in another order are no change.
  ['Themes', (content) => [...content.themes].sort().join(', ')],
  ['Authorities', (content) => [...content.authorities].sort().join(', ')],
  ['Links', (content) => content.links.join(', ')],
  [
    'Savings',
    (content) =>
      content.savings ? `£${content.savings.amountPerYear} a year: ${content.savings.basis}` : 'None',
  ],
  ['Attachments', (content) => content.attachments.map((attachment) => attachment.name).join(', ') || 'None'],
];

const paragraphs = (body: string) =>
  body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);

/**
 * What a revision changed since the version last reviewed: each field that differs, and the description's
 * paragraphs in the new order, marked added where the earlier version had no such paragraph, then the earlier
 * version's paragraphs that are gone. Paragraphs, not words: a reviewer sees which parts to read again.
 */
export function versionChanges(
  before: PublicContent,
  after: PublicContent,
): { fields: FieldChange[]; body: ParagraphChange[] } {
  const fields = FIELD_TEXT.map(([field, text]) => ({
    field,
    before: text(before),
    after: text(after),
  })).filter((change) => change.before !== change.after);
  const old = paragraphs(before.body);
  const current = paragraphs(after.body);
  return {
    fields,
    body: [
      ...current.map((text): ParagraphChange => ({
        text,
        change: old.includes(text) ? 'unchanged' : 'added',
      })),
      ...old
        .filter((text) => !current.includes(text))
        .map((text): ParagraphChange => ({ text, change: 'removed' })),
    ],
  };
}
