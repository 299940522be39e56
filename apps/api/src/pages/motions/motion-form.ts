import { DAY_MS, type MotionDecision } from '@app/domain';
import { ValidationFailed } from '../../http/problem-details';
import { motionDecision, ProposeMotionDto } from '../../motions/motions.dto';

export type MotionFormBody = Record<string, string | string[] | undefined>;
type Kind = MotionDecision['kind'];

/** Each kind of motion, with the words the form uses, and how its payload is read from the form's fields. */
export const MOTION_KINDS: Array<{
  kind: Kind;
  text: string;
  fields: Record<string, 'text' | 'number' | 'list'>;
}> = [
  { kind: 'set-priorities', text: 'Set collection priorities', fields: { period: 'text', themes: 'list' } },
  {
    kind: 'change-approval-policy',
    text: 'Change the approval policy',
    fields: { quorum: 'number', reviewWindowDays: 'number', lazyConsensusDays: 'number' },
  },
  {
    kind: 'retire-practice',
    text: 'Retire practice material',
    fields: { practiceId: 'text', reason: 'text' },
  },
  { kind: 'appoint-auditor', text: 'Appoint an auditor', fields: { personId: 'text' } },
  { kind: 'suspend-network', text: 'Suspend a network', fields: { networkId: 'text' } },
  { kind: 'reinstate-network', text: 'Reinstate a network', fields: { networkId: 'text' } },
  { kind: 'set-witness-quorum', text: 'Set the witness quorum', fields: { witnesses: 'number' } },
];

/** A kind's field as the form names it: kinds share payload names (`networkId`), the form's ids may not. */
export const fieldName = (kind: string, field: string) => `${kind}-${field}`;

const MESSAGES: Record<string, string> = {
  period: 'Enter the period, like 2027 or 2027-Q1',
  themes: 'Select at least one theme',
  quorum: 'Enter a quorum as a whole number from 1 to 100',
  reviewWindowDays: 'Enter the review window as a whole number of days from 1 to 365',
  lazyConsensusDays: 'Enter the days for lazy consensus as a whole number from 1 to 365, or leave it empty',
  practiceId: 'Enter the id of the practice material, as in its address',
  reason: 'Enter the reason, in 2,000 characters or fewer',
  personId: 'Enter the id of the person to appoint',
  networkId: 'Select a network',
  witnesses: 'Enter the number of witnesses as a whole number from 0 to 100',
};

function dateOf(body: MotionFormBody): string | undefined {
  const [day, month, year] = ['closesAt-day', 'closesAt-month', 'closesAt-year'].map((name) =>
    Number(typeof body[name] === 'string' ? body[name] : NaN),
  );
  if (![day, month, year].every(Number.isInteger)) return undefined;
  const start = new Date(Date.UTC(year, month - 1, day));
  if (start.getUTCFullYear() !== year || start.getUTCMonth() !== month - 1 || start.getUTCDate() !== day)
    return undefined;
  // The motion closes as the day ends (UTC).
  return new Date(start.getTime() + DAY_MS).toISOString();
}

/** The motion the form proposes, checked by the API's own rules for its kind, or each field's error. */
export function readMotionForm(
  body: MotionFormBody,
  now: Date,
): { kind: Kind; closesAt: string; decision: MotionDecision } | { errors: Record<string, string> } {
  const kind = MOTION_KINDS.find((candidate) => candidate.kind === body.kind);
  const errors: Record<string, string> = {};
  const closesAt = dateOf(body);
  if (!closesAt) errors['closesAt-day'] = 'Enter the closing date as a real date, like 27 3 2027';
  else if (Date.parse(closesAt) <= now.getTime())
    errors['closesAt-day'] = 'The closing date must be in the future';
  if (!kind) return { errors: { kind: 'Select what the motion decides', ...errors } };
  const payload: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(kind.fields)) {
    const value = body[fieldName(kind.kind, field)];
    const text = typeof value === 'string' ? value.trim() : '';
    if (type === 'list') payload[field] = Array.isArray(value) ? value : text ? [text] : [];
    // The only optional field: left empty, the policy has no lazy consensus.
    else if (text === '' && field === 'lazyConsensusDays') continue;
    else payload[field] = type === 'number' && text !== '' ? Number(text) : text;
  }
  try {
    // The form appoints a member by personId; someone from outside the networks is appointed through the API.
    const decision = motionDecision(
      { kind: kind.kind, payload, closesAt: closesAt ?? '' } as ProposeMotionDto,
      () => {
        throw new Error('The motion form names a member by personId');
      },
    );
    if (Object.keys(errors).length > 0) return { errors };
    return { kind: kind.kind, closesAt: closesAt!, decision };
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    for (const { field } of error.errors) {
      const name = field.replace(/^payload\./, '').split('.')[0];
      errors[fieldName(kind.kind, name)] ??= MESSAGES[name] ?? `Check ${name}`;
    }
    return { errors };
  }
}
