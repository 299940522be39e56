export interface Principles {
  /** What a network adopts (`POST /networks/{id}/principles`); a new text gets a new version. */
  version: string;
  text: string;
}

/**
 * The Connect & Share principles, in the words of its "How it works" page (sources/003_…): what it is for, how
 * it runs without central administration, and what supporting networks undertake. Every paragraph is quoted
 * verbatim (a spec checks it), the list markers included.
 */
export const CURRENT_PRINCIPLES: Principles = {
  version: '2026-1',
  text: [
    'The concept of Connect & Share is simple, to gather existing practice material from across the sector and make it available to all.',
    [
      'The main aims of Connect & Share are to:',
      '• Provide a more complete picture of what is happening across the sector and who is doing what',
      '• Reinforce collaboration locally, between regions and across the sector.',
      '• Provide a greater visibility of the things that work well',
      '• Allow best performers to share their experience for the benefit of all',
    ].join('\n'),
    'Connect & Share is self-sufficient, it is therefore important that collection and collation of practice material is done without the need for central intervention and administration.',
    'The NHT Network has been appointed as facilitator and is responsible for enrolling the support of existing Networks regional and national, who are invited to adopt the principles of Connect & Share. These principles place the onus on the supporting Networks to provide regular updates of practice material and a nomination to the Connect & Share Steering Group that oversees operations.',
  ].join('\n\n'),
};

/** Shown with all practice material; verbatim from the "How it works" page. */
export const DISCLAIMER = [
  'Disclaimer: please read before using any Practice Material from this site.',
  'The material on this site has been contributed in good faith but has not been adjudicated as being good or best practice. Anyone using the site should make their own decisions as to whether any individual content is useful or not.',
].join('\n\n');
