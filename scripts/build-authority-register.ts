/**
 * Parses the DfT allocations document (libs/reference-data/sources/004_…) into the checked-in authority register,
 * libs/reference-data/data/authorities.json. Deterministic: the same document always gives the same bytes, and a
 * spec checks that the checked-in file is what this script writes. Run with `npm run reference-data`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  buildAuthorityRegisterJson,
  DATA_FILE_PATH,
  SOURCE_PATH,
} from '../libs/reference-data/src/build/parse-allocations';

const json = buildAuthorityRegisterJson(readFileSync(SOURCE_PATH, 'utf8'));
writeFileSync(DATA_FILE_PATH, json);
const count = (JSON.parse(json) as { authorities: unknown[] }).authorities.length;
console.log(`${count} authorities written to ${relative(process.cwd(), DATA_FILE_PATH)}`);
