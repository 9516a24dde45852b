import type { ZodError } from 'zod';

/** "recommendations[1].activities[0].ownerRole: okänd ansvarsroll x" for each problem, one a line. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
        .join('');
      return `${path || '(roten)'}: ${issue.message}`;
    })
    .join('\n');
}
