import { escapeHtml } from './escape-html';

/**
 * Private-use characters that FTS5's `snippet()` puts around matches, replaced by `<mark>` once the snippet text
 * is escaped. Material could carry them too, so they are taken out of the text before it is indexed: a marker in
 * a snippet is then always one `snippet()` put there.
 */
export const SNIPPET_OPEN = '\uE000';
export const SNIPPET_CLOSE = '\uE001';
const MARKERS = /[\uE000\uE001]/gu;

/** Text as it goes into the full-text index: without the snippet markers. */
export function withoutSnippetMarkers(text: string): string {
  return text.replace(MARKERS, '');
}

/** A snippet as HTML: its text escaped, its matches in `<mark>`. */
export function highlightedSnippet(snippet: string): string {
  return escapeHtml(snippet).replaceAll(SNIPPET_OPEN, '<mark>').replaceAll(SNIPPET_CLOSE, '</mark>');
}
