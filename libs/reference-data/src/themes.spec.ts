import { isTheme, THEMES } from './themes';

describe('themes vocabulary', () => {
  it('is the list of DESIGN §6, with kebab-case codes', () => {
    expect(THEMES.map((theme) => theme.label)).toEqual([
      'Carriageways',
      'Footways and cycleways',
      'Structures',
      'Street lighting',
      'Drainage',
      'Winter service',
      'Asset management',
      'Procurement and contracts',
      'Collaboration',
      'Customer and communications',
      'Innovation and technology',
      'Data and systems',
    ]);
    for (const { code, label } of THEMES) expect(code).toBe(label.toLowerCase().replace(/ /g, '-'));
  });

  it('recognises its codes only', () => {
    expect(isTheme('drainage')).toBe(true);
    expect(isTheme('winter-service')).toBe(true);
    expect(isTheme('Drainage')).toBe(false);
    expect(isTheme('winter service')).toBe(false);
    expect(isTheme('potholes')).toBe(false);
    expect(isTheme(undefined)).toBe(false);
    expect(isTheme(42)).toBe(false);
  });
});
