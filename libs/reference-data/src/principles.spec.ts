import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CURRENT_PRINCIPLES, DISCLAIMER } from './principles';

const howItWorks = readFileSync(join(__dirname, '../sources/003_83f366a814654887.txt'), 'utf8');

/** The page's lines carry stray indents and trailing spaces; the words are what must match. */
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('principles and disclaimer', () => {
  it('has a version networks adopt', () => {
    expect(CURRENT_PRINCIPLES.version).toBe('2026-1');
  });

  it('quotes every paragraph of the principles from the "How it works" page', () => {
    const paragraphs = CURRENT_PRINCIPLES.text.split('\n\n');
    expect(paragraphs).toHaveLength(4);
    for (const paragraph of paragraphs) expect(words(howItWorks)).toContain(words(paragraph));
    expect(CURRENT_PRINCIPLES.text).toContain('without the need for central intervention and administration');
    expect(CURRENT_PRINCIPLES.text).toContain('a nomination to the Connect & Share Steering Group');
  });

  it('quotes the disclaimer verbatim, as the page ends', () => {
    expect(howItWorks.trimEnd().endsWith(DISCLAIMER)).toBe(true);
    expect(
      DISCLAIMER.startsWith('Disclaimer: please read before using any Practice Material from this site.'),
    ).toBe(true);
  });
});
