import { readFileSync } from 'node:fs';
import { AppError, type ErrorCode } from '../app/errors';

/** A JSON file's content; a missing or malformed file stops with its name and the reason. */
export function readJson(file: string, code: ErrorCode, label: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError(code, `${label} ${file} kunde inte läsas: ${(error as Error).message}`);
  }
}
