import type { ResolvedActor } from '@app/read-models';

interface NavigationItem {
  href: string;
  text: string;
  /** Who sees the link. */
  for: (actor: ResolvedActor) => boolean;
}

/** The members' pages in the header, for those who may use them: add a page's link here. */
const MEMBER_PAGES: NavigationItem[] = [
  { href: '/my-network', text: 'Our material', for: (actor) => actor.roles.includes('contributor') },
  { href: '/review', text: 'Review queue', for: (actor) => actor.seat },
  { href: '/motions', text: 'Motions', for: () => true },
  { href: '/dashboard', text: 'Dashboard', for: () => true },
  { href: '/reports/progress', text: 'Progress report', for: () => true },
  { href: '/audit', text: 'Audit', for: (actor) => actor.auditor },
  { href: '/network', text: 'Our network', for: (actor) => actor.roles.includes('coordinator') },
];

export function navigationFor(actor: ResolvedActor | undefined): Array<{ href: string; text: string }> {
  if (!actor) return [];
  return MEMBER_PAGES.filter((page) => page.for(actor)).map(({ href, text }) => ({ href, text }));
}
