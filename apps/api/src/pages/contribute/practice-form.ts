import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { PracticeContent } from '@app/domain';
import { flatten } from '../../http/problem-details';
import { PracticeContentDto } from '../../practices/practices.dto';

/** The practice form's fields as the browser posts them (a checkbox group is a string, or an array of them). */
export type PracticeFormBody = Record<string, string | string[] | undefined>;

/** What the form shows: the values as typed, so that a refused form comes back as it was sent. */
export interface PracticeFormValues {
  title: string;
  summary: string;
  body: string;
  themes: string[];
  authorities: string[];
  links: string;
  savingsAmount: string;
  savingsBasis: string;
  contactName: string;
  contactEmail: string;
}

/** Browsers send a textarea's line breaks as CR LF; the content keeps LF, as the API's clients send it. */
const text = (value: string | string[] | undefined) =>
  typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
const list = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (item) => typeof item === 'string',
  );

export function formValues(body: PracticeFormBody): PracticeFormValues {
  return {
    title: text(body.title),
    summary: text(body.summary),
    body: text(body.body),
    themes: list(body.themes),
    authorities: list(body.authorities),
    links: text(body.links),
    savingsAmount: text(body.savingsAmount),
    savingsBasis: text(body.savingsBasis),
    contactName: text(body.contactName),
    contactEmail: text(body.contactEmail),
  };
}

/** A version's content as the form shows it, to revise it. */
export function valuesOf(content: Omit<PracticeContent, 'contact'>): PracticeFormValues {
  return {
    title: content.title,
    summary: content.summary,
    body: content.body,
    themes: content.themes,
    authorities: content.authorities,
    links: content.links.join('\n'),
    savingsAmount: content.savings ? String(content.savings.amountPerYear) : '',
    savingsBasis: content.savings?.basis ?? '',
    contactName: '',
    contactEmail: '',
  };
}

/** Pounds as people type them: "£12,500" or "12500". */
const POUNDS = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$/;

/**
 * The content the form describes, checked by the same rules as the JSON API's (`PracticeContentDto`), or each
 * field's error in the GOV.UK Design System's words.
 */
export function readPracticeForm(
  values: PracticeFormValues,
  attachments: PracticeContent['attachments'] = [],
): { content: PracticeContent } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const amount = values.savingsAmount.replace(/[£,\s]/g, '');
  if (values.savingsAmount && !POUNDS.test(values.savingsAmount))
    errors.savingsAmount = 'Enter the saving as an amount in pounds, like 12,500';
  if (values.savingsAmount && !values.savingsBasis)
    errors.savingsBasis = 'Enter how the saving was worked out';
  if (!values.savingsAmount && values.savingsBasis)
    errors.savingsAmount = 'Enter the saving a year in pounds';
  const content: PracticeContent = {
    title: values.title,
    summary: values.summary,
    body: values.body,
    themes: values.themes,
    authorities: values.authorities,
    links: values.links
      .split(/\r?\n/)
      .map((link) => link.trim())
      .filter(Boolean),
    attachments,
    ...(values.savingsAmount && values.savingsBasis
      ? { savings: { amountPerYear: Number(amount), basis: values.savingsBasis } }
      : {}),
    contact: { name: values.contactName, email: values.contactEmail },
  };
  const found = validateSync(plainToInstance(PracticeContentDto, content), { forbidUnknownValues: true });
  const failures = flatten(found);
  for (const { field: path } of failures) {
    const field = FIELDS[path];
    const rules = failures.filter((failure) => failure.field === path).map((failure) => failure.rule);
    if (field && !errors[field]) errors[field] = MESSAGES[field](rules);
  }
  return Object.keys(errors).length > 0 ? { errors } : { content };
}

/** The DTO's property paths by the form field that holds them; an attachment's fields are the service's own. */
const FIELDS: Record<string, keyof PracticeFormValues> = {
  title: 'title',
  summary: 'summary',
  body: 'body',
  themes: 'themes',
  authorities: 'authorities',
  links: 'links',
  'savings.amountPerYear': 'savingsAmount',
  'contact.name': 'contactName',
  'contact.email': 'contactEmail',
};

const tooLongOr = (empty: string, limit: string) => (rules: string[]) =>
  rules.includes('maxLength') ? limit : empty;

const MESSAGES: Record<keyof PracticeFormValues, (rules: string[]) => string> = {
  title: tooLongOr('Enter a title', 'Title must be 200 characters or fewer'),
  summary: tooLongOr('Enter a summary', 'Summary must be 2,000 characters or fewer'),
  body: tooLongOr('Enter the description of the practice', 'Description must be 50,000 characters or fewer'),
  themes: () => 'Select at least one theme',
  authorities: () => 'Select authorities from the list',
  links: (rules) =>
    rules.includes('arrayMaxSize')
      ? 'Enter 20 links or fewer'
      : 'Enter each link as a full web address starting with https://, one a line',
  savingsAmount: () => 'Enter a saving of £1,000,000,000 a year or less',
  savingsBasis: () => 'Enter how the saving was worked out',
  contactName: tooLongOr('Enter the name of the contact', 'Name must be 200 characters or fewer'),
  contactEmail: () => 'Enter an email address in the correct format, like name@example.com',
};
