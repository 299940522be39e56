/** A form's errors as the GOV.UK error summary and each field's error message take them. */
export interface FormErrors {
  /** For `govukErrorSummary({ errorList })`: each error linking to its field. */
  errorList: Array<{ text: string; href: string }>;
  /** For a field's `errorMessage: errors.<name>`. */
  errors: Record<string, { text: string }>;
}

/** Builds the summary and the messages in place from `{ field: message }`; a field's id is its name. */
export function formErrors(messages: Record<string, string>): FormErrors {
  const fields = Object.entries(messages);
  return {
    errorList: fields.map(([field, text]) => ({ text, href: `#${field}` })),
    errors: Object.fromEntries(fields.map(([field, text]) => [field, { text }])),
  };
}
