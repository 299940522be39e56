/**
 * What happens to a demo item, so that the catalogue, the review queue and the dashboard each have something in
 * every state: published (some after a revision or a request for changes), approved and not yet published, in
 * review (a first version, or a revision of a published one), changes requested, rejected, withdrawn.
 */
export type DemoStory =
  | 'published'
  | 'approved'
  | 'in-review'
  | 'changes-requested'
  | 'rejected'
  | 'withdrawn'
  | 'changes-then-published'
  | 'revised-and-republished'
  | 'revision-in-review';

export interface DemoPractice {
  /** The owner network's id; `facilitator` for the facilitator network, whatever it is configured as. */
  network: string;
  /** Who in the network submits it. */
  by: 'representative' | 'contributor-1' | 'contributor-2';
  story: DemoStory;
  /** Days before the demo's "now" it was first submitted: later steps follow at fixed intervals. */
  submittedDaysAgo: number;
  title: string;
  summary: string;
  background: string;
  steps: string[];
  outcome: string;
  themes: string[];
  authorities: string[];
  savings?: { amountPerYear: number; basis: string };
  links?: string[];
  /** For the stories with a second version: the paragraph it adds. */
  revision?: string;
}

/** An item's markdown body, laid out as the catalogue's material usually is. */
export function demoBody(practice: DemoPractice, revised = false): string {
  return [
    `## Background\n\n${practice.background}`,
    `## What we did\n\n${practice.steps.map((step) => `- ${step}`).join('\n')}`,
    `## Outcome\n\n${practice.outcome}`,
    ...(revised && practice.revision ? [`## Update\n\n${practice.revision}`] : []),
  ].join('\n\n');
}

export const DEMO_PRACTICES: DemoPractice[] = [
  {
    network: 'wmha',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 540,
    title: 'Risk-based gully cleansing frequencies',
    summary:
      'Moving from a fixed annual cycle to cleansing frequencies set by each gully’s silt level and flood risk cut wasted visits by a third.',
    background:
      'Every one of our 120,000 gullies was emptied once a year whether it needed it or not, while known flooding hot spots silted up between visits.',
    steps: [
      'Recorded silt depth at every visit for one full cycle on handheld devices',
      'Scored each gully by silt rate, flood history and the consequence of flooding (property, junctions, schools)',
      'Set four frequencies from six-monthly to three-yearly and re-planned the routes around them',
    ],
    outcome:
      'Visits fell by 34% in the first year with no rise in flooding reports; crews now spend the time saved on jetting blocked connections.',
    themes: ['drainage', 'asset-management'],
    authorities: ['staffordshire', 'shropshire'],
    savings: {
      amountPerYear: 410000,
      basis: 'Crew days saved against the previous annual cycle, at 2024/25 rates',
    },
  },
  {
    network: 'wmha',
    by: 'contributor-2',
    story: 'revised-and-republished',
    submittedDaysAgo: 500,
    title: 'Shared winter service decision support across five authorities',
    summary:
      'Five neighbouring authorities commissioned one road weather forecast and decision support service, with duty officers sharing a single treatment log.',
    background:
      'Each authority bought its own forecast and ran its own duty rota, so gritters from adjacent authorities often treated the same boundary routes on different decisions.',
    steps: [
      'Let one joint contract for forecasts and thermal mapping',
      'Agreed common treatment thresholds and a shared duty officer protocol for boundary routes',
      'Published one treatment log that all five control rooms can see',
    ],
    outcome:
      'Forecast costs fell by 40% and boundary routes are now treated once, by whichever depot is nearer.',
    themes: ['winter-service', 'collaboration', 'procurement-and-contracts'],
    authorities: ['worcestershire', 'warwickshire', 'herefordshire-county-of'],
    savings: { amountPerYear: 96000, basis: 'Combined forecast contract against five separate contracts' },
    revision:
      'After the second winter we added salt stock sharing between depots: a depot short of salt draws on its neighbour’s stock under a standing agreement, recorded in the same log.',
  },
  {
    network: 'wmha',
    by: 'representative',
    story: 'published',
    submittedDaysAgo: 410,
    title: 'Collaborative framework for surface dressing',
    summary:
      'A regional framework for surface dressing with a shared programme window gave contractors continuity and the authorities better rates.',
    background:
      'Surface dressing is weather-dependent and seasonal; authorities tendering separately competed for the same gangs in the same few weeks.',
    steps: [
      'Pooled programmes into one regional schedule a year ahead',
      'Let a four-year framework with lots by area and a common specification',
      'Met monthly in season to move gangs between authorities as weather allowed',
    ],
    outcome: 'Rates fell by 12% and the share of the programme completed in season rose from 81% to 97%.',
    themes: ['carriageways', 'procurement-and-contracts', 'collaboration'],
    authorities: ['telford-and-wrekin', 'stoke-on-trent', 'shropshire'],
    savings: { amountPerYear: 650000, basis: 'Framework rates against the previous separate tenders' },
  },
  {
    network: 'wmha',
    by: 'contributor-1',
    story: 'in-review',
    submittedDaysAgo: 26,
    title: 'Predicting pothole formation from video survey data',
    summary:
      'A trial using vehicle-mounted video and machine learning to find early cracking before it becomes a pothole.',
    background:
      'Reactive pothole repairs are expensive and repeat; we wanted to find the defects that will fail next winter while they can still be sealed.',
    steps: [
      'Mounted cameras on refuse vehicles covering 80% of the network each fortnight',
      'Trained a model on three years of inspection records to flag early cracking',
      'Sent flagged lengths to a crack-sealing gang ahead of the winter',
    ],
    outcome: 'In the trial area reactive pothole repairs fell by 22% against a matched control area.',
    themes: ['carriageways', 'innovation-and-technology', 'data-and-systems'],
    authorities: ['warwickshire'],
  },
  {
    network: 'wmha',
    by: 'contributor-2',
    story: 'changes-requested',
    submittedDaysAgo: 48,
    title: 'Street lighting column structural testing programme',
    summary: 'Testing ageing steel lighting columns by risk rather than age alone.',
    background: 'A third of our columns are over 40 years old; replacing them by age alone is unaffordable.',
    steps: [
      'Tested a sample of columns with a dynamic load test',
      'Ranked columns by test result and location risk',
    ],
    outcome: 'The replacement programme now targets the columns that failed or are in high-risk locations.',
    themes: ['street-lighting', 'asset-management'],
    authorities: ['staffordshire'],
  },
  {
    network: 'msig',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 520,
    title: 'Highway asset management maturity self-assessment',
    summary:
      'A shared self-assessment against the Code of Practice that lets member authorities compare their asset management maturity and plan improvements together.',
    background:
      'Authorities wanted to know where they stood against the Well-managed Highway Infrastructure Code of Practice without paying for separate external reviews.',
    steps: [
      'Wrote forty questions mapped to the Code’s recommendations',
      'Each authority scored itself and a peer from another authority moderated the scores',
      'Published anonymised results and formed working groups on the weakest areas',
    ],
    outcome:
      'Seven authorities raised their score in the second year; two working groups produced shared policies.',
    themes: ['asset-management', 'collaboration'],
    authorities: ['derbyshire', 'leicestershire', 'nottinghamshire'],
  },
  {
    network: 'msig',
    by: 'contributor-2',
    story: 'published',
    submittedDaysAgo: 470,
    title: 'LED street lighting conversion with part-night dimming',
    summary:
      'Converting 60,000 lanterns to LED with a central management system and dimming to 50% between midnight and 5am.',
    background:
      'Energy costs for street lighting had doubled in two years and the sodium lanterns were at the end of their life.',
    steps: [
      'Surveyed every column and grouped lanterns by road type',
      'Installed LED lanterns with nodes on a central management system',
      'Consulted the police and the public on dimming before applying it',
    ],
    outcome: 'Energy use fell by 68% and faults are reported by the nodes before residents notice them.',
    themes: ['street-lighting', 'innovation-and-technology'],
    authorities: ['lincolnshire'],
    savings: {
      amountPerYear: 2300000,
      basis: 'Energy and maintenance against the sodium estate, 2024/25 tariffs',
    },
  },
  {
    network: 'msig',
    by: 'representative',
    story: 'changes-then-published',
    submittedDaysAgo: 380,
    title: 'Public reporting of highway defects with live status updates',
    summary:
      'An online reporting tool that tells residents what happened to their report, which cut repeat reports and call volumes.',
    background:
      'Half of the calls to our contact centre about highways were people chasing reports they had already made.',
    steps: [
      'Connected the public reporting form to the works management system',
      'Sent automatic updates when a report is inspected, ordered and completed',
      'Showed open reports on a map so residents could see an issue was known',
    ],
    outcome: 'Duplicate reports fell by 45% and highway calls to the contact centre by 30%.',
    themes: ['customer-and-communications', 'data-and-systems'],
    authorities: ['rutland', 'leicestershire'],
    revision:
      'As reviewers asked, we have added the cost of the integration (£38,000 one-off, £6,000 a year) and the accessibility testing we did with residents who use screen readers.',
  },
  {
    network: 'msig',
    by: 'contributor-1',
    story: 'in-review',
    submittedDaysAgo: 19,
    title: 'Flood risk modelling to prioritise drainage schemes',
    summary: 'Using surface water flood maps and property counts to rank drainage improvement schemes.',
    background: 'Our drainage improvement list had grown to 400 schemes with no consistent way to rank them.',
    steps: [
      'Overlaid surface water flood maps with property and road data',
      'Scored schemes by properties protected per pound spent',
      'Agreed the ranking with the lead local flood authority team',
    ],
    outcome:
      'The capital programme for the next three years was set from the ranking and approved without change.',
    themes: ['drainage', 'data-and-systems'],
    authorities: ['nottinghamshire', 'derbyshire'],
  },
  {
    network: 'msig',
    by: 'contributor-2',
    story: 'revision-in-review',
    submittedDaysAgo: 300,
    title: 'Footway condition survey by trained volunteers',
    summary:
      'Parish volunteers trained to survey footway condition, giving full coverage at a fraction of the cost.',
    background: 'Our footway survey covered only the busiest 20% of footways each year.',
    steps: [
      'Trained parish volunteers with a short course and a phone app',
      'Checked a sample of their surveys against professional inspections',
      'Fed the results into the footway maintenance programme',
    ],
    outcome:
      'Coverage rose to 85% of footways; volunteer surveys agreed with professional ones in 92% of lengths.',
    themes: ['footways-and-cycleways', 'customer-and-communications'],
    authorities: ['north-northamptonshire'],
    savings: { amountPerYear: 55000, basis: 'Survey contract costs avoided' },
    revision:
      'A second year of data: 140 parishes now take part, and we have added the volunteer training pack and the checking method.',
  },
  {
    network: 'msig',
    by: 'representative',
    story: 'withdrawn',
    submittedDaysAgo: 200,
    title: 'Trial of recycled plastic in asphalt',
    summary: 'A trial section of asphalt with recycled plastic binder modifier.',
    background: 'We wanted to test a recycled plastic modifier on a lightly trafficked road.',
    steps: ['Laid 400 metres of trial surfacing', 'Monitored it for one year'],
    outcome: 'Too early to draw conclusions.',
    themes: ['carriageways', 'innovation-and-technology'],
    authorities: ['west-northamptonshire'],
  },
  {
    network: 'facilitator',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 560,
    title: 'Using public satisfaction survey results to set service priorities',
    summary:
      'How authorities used national public satisfaction survey results alongside cost data to decide where to improve highway services.',
    background:
      'Many authorities collect satisfaction results every year but few used them when setting budgets and service levels.',
    steps: [
      'Compared each authority’s satisfaction with its spend per kilometre and its peers',
      'Identified the services where satisfaction was low and cost high',
      'Ran workshops with members and officers to agree two improvement priorities each',
    ],
    outcome:
      'Authorities taking part improved satisfaction with the services they prioritised by an average of four points.',
    themes: ['customer-and-communications', 'data-and-systems'],
    authorities: ['hertfordshire', 'cambridgeshire'],
  },
  {
    network: 'facilitator',
    by: 'contributor-2',
    story: 'published',
    submittedDaysAgo: 430,
    title: 'Benchmarking highway maintenance costs with a common cost model',
    summary:
      'A common model for recording the unit costs of routine maintenance so that authorities can compare like with like.',
    background:
      'Cost comparisons between authorities were unreliable because each counted overheads differently.',
    steps: [
      'Defined twelve standard activities and what each cost must include',
      'Collected two years of costs from thirty authorities',
      'Shared results in peer groups of similar authorities',
    ],
    outcome: 'Several authorities changed their delivery model for patching after seeing peers’ costs.',
    themes: ['asset-management', 'data-and-systems', 'collaboration'],
    authorities: ['central-bedfordshire', 'york'],
  },
  {
    network: 'facilitator',
    by: 'representative',
    story: 'revised-and-republished',
    submittedDaysAgo: 360,
    title: 'Guide to writing a highway network management plan',
    summary:
      'A practical guide with templates for a network management plan that meets the Code of Practice.',
    background:
      'Smaller authorities asked for help writing plans that link policy, hierarchy and inspection regimes.',
    steps: [
      'Collected plans from authorities of different sizes',
      'Wrote a template with worked examples for each section',
      'Tested it with three authorities writing their first plan',
    ],
    outcome: 'Three authorities adopted plans from the template within six months.',
    themes: ['asset-management'],
    authorities: ['east-riding-of-yorkshire'],
    revision: 'Updated for the latest resilient network guidance, with a new section on climate adaptation.',
  },
  {
    network: 'facilitator',
    by: 'contributor-1',
    story: 'in-review',
    submittedDaysAgo: 6,
    title: 'Carbon accounting for highway maintenance schemes',
    summary: 'A simple calculator for the embodied carbon of maintenance treatments, used at scheme design.',
    background:
      'Authorities have carbon targets but no easy way to compare treatments by carbon at design stage.',
    steps: [
      'Gathered emission factors for common treatments from suppliers and published sources',
      'Built a calculator into the scheme design template',
      'Reported carbon alongside cost in scheme approvals',
    ],
    outcome: 'Designers chose lower-carbon treatments on a fifth of schemes where cost was equal.',
    themes: ['carriageways', 'innovation-and-technology'],
    authorities: ['hertfordshire'],
  },
  {
    network: 'facilitator',
    by: 'contributor-2',
    story: 'approved',
    submittedDaysAgo: 40,
    title: 'Network-wide inventory of highway trees',
    summary: 'Building a highway tree inventory with a risk-based inspection regime.',
    background: 'We had no record of most trees on the highway and inspections were reactive.',
    steps: [
      'Captured tree positions from aerial imagery and checked them on site',
      'Set inspection frequencies by species, size and location',
    ],
    outcome: 'Every highway tree is now recorded and inspected on a cycle matched to its risk.',
    themes: ['asset-management', 'data-and-systems'],
    authorities: ['cambridgeshire'],
  },
  {
    network: 'dmg',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 530,
    title: 'In-house versus outsourced delivery: an evidence review',
    summary:
      'What direct-delivery authorities learned from comparing the cost and quality of in-house teams against contracted services.',
    background: 'Members asked for evidence on whether bringing services back in house saves money.',
    steps: [
      'Compared unit costs and quality measures of six in-house and six contracted services',
      'Interviewed managers about flexibility, resilience and skills',
      'Summarised the conditions under which each model worked best',
    ],
    outcome:
      'No model was cheaper in every case; control of the programme and winter resilience favoured in-house teams.',
    themes: ['procurement-and-contracts', 'collaboration'],
    authorities: ['norfolk', 'lancashire'],
  },
  {
    network: 'dmg',
    by: 'contributor-2',
    story: 'published',
    submittedDaysAgo: 450,
    title: 'Apprenticeship scheme for highway operatives',
    summary:
      'A shared apprenticeship scheme that trains highway operatives across several direct-labour organisations.',
    background:
      'An ageing workforce and difficulty recruiting skilled operatives threatened in-house services.',
    steps: [
      'Designed a two-year programme with a local college',
      'Rotated apprentices between authorities for breadth of experience',
      'Guaranteed an interview for a permanent post at the end',
    ],
    outcome: 'Forty apprentices completed the programme; 36 are still working in highways.',
    themes: ['collaboration'],
    authorities: ['cumbria', 'northumberland'],
  },
  {
    network: 'dmg',
    by: 'representative',
    story: 'changes-then-published',
    submittedDaysAgo: 330,
    title: 'Right first time pothole repairs',
    summary:
      'Permanent first-time repairs using a cut-and-fill specification and a quality check, instead of temporary patching.',
    background: 'Temporary repairs were failing within months and being repaired again.',
    steps: [
      'Adopted a single permanent repair specification',
      'Equipped gangs with cutters and hot boxes so every repair could be permanent',
      'Checked a random 5% of repairs each month',
    ],
    outcome: 'Repeat repairs fell from 27% to 6% within a year.',
    themes: ['carriageways'],
    authorities: ['county-durham'],
    savings: { amountPerYear: 380000, basis: 'Repeat repairs avoided at the average repair cost' },
    revision:
      'Reviewers asked for the quality check method: it is now described, with the checklist gangs use and the failure rates by gang.',
  },
  {
    network: 'dmg',
    by: 'contributor-1',
    story: 'rejected',
    submittedDaysAgo: 150,
    title: 'Our depot rationalisation',
    summary: 'Notes from our depot review.',
    background: 'Internal notes from a depot review.',
    steps: ['Reviewed depots'],
    outcome: 'See the attached internal report.',
    themes: ['asset-management'],
    authorities: ['lancashire'],
  },
  {
    network: 'dmg',
    by: 'contributor-2',
    story: 'published',
    submittedDaysAgo: 140,
    title: 'Weather-responsive grass cutting on rural verges',
    summary:
      'Cutting rural verges when growth requires rather than on fixed dates, with pollinator-friendly late cuts.',
    background: 'Fixed cutting dates wasted cuts in dry years and missed growth in wet ones.',
    steps: [
      'Used growth indicators and visibility checks to trigger cuts',
      'Left selected verges uncut until late summer for wildflowers',
    ],
    outcome: 'Cuts fell by 20% and wildflower verges grew from 5 to 140 kilometres.',
    themes: ['asset-management', 'customer-and-communications'],
    authorities: ['norfolk'],
  },
  {
    network: 'swha',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 510,
    title: 'Coastal highway resilience planning',
    summary:
      'Assessing and planning for coastal erosion and flooding risks to highways along an exposed coastline.',
    background: 'Several coastal roads were lost to erosion or closed by flooding in recent storms.',
    steps: [
      'Mapped coastal roads against erosion and flood projections',
      'Agreed trigger points for realignment or closure with communities',
      'Built resilience schemes into the long-term capital programme',
    ],
    outcome: 'Two realignments were delivered before the roads failed; a third is planned.',
    themes: ['asset-management', 'drainage', 'structures'],
    authorities: ['cornwall', 'devon'],
  },
  {
    network: 'swha',
    by: 'contributor-2',
    story: 'published',
    submittedDaysAgo: 420,
    title: 'Bridge inspection using drones',
    summary:
      'Principal inspections of large bridges with drones, avoiding most access equipment and traffic management.',
    background: 'Access for bridge inspections needed lane closures and specialist platforms.',
    steps: [
      'Trained two inspectors as drone pilots',
      'Captured high-resolution imagery and 3D models of each structure',
      'Used access equipment only where the imagery showed defects',
    ],
    outcome: 'Inspection costs for large structures fell by 45% and lane closures by 80%.',
    themes: ['structures', 'innovation-and-technology'],
    authorities: ['somerset', 'dorset'],
    savings: { amountPerYear: 120000, basis: 'Access and traffic management costs avoided' },
  },
  {
    network: 'swha',
    by: 'representative',
    story: 'revision-in-review',
    submittedDaysAgo: 280,
    title: 'Regional materials testing laboratory',
    summary: 'A laboratory shared by the alliance for testing asphalt, aggregates and concrete.',
    background: 'Each authority paid commercial rates for materials testing with long turnaround times.',
    steps: [
      'Converted one authority’s laboratory into a shared service',
      'Agreed a charging model based on tests used',
    ],
    outcome: 'Testing costs fell by a quarter and results arrive in days rather than weeks.',
    themes: ['procurement-and-contracts', 'collaboration', 'carriageways'],
    authorities: ['wiltshire', 'gloucestershire'],
    revision: 'Now with the charging model and two years of test volumes by authority.',
  },
  {
    network: 'swha',
    by: 'contributor-1',
    story: 'in-review',
    submittedDaysAgo: 12,
    title: 'Gritting route optimisation',
    summary:
      'Re-planning precautionary gritting routes with routing software to cover the same network with fewer vehicles.',
    background: 'Our gritting routes had grown piecemeal over thirty years.',
    steps: [
      'Modelled every priority route with the software',
      'Tested new routes with drivers before the winter',
      'Kept one spare vehicle per depot for breakdowns',
    ],
    outcome: 'The same network is treated with three fewer gritters within the same time.',
    themes: ['winter-service', 'innovation-and-technology'],
    authorities: ['devon', 'plymouth'],
    savings: { amountPerYear: 210000, basis: 'Vehicle leases and drivers' },
  },
  {
    network: 'swha',
    by: 'contributor-2',
    story: 'changes-requested',
    submittedDaysAgo: 33,
    title: 'Highway drainage asset data capture',
    summary: 'Capturing drainage assets with a mobile app during routine cleansing.',
    background: 'Our drainage records were incomplete.',
    steps: ['Cleansing crews record every asset they visit'],
    outcome: 'The inventory is growing each month.',
    themes: ['drainage', 'data-and-systems'],
    authorities: ['torbay'],
  },
  {
    network: 'gmrn',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 490,
    title: 'Permit scheme for street works across ten authorities',
    summary:
      'A common street works permit scheme that coordinates utility and highway works across the city region.',
    background: 'Works by utilities and authorities clashed on key routes at boundaries.',
    steps: [
      'Adopted one permit scheme with common conditions',
      'Shared a single works register and coordination meetings',
      'Set targets for reducing overruns',
    ],
    outcome: 'Works overruns fell by 35% and boundary clashes are now rare.',
    themes: ['collaboration', 'customer-and-communications'],
    authorities: ['manchester', 'salford', 'trafford'],
  },
  {
    network: 'gmrn',
    by: 'contributor-2',
    story: 'published',
    submittedDaysAgo: 400,
    title: 'Sustainable drainage in highway schemes',
    summary:
      'Design guidance and examples of rain gardens and swales built into highway improvement schemes.',
    background: 'Combined sewers overflow in heavy rain; highway runoff adds to the load.',
    steps: [
      'Wrote design guidance with the water company',
      'Built rain gardens into twelve schemes',
      'Monitored flows before and after',
    ],
    outcome: 'Runoff to sewers from treated streets fell by up to 60% in monitored storms.',
    themes: ['drainage', 'footways-and-cycleways'],
    authorities: ['greater-manchester-ca', 'stockport'],
  },
  {
    network: 'gmrn',
    by: 'representative',
    story: 'published',
    submittedDaysAgo: 300,
    title: 'Cycleway maintenance standards',
    summary:
      'Inspection and maintenance standards for segregated cycleways, which existing footway standards did not cover.',
    background:
      'New segregated cycleways were being inspected as footways, missing defects that matter to cyclists.',
    steps: [
      'Defined defects and intervention levels for cycle surfaces',
      'Added sweeping and winter treatment to cycleway routines',
    ],
    outcome: 'Cyclist injury claims on the network fell and complaints about debris halved.',
    themes: ['footways-and-cycleways', 'asset-management'],
    authorities: ['manchester', 'bolton'],
  },
  {
    network: 'gmrn',
    by: 'contributor-1',
    story: 'revised-and-republished',
    submittedDaysAgo: 250,
    title: 'Open data for highway works',
    summary: 'Publishing planned and live highway works as open data for journey planners and residents.',
    background: 'Residents learned of works only when they met them.',
    steps: ['Published the works register as an open data feed', 'Worked with journey planners to use it'],
    outcome: 'Two journey planning apps now show our works; complaints about unannounced works fell.',
    themes: ['data-and-systems', 'customer-and-communications'],
    authorities: ['wigan', 'salford'],
    revision:
      'The feed now follows the national open data standard for roadworks, with a link to its schema.',
    links: ['https://www.gov.uk/government/collections/street-works'],
  },
  {
    network: 'gmrn',
    by: 'contributor-2',
    story: 'in-review',
    submittedDaysAgo: 3,
    title: 'Joint procurement of traffic signal maintenance',
    summary: 'One maintenance contract for traffic signals across the city region.',
    background: 'Ten separate signal maintenance contracts gave uneven service and prices.',
    steps: ['Let one contract with area lots', 'Set response times by junction importance'],
    outcome: 'Prices fell by 15% and fault response improved at strategic junctions.',
    themes: ['procurement-and-contracts', 'collaboration'],
    authorities: ['greater-manchester-ca'],
  },
  {
    network: 'sesig',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 480,
    title: 'Preventative maintenance with lifecycle planning',
    summary: 'Using lifecycle models to shift spending from reactive repairs to preventative treatments.',
    background: 'Most of our budget went on reactive repairs while road condition declined.',
    steps: [
      'Modelled condition under different spending mixes',
      'Moved a fifth of the budget into surface treatments',
      'Reported predicted condition to members each year',
    ],
    outcome: 'Road condition stabilised within three years on the same budget.',
    themes: ['carriageways', 'asset-management'],
    authorities: ['kent', 'surrey'],
  },
  {
    network: 'sesig',
    by: 'contributor-2',
    story: 'changes-then-published',
    submittedDaysAgo: 390,
    title: 'Salt barn condition and capacity review',
    summary: 'A review of salt storage across the region to make sure stocks meet resilience guidance.',
    background:
      'Some salt barns were in poor condition and total storage fell short of recommended resilience levels.',
    steps: [
      'Surveyed every salt barn',
      'Agreed mutual aid for salt between authorities',
      'Prioritised barn repairs',
    ],
    outcome: 'Regional storage now meets the recommended level with two new barns.',
    themes: ['winter-service', 'collaboration'],
    authorities: ['east-sussex', 'west-sussex'],
    revision: 'Added the survey template and the mutual aid agreement, as reviewers suggested.',
  },
  {
    network: 'sesig',
    by: 'representative',
    story: 'published',
    submittedDaysAgo: 260,
    title: 'Member briefings on highway asset management',
    summary: 'Short briefings that help elected members understand asset management decisions.',
    background: 'Members found asset management reports hard to follow and challenged programmes late.',
    steps: ['Wrote five one-page briefings', 'Held site visits showing treatments at different stages'],
    outcome: 'Programmes have been approved at first presentation for two years running.',
    themes: ['asset-management', 'customer-and-communications'],
    authorities: ['hampshire'],
  },
  {
    network: 'sesig',
    by: 'contributor-1',
    story: 'revision-in-review',
    submittedDaysAgo: 230,
    title: 'Street lighting energy procurement',
    summary:
      'Buying street lighting energy through a public sector buying organisation with flexible purchasing.',
    background: 'Fixed-price energy contracts bought at the wrong moment cost us dearly.',
    steps: ['Joined a flexible purchasing basket', 'Set a risk strategy agreed with finance'],
    outcome: 'Energy prices were 18% below the market average over two years.',
    themes: ['street-lighting', 'procurement-and-contracts'],
    authorities: ['buckinghamshire', 'medway'],
    revision: 'Updated with the third year of prices and the risk strategy document.',
  },
  {
    network: 'sesig',
    by: 'contributor-2',
    story: 'in-review',
    submittedDaysAgo: 9,
    title: 'Digital inspections for highway safety',
    summary: 'Replacing paper safety inspections with a mobile app linked to the works ordering system.',
    background: 'Paper inspections were re-keyed, causing delays and errors.',
    steps: [
      'Rolled out tablets with an inspection app',
      'Linked defects directly to works orders',
      'Added photos and locations to every defect',
    ],
    outcome: 'Time from inspection to works order fell from five days to same day.',
    themes: ['data-and-systems', 'asset-management'],
    authorities: ['kent'],
  },
  {
    network: 'sesig',
    by: 'contributor-1',
    story: 'withdrawn',
    submittedDaysAgo: 120,
    title: 'Verge parking enforcement pilot',
    summary: 'A pilot of enforcement against verge parking.',
    background: 'Verge parking damages verges and drainage.',
    steps: ['Ran a pilot in two towns'],
    outcome: 'Pilot results to follow.',
    themes: ['customer-and-communications'],
    authorities: ['surrey'],
  },
  {
    network: 'wmha',
    by: 'representative',
    story: 'published',
    submittedDaysAgo: 180,
    title: 'Structures asset valuation made simple',
    summary:
      'A shared method for valuing bridges and retaining walls for the highway asset valuation return.',
    background: 'Structures valuations varied widely between similar authorities.',
    steps: ['Agreed unit rates for common structure types', 'Shared a spreadsheet tool'],
    outcome: 'Valuations are now consistent across the alliance and took half the time to prepare.',
    themes: ['structures', 'asset-management'],
    authorities: ['worcestershire'],
  },
  {
    network: 'msig',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 100,
    title: 'Winter service plan peer review',
    summary: 'Authorities reviewing each other’s winter service plans before each season.',
    background: 'Winter plans were reviewed only internally and repeated each other’s gaps.',
    steps: [
      'Paired authorities to review each other’s plans',
      'Shared a checklist based on national guidance',
    ],
    outcome: 'Every plan was updated after review; two authorities added routes to vulnerable sites.',
    themes: ['winter-service', 'collaboration'],
    authorities: ['lincolnshire', 'rutland'],
  },
  {
    network: 'swha',
    by: 'contributor-2',
    story: 'published',
    submittedDaysAgo: 70,
    title: 'Community resilience snow wardens',
    summary: 'Volunteer snow wardens with salt bins and spreaders clearing footways in their villages.',
    background: 'Precautionary gritting cannot reach every rural footway and village street.',
    steps: ['Recruited and insured volunteer wardens', 'Provided salt, spreaders and training'],
    outcome: 'Over 200 villages have wardens; footway falls reported in snow fell.',
    themes: ['winter-service', 'customer-and-communications'],
    authorities: ['somerset', 'wiltshire'],
  },
  {
    network: 'gmrn',
    by: 'contributor-1',
    story: 'published',
    submittedDaysAgo: 60,
    title: 'Gully sensors on flood-prone routes',
    summary: 'Level sensors in gullies on flood-prone routes that alert crews before flooding starts.',
    background: 'Flooding on key routes was found only when it closed the road.',
    steps: ['Fitted sensors to 300 gullies', 'Sent alerts to the drainage crew when levels rose'],
    outcome: 'Crews reached blockages before flooding in most alerts during the last wet season.',
    themes: ['drainage', 'innovation-and-technology'],
    authorities: ['trafford', 'stockport'],
  },
];
