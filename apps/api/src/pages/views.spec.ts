import { formatDate, formatDateTime, formatFileSize, formatPounds, isApiPath } from './views';

describe('what the pages show, as people in England read it', () => {
  it('writes dates and times in en-GB, in UK time (BST in summer)', () => {
    expect(formatDate('2026-12-02T23:30:00.000Z')).toBe('2 December 2026');
    expect(formatDate('2026-06-30T23:30:00.000Z')).toBe('1 July 2026');
    expect(formatDateTime('2026-06-30T23:30:00.000Z')).toBe('1 July 2026 at 00:30');
  });

  it('writes amounts in pounds, whole, with thousands separated', () => {
    expect(formatPounds(1234567)).toBe('£1,234,567');
    expect(formatPounds(0)).toBe('£0');
  });

  it('writes file sizes in KB and MB', () => {
    expect(formatFileSize(412)).toBe('1 KB');
    expect(formatFileSize(340_400)).toBe('340 KB');
    expect(formatFileSize(1_250_000)).toBe('1.3 MB');
    expect(formatFileSize(20_000_000)).toBe('20 MB');
  });

  it('tells the machine-readable routes from the pages', () => {
    for (const path of [
      '/api/v1/catalogue',
      '/health',
      '/metrics',
      '/docs',
      '/docs-json',
      '/catalogue.atom',
      '/catalogue.csv',
    ])
      expect([path, isApiPath(path)]).toEqual([path, true]);
    for (const path of [
      '/',
      '/practices/x',
      '/catalogue',
      '/healthy',
      '/metrics.txt',
      '/sign-in',
      '/apis',
      '/documents',
    ])
      expect([path, isApiPath(path)]).toEqual([path, false]);
  });
});
