import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTheme, loadAuthorityRegister } from '@app/reference-data';
import { demoNetworks } from './demo-networks';
import { DEMO_PRACTICES } from './demo-practices';

const howItWorks = readFileSync(
  join(__dirname, '../../../../libs/reference-data/sources/003_83f366a814654887.txt'),
  'utf8',
);
/** The page's Steering Group lines: "<person's first and last name> <network>", between these two sentences. */
const membershipLines = howItWorks
  .split('with a current membership as follows:')[1]
  .split('The purpose of the Steering Group')[0]
  .split('\n')
  .map((line) => line.replace(/\s+/g, ' ').trim())
  .filter(Boolean);

const networks = demoNetworks({
  networkId: 'nht-network',
  name: 'National Highways & Transport Network',
});
const people = networks.flatMap((network) => [
  network.coordinator,
  network.representative,
  ...network.contributors,
]);

describe('demo data', () => {
  it('has the seven networks the "How it works" page lists as the current Steering Group', () => {
    expect(membershipLines).toHaveLength(7);
    const pageNetworks = membershipLines.map((line) => line.split(' ').slice(2).join(' '));
    expect(networks.map((network) => network.name).sort()).toEqual(pageNetworks.sort());
  });

  it('invents its people: nobody the page names, no one twice', () => {
    const pageNames = membershipLines.map((line) => line.split(' ').slice(0, 2).join(' '));
    for (const { name } of people) expect(pageNames).not.toContain(name);
    expect(new Set(people.map((person) => person.name)).size).toBe(people.length);
    for (const { email } of people) expect(email).toMatch(/^[a-z.]+@[a-z-]+\.example$/);
  });

  it("names authorities of the register, and each item only its own network's", () => {
    const register = loadAuthorityRegister();
    for (const network of networks)
      for (const code of network.authorities) expect(register.has(code)).toBe(true);
    for (const practice of DEMO_PRACTICES) {
      const owner = networks.find(
        (network) =>
          network.networkId === (practice.network === 'facilitator' ? 'nht-network' : practice.network),
      );
      expect(owner?.authorities).toEqual(expect.arrayContaining(practice.authorities));
      expect(practice.themes.every(isTheme)).toBe(true);
    }
  });

  it('tells about forty stories with every state among them, within the content limits', () => {
    expect(DEMO_PRACTICES.length).toBeGreaterThanOrEqual(38);
    expect(new Set(DEMO_PRACTICES.map((practice) => practice.story)).size).toBe(9);
    for (const practice of DEMO_PRACTICES) {
      expect(practice.title.length).toBeLessThanOrEqual(200);
      expect(practice.summary.length).toBeLessThanOrEqual(2000);
      // A second version says what changed; the last steps of a story happen before today.
      if (/revis|changes-then/.test(practice.story)) expect(practice.revision).toBeDefined();
      const lastStepDay = practice.story === 'revised-and-republished' ? 133 : 32;
      if (practice.story !== 'revision-in-review' && practice.story !== 'in-review')
        expect(practice.submittedDaysAgo).toBeGreaterThan(lastStepDay);
    }
  });
});
