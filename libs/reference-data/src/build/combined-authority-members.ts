/**
 * The constituent local authorities of each combined authority in the document's combined-authority table, by
 * code. The document names the tables' rows but not who belongs to whom, so this comes from the combined
 * authorities as constituted in 2022, with two readings of the document itself:
 * - the North East CA's members are its seven asterisked rows ("the 7 constituent local authorities");
 * - Birmingham and Sheffield belong to the West Midlands and South Yorkshire settlements, which the tables call
 *   "West Midlands ITA" and "Sheffield City Region CA".
 * The parser refuses a member that is not in the local-authority table, and a CRSTS or combined-authority row that
 * belongs to no combined authority.
 */
export const COMBINED_AUTHORITY_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  'cambridgeshire-and-peterborough-ca': ['cambridgeshire', 'peterborough'],
  'greater-manchester-ca': [
    'bolton',
    'bury',
    'manchester',
    'oldham',
    'rochdale',
    'salford',
    'stockport',
    'tameside',
    'trafford',
    'wigan',
  ],
  'liverpool-city-region-ca': ['halton', 'knowsley', 'liverpool', 'sefton', 'st-helens', 'wirral'],
  'north-east-ca': [
    'county-durham',
    'gateshead',
    'newcastle-upon-tyne',
    'north-tyneside',
    'northumberland',
    'south-tyneside',
    'sunderland',
  ],
  'sheffield-city-region-ca': ['barnsley', 'doncaster', 'rotherham', 'sheffield'],
  'tees-valley-ca': ['darlington', 'hartlepool', 'middlesbrough', 'redcar-and-cleveland', 'stockton-on-tees'],
  'west-midlands-ita': [
    'birmingham',
    'coventry',
    'dudley',
    'sandwell',
    'solihull',
    'walsall',
    'wolverhampton',
  ],
  'west-of-england-ca': ['bath-and-north-east-somerset', 'bristol-city-of', 'south-gloucestershire'],
  'west-yorkshire-ca': ['bradford', 'calderdale', 'kirklees', 'leeds', 'wakefield'],
};
