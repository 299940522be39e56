/**
 * Parses the DfT allocations document (../shared/seeds/004_…) into the checked-in authority register,
 * libs/reference-data/data/authorities.json. Deterministic: the same document always gives the same bytes, and a
 * spec checks that the checked-in file is what this script writes. Run with `npm run reference-data`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  buildAuthorityRegisterJson,
  DATA_FILE_PATH,
  SEED_PATH,
} from '../libs/reference-data/src/build/parse-allocations';

const json = buildAuthorityRegisterJson(readFileSync(SEED_PATH, 'utf8'));
writeFileSync(DATA_FILE_PATH, json);
const count = (JSON.parse(json) as { authorities: unknown[] }).authorities.length;
console.log(`${count} authorities written to ${relative(process.cwd(), DATA_FILE_PATH)}`);
