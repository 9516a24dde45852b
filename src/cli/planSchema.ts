import { writeFileSync } from 'node:fs';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { planSchema } from '../domain/plan';

/** Where the plan files' JSON schema is kept; plan files name it in "$schema" for editor completion. */
export const PLAN_SCHEMA_FILE = 'plans/plan.schema.json';

/**
 * The JSON schema of a plan file, generated from the zod schema the bot validates with. It gives
 * editors completion and the simple checks; the rules across fields (ids unique, owner roles
 * known) are zod's alone: `npm run plan:check` runs them.
 */
export function planJsonSchema(): Record<string, unknown> {
  return {
    // The cast only spares tsc zod's deep generic types (TS2589); the schema object is zod's own.
    ...zodToJsonSchema(planSchema as unknown as Parameters<typeof zodToJsonSchema>[0], {
      target: 'jsonSchema7',
      $refStrategy: 'root',
    }),
    title: 'Åtgärdsplan (atgardsplan-bot)',
    description: 'En åtgärdsplan som boten följer upp. Kontrollera filen med npm run plan:check <fil>.',
  };
}

if (require.main === module) {
  writeFileSync(PLAN_SCHEMA_FILE, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  process.stdout.write(`Skrev ${PLAN_SCHEMA_FILE}\n`);
}
