import type { Role } from '@app/domain';

/** An invented person of a demo network: nobody named on the "How it works" page. */
export interface DemoPerson {
  /** Stable within the demo, to refer to the person in the story (`<network>/<key>`). */
  key: string;
  name: string;
  email: string;
  roles: Role[];
}

export interface DemoNetwork {
  networkId: string;
  /** As the "How it works" page names it among the current Steering Group (a spec checks it). */
  name: string;
  scope: 'regional' | 'national';
  region?: string;
  /** Codes from the authority register. */
  authorities: string[];
  coordinator: DemoPerson;
  /** Holds the network's seat on the Steering Group. */
  representative: DemoPerson;
  contributors: DemoPerson[];
}

const person = (networkId: string, key: string, name: string, roles: Role[]): DemoPerson => ({
  key,
  name,
  email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@${networkId}.example`,
  roles,
});

/**
 * Builds a network's people: a coordinator, a representative (who also contributes) and two contributors.
 * Addresses are under the reserved `.example` domain, so no demo mail can reach anyone.
 */
function network(
  fields: Omit<DemoNetwork, 'coordinator' | 'representative' | 'contributors'>,
  [coordinator, representative, ...contributors]: [string, string, string, string],
): DemoNetwork {
  const id = fields.networkId;
  return {
    ...fields,
    coordinator: person(id, 'coordinator', coordinator, ['coordinator']),
    representative: person(id, 'representative', representative, ['contributor']),
    contributors: contributors.map((name, index) =>
      person(id, `contributor-${index + 1}`, name, ['contributor']),
    ),
  };
}

/**
 * The seven networks the "How it works" page lists as the current Steering Group, the facilitator first, with
 * authorities that plausibly belong to each and invented people.
 */
export function demoNetworks(facilitator: { networkId: string; name: string }): DemoNetwork[] {
  return [
    network(
      {
        ...facilitator,
        scope: 'national',
        authorities: [
          'hertfordshire',
          'cambridgeshire',
          'central-bedfordshire',
          'east-riding-of-yorkshire',
          'york',
        ],
      },
      ['Graham Pennock', 'Ruth Okafor', 'Daniel Hargreaves', 'Meera Lal'],
    ),
    network(
      {
        networkId: 'wmha',
        name: 'West Midland Highways Alliance',
        scope: 'regional',
        region: 'West Midlands',
        authorities: [
          'shropshire',
          'staffordshire',
          'warwickshire',
          'worcestershire',
          'herefordshire-county-of',
          'telford-and-wrekin',
          'stoke-on-trent',
        ],
      },
      ['Colin Whitfield', 'Priya Shah', 'Tom Baverstock', 'Nadia Kowalski'],
    ),
    network(
      {
        networkId: 'msig',
        name: 'Midland Service Improvement Group',
        scope: 'regional',
        region: 'East Midlands',
        authorities: [
          'derbyshire',
          'leicestershire',
          'lincolnshire',
          'nottinghamshire',
          'north-northamptonshire',
          'west-northamptonshire',
          'rutland',
        ],
      },
      ['Helen Marsh', 'Owen Pritchard', 'Grace Adeyemi', 'Lewis Fenwick'],
    ),
    network(
      {
        networkId: 'dmg',
        name: 'Direct Management Group',
        scope: 'national',
        authorities: ['norfolk', 'lancashire', 'cumbria', 'northumberland', 'county-durham'],
      },
      ['Ian Stokes', 'Bethan Lloyd', 'Callum Reid', 'Farah Siddiqui'],
    ),
    network(
      {
        networkId: 'swha',
        name: 'South West Highways Alliance',
        scope: 'regional',
        region: 'South West',
        authorities: [
          'cornwall',
          'devon',
          'somerset',
          'dorset',
          'wiltshire',
          'gloucestershire',
          'plymouth',
          'torbay',
        ],
      },
      ['Martin Tregear', 'Joanna Pike', 'Sam Kerslake', 'Ellie Vosper'],
    ),
    network(
      {
        networkId: 'gmrn',
        name: 'Greater Manchester Regional Network',
        scope: 'regional',
        region: 'North West',
        authorities: [
          'greater-manchester-ca',
          'bolton',
          'manchester',
          'salford',
          'stockport',
          'trafford',
          'wigan',
        ],
      },
      ['Kevin Ashworth', 'Lucy Brennan', 'Imran Qureshi', 'Zoe Hollinrake'],
    ),
    network(
      {
        networkId: 'sesig',
        name: 'South East Service Improvement Group',
        scope: 'regional',
        region: 'South East',
        authorities: [
          'kent',
          'surrey',
          'east-sussex',
          'west-sussex',
          'hampshire',
          'buckinghamshire',
          'medway',
        ],
      },
      ['Fiona Gallagher', 'Marcus Bell', 'Aisha Rahman', 'Peter Lindqvist'],
    ),
  ];
}

/** A demo person by `<networkId>/<key>`. */
export function demoPerson(
  networks: DemoNetwork[],
  ref: string,
): { network: DemoNetwork; person: DemoPerson } {
  const [networkId, key] = ref.split('/');
  const network = networks.find((candidate) => candidate.networkId === networkId);
  const person =
    network &&
    [network.coordinator, network.representative, ...network.contributors].find(
      (candidate) => candidate.key === key,
    );
  if (!network || !person) throw new Error(`No demo person ${ref}`);
  return { network, person };
}
