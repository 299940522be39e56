import { horizontalBars, stackedColumns } from './svg-charts';

describe('server-rendered SVG charts', () => {
  it('draws a bar a row, scaled to the largest value or the limit line, and escapes labels', () => {
    const svg = horizontalBars(
      'Review ages',
      [
        { label: 'Drainage <survey> & "data"', value: 10 },
        { label: 'Gritting', value: 20, marked: true },
      ],
      { unit: ' days', line: { value: 14, label: '14-day window' } },
    );
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="Review ages"><title>Review ages<\/title>/);
    expect(svg).toContain('Drainage &lt;survey&gt; &amp; &quot;data&quot;');
    const widths = [...svg.matchAll(/<rect x="260" y="\d+" width="([\d.]+)"/g)].map((match) =>
      Number(match[1]),
    );
    expect(widths).toEqual([170, 340]);
    expect(svg).toContain('fill="#d4351c"');
    expect(svg).toContain('20 days');
    expect(svg).toContain('14-day window');
  });

  it('stacks each series in its column, totals on top, with a legend', () => {
    const svg = stackedColumns(
      'Decisions',
      ['2026-Q3', '2026-Q4'],
      [
        { name: 'Approved', values: [3, 1] },
        { name: 'Rejected', values: [1, 0] },
      ],
    );
    const heights = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g)].map(
      (match) => Number(match[1]),
    );
    // Four drawn segments (a zero is not drawn) of 200 px for the tallest total, 4; then the two legend keys.
    expect(heights).toEqual([150, 50, 50, 12, 12]);
    expect(svg).toContain('>4</text>');
    expect(svg).toContain('>Rejected</text>');
  });
});
