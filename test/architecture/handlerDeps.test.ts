import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const HANDLERS = 'src/teams/handlers';

/** Each parameter typed with the whole HandlerDeps: a handler that could reach every use case. */
export function wholeDepsParameters(source: string, name = 'x.ts'): string[] {
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isParameter(node) && node.type && node.type.getText(file) === 'HandlerDeps') {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found.push(`${name}:${line + 1} ${node.name.getText(file)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('each handler receives only the use cases it calls', () => {
  it('finds a parameter typed with the whole HandlerDeps, and not one narrowed with Pick', () => {
    const source = [
      'type D = Pick<HandlerDeps, "reports">;',
      'export const a = (deps: HandlerDeps) => async () => deps.reports;',
      'export const b = (deps: D) => async () => deps.reports;',
      'export const c = (deps: Pick<HandlerDeps, "clock">) => deps.clock;',
    ].join('\n');
    expect(wholeDepsParameters(source)).toEqual(['x.ts:2 deps']);
  });

  it('no handler in teams/handlers takes the whole HandlerDeps: each names what it calls, and the compiler holds it to that', () => {
    const files = readdirSync(HANDLERS).filter((f) => f.endsWith('.ts') && f !== 'context.ts');
    expect(files.length).toBeGreaterThan(10);
    const whole = files.flatMap((f) => wholeDepsParameters(readFileSync(join(HANDLERS, f), 'utf8'), f));
    expect(whole).toEqual([]);
  });
});
