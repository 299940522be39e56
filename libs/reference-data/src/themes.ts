export interface Theme {
  code: string;
  label: string;
}

/** The controlled vocabulary practice material is filed under (DESIGN §6), in display order. */
export const THEMES = [
  { code: 'carriageways', label: 'Carriageways' },
  { code: 'footways-and-cycleways', label: 'Footways and cycleways' },
  { code: 'structures', label: 'Structures' },
  { code: 'street-lighting', label: 'Street lighting' },
  { code: 'drainage', label: 'Drainage' },
  { code: 'winter-service', label: 'Winter service' },
  { code: 'asset-management', label: 'Asset management' },
  { code: 'procurement-and-contracts', label: 'Procurement and contracts' },
  { code: 'collaboration', label: 'Collaboration' },
  { code: 'customer-and-communications', label: 'Customer and communications' },
  { code: 'innovation-and-technology', label: 'Innovation and technology' },
  { code: 'data-and-systems', label: 'Data and systems' },
] as const satisfies readonly Theme[];

export type ThemeCode = (typeof THEMES)[number]['code'];

const THEME_CODES: ReadonlySet<string> = new Set(THEMES.map((theme) => theme.code));

export function isTheme(code: unknown): code is ThemeCode {
  return typeof code === 'string' && THEME_CODES.has(code);
}
