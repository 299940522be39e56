import { FieldError, ValidationFailed } from '../http/problem-details';

const MAX_FILENAME_LENGTH = 255;

/** X-Filename as a file's name alone: UTF-8, bounded, no path, and no control or invisible formatting characters. */
export function filenameFrom(header: string | string[] | undefined): string {
  // Node reads header bytes as latin1; clients send names as UTF-8 bytes.
  const name = Buffer.from(typeof header === 'string' ? header : '', 'latin1').toString('utf8');
  const failures: Array<[rule: string, message: string, failed: boolean]> = [
    ['isNotEmpty', 'X-Filename is required: the name of the file', name === ''],
    ['isUtf8', 'X-Filename must be UTF-8', name.includes('\uFFFD')],
    [
      'maxLength',
      `X-Filename must be at most ${MAX_FILENAME_LENGTH} characters`,
      [...name].length > MAX_FILENAME_LENGTH,
    ],
    [
      'isFilename',
      'X-Filename must be a file name: no path separators, no control or formatting characters',
      /[/\\]|^\.\.?$|[\p{Cc}\p{Cf}]/u.test(name),
    ],
  ];
  const errors: FieldError[] = failures
    .filter(([, , failed]) => failed)
    .map(([rule, message]) => ({ field: 'X-Filename', rule, message }));
  if (errors.length > 0) throw new ValidationFailed(errors);
  return name;
}
