import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, ERRORS, type ErrorCode } from '../../src/app/errors';

const SRC = join(__dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the error catalogue', () => {
  const code = sources(SRC)
    .filter((f) => !f.endsWith(join('app', 'errors.ts')))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

  it('lists exactly the codes the bot raises, each with a Swedish message', () => {
    const raised = new Set([...code.matchAll(/'([A-Z]+(?:_[A-Z]+)+)'/g)].map((m) => m[1]!));
    const catalogued = Object.keys(ERRORS) as ErrorCode[];
    for (const c of catalogued) expect({ code: c, raised: raised.has(c) }).toEqual({ code: c, raised: true });
    for (const c of catalogued) expect(ERRORS[c]).toMatch(/[åäöÅÄÖ]|Försök|Rätta|Kontrollera/);
  });

  it('an error carries its code, its details and the catalogue advice', () => {
    const error = new AppError('STORE_UNAVAILABLE', 'Cosmos DB svarar inte.');
    expect(error).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'Cosmos DB svarar inte.',
      advice: ERRORS.STORE_UNAVAILABLE,
    });
  });
});
