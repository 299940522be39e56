/**
 * Small charts drawn on the server as SVG, so they show without JavaScript; each page puts its data table beside
 * the chart, which is what screen readers and people who prefer numbers read (the SVG is an image with a title).
 */

/** GOV.UK colours, each at least 3:1 against white (WCAG 1.4.11). */
export const PALETTE = [
  '#1d70b8',
  '#00703c',
  '#d4351c',
  '#4c2c92',
  '#f47738',
  '#28a197',
  '#912b88',
  '#505a5f',
];

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

const FONT = 'font-family="GDS Transport, arial, sans-serif" font-size="14" fill="#0b0c0c"';

function frame(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" ` +
    `aria-label="${escape(title)}"><title>${escape(title)}</title>${body}</svg>`
  );
}

export interface Bar {
  label: string;
  value: number;
  /** A bar to notice (an overdue item): drawn in red. */
  marked?: boolean;
}

/** One horizontal bar a row, labelled, with its value at the end; `line` draws a limit (the review window). */
export function horizontalBars(
  title: string,
  bars: Bar[],
  { unit = '', line }: { unit?: string; line?: { value: number; label: string } } = {},
): string {
  const labelWidth = 260;
  const plotWidth = 340;
  const row = 26;
  const height = Math.max(1, bars.length) * row + 30;
  const max = Math.max(1, line?.value ?? 0, ...bars.map((bar) => bar.value));
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  const rows = bars
    .map((bar, index) => {
      const y = index * row + 4;
      const label = bar.label.length > 36 ? `${bar.label.slice(0, 35)}…` : bar.label;
      return (
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" ${FONT}>${escape(label)}</text>` +
        `<rect x="${labelWidth}" y="${y}" width="${Math.max(1, x(bar.value) - labelWidth)}" height="${row - 8}" ` +
        `fill="${bar.marked ? PALETTE[2] : PALETTE[0]}"/>` +
        `<text x="${x(bar.value) + 6}" y="${y + 15}" ${FONT}>${bar.value}${escape(unit)}</text>`
      );
    })
    .join('');
  const limit = line
    ? `<line x1="${x(line.value)}" x2="${x(line.value)}" y1="0" y2="${height - 22}" stroke="#0b0c0c" stroke-dasharray="4 3"/>` +
      // At the right edge the label ends at the line rather than running off the image.
      `<text x="${x(line.value)}" y="${height - 6}" text-anchor="${line.value >= max ? 'end' : 'middle'}" ${FONT}>${escape(line.label)}</text>`
    : '';
  return frame(labelWidth + plotWidth + 60, height, title, rows + limit);
}

export interface Series {
  name: string;
  values: number[];
}

/** Columns per category (a quarter), each stacked from the series' values, with a legend. */
export function stackedColumns(title: string, categories: string[], series: Series[]): string {
  const left = 40;
  const column = Math.max(28, Math.min(70, 600 / Math.max(1, categories.length)));
  const plotHeight = 200;
  // Room above the tallest column for its total.
  const top0 = 24;
  const legendRows = Math.ceil(series.length / 2);
  const width = left + categories.length * column + 20;
  const totals = categories.map((_, index) => series.reduce((sum, one) => sum + (one.values[index] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const scale = (value: number) => (value / max) * plotHeight;
  const columns = categories
    .map((category, index) => {
      let top = top0 + plotHeight;
      const segments = series
        .map((one, which) => {
          const value = one.values[index] ?? 0;
          if (value === 0) return '';
          top -= scale(value);
          return `<rect x="${left + index * column + 4}" y="${top}" width="${column - 8}" height="${scale(value)}" fill="${PALETTE[which % PALETTE.length]}" stroke="#ffffff"/>`;
        })
        .join('');
      return (
        segments +
        `<text x="${left + index * column + column / 2}" y="${top - 4}" text-anchor="middle" ${FONT}>${totals[index]}</text>` +
        `<text x="${left + index * column + column / 2}" y="${top0 + plotHeight + 18}" text-anchor="middle" ${FONT} font-size="12">${escape(category)}</text>`
      );
    })
    .join('');
  const legend = series
    .map((one, which) => {
      const x = left + (which % 2) * 320;
      const y = top0 + plotHeight + 34 + Math.floor(which / 2) * 20;
      return (
        `<rect x="${x}" y="${y}" width="12" height="12" fill="${PALETTE[which % PALETTE.length]}"/>` +
        `<text x="${x + 18}" y="${y + 11}" ${FONT} font-size="12">${escape(one.name)}</text>`
      );
    })
    .join('');
  const axis = `<line x1="${left}" x2="${width - 10}" y1="${plotHeight + 10}" y2="${plotHeight + 10}" stroke="#0b0c0c"/>`;
  return frame(
    Math.max(width, left + 620),
    plotHeight + 50 + legendRows * 20,
    title,
    columns + axis + legend,
  );
}
