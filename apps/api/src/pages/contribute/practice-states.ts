/** How the pages name a workflow state, with the GOV.UK tag colour that marks it. */
const STATES: Record<string, { text: string; classes: string }> = {
  submitted: { text: 'Awaiting review', classes: 'govuk-tag--blue' },
  in_review: { text: 'In review', classes: 'govuk-tag--blue' },
  changes_requested: { text: 'Changes requested', classes: 'govuk-tag--yellow' },
  approved: { text: 'Approved', classes: 'govuk-tag--turquoise' },
  published: { text: 'Published', classes: 'govuk-tag--green' },
  rejected: { text: 'Rejected', classes: 'govuk-tag--red' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--grey' },
  retired: { text: 'Retired', classes: 'govuk-tag--grey' },
};

/** For `govukTag(…)`: a state as people read it. */
export function stateTag(state: string): { text: string; classes: string } {
  return STATES[state] ?? { text: state, classes: 'govuk-tag--grey' };
}
