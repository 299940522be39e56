import type { PublicContent } from '../../practices/practice-workflow.service';
import { versionChanges } from './version-changes';

const content = (overrides: Partial<PublicContent> = {}): PublicContent => ({
  title: 'Gully cleansing',
  summary: 'Risk-based frequencies.',
  body: '## Background\n\nAnnual cycle.\n\n## Outcome\n\nFewer visits.',
  themes: ['drainage'],
  authorities: ['kent'],
  links: [],
  attachments: [],
  ...overrides,
});

describe('what a revision changed', () => {
  it('names the fields that differ, with their earlier and new text', () => {
    const changes = versionChanges(
      content(),
      content({ title: 'Risk-based gully cleansing', themes: ['drainage', 'asset-management'] }),
    );
    expect(changes.fields).toEqual([
      { field: 'Title', before: 'Gully cleansing', after: 'Risk-based gully cleansing' },
      { field: 'Themes', before: 'drainage', after: 'asset-management, drainage' },
    ]);
  });

  it("marks the description's new paragraphs, keeps the unchanged ones in order, and lists the ones gone", () => {
    const changes = versionChanges(
      content(),
      content({
        body: '## Background\n\nAnnual cycle.\n\n## Outcome\n\nA third fewer visits.\n\n## Update\n\nYear two.',
      }),
    );
    expect(changes.body).toEqual([
      { text: '## Background', change: 'unchanged' },
      { text: 'Annual cycle.', change: 'unchanged' },
      { text: '## Outcome', change: 'unchanged' },
      { text: 'A third fewer visits.', change: 'added' },
      { text: '## Update', change: 'added' },
      { text: 'Year two.', change: 'added' },
      { text: 'Fewer visits.', change: 'removed' },
    ]);
  });

  it('finds nothing changed in the same content, or the same themes and authorities in another order', () => {
    const reordered = content({ themes: ['drainage', 'carriageways'], authorities: ['kent', 'surrey'] });
    expect(
      versionChanges(reordered, {
        ...reordered,
        themes: ['carriageways', 'drainage'],
        authorities: ['surrey', 'kent'],
      }).fields,
    ).toEqual([]);
    expect(versionChanges(content(), content()).fields).toEqual([]);
    expect(
      versionChanges(content(), content()).body.every((paragraph) => paragraph.change === 'unchanged'),
    ).toBe(true);
  });
});
