import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Every Swedish text a person reads in chat comes from the texts module (src/teams/replies.ts), so
 * it is written once and reviewed in one place. The card views (src/teams/cards/) bind theirs into
 * templates; everything else in teams/ (handlers, routing, delivery, the command table) holds none.
 */
const ROOT = join(__dirname, '..', '..');
const TEAMS = join(ROOT, 'src', 'teams');
const EXEMPT = [join(TEAMS, 'replies.ts'), join(TEAMS, 'cards')];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (EXEMPT.some((x) => path === x)) return [];
    return e.isDirectory() ? files(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Swedish to a reader: a letter only Swedish uses here, or a word no identifier or log line has. */
const SWEDISH = /[åäöÅÄÖ]|\b(?:och|inte|ingen|Ingenting|ska|kan|för|att|är|har|du|Du)\b/;

/** Prose in string and template literals, outside comments, log calls and errors thrown. */
export function swedishLiterals(source: string, name = 'x.ts'): string[] {
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && /\.(?:info|warn|error|debug)$/.test(node.expression.getText(file))) return;
    if (ts.isImportDeclaration(node)) return;
    // Errors thrown are for the log and the operator, not for the person in the chat.
    if (ts.isNewExpression(node) && /Error$/.test(node.expression.getText(file))) return;
    if (ts.isClassDeclaration(node) && node.heritageClauses?.some((h) => /\bError\b/.test(h.getText(file)))) return;
    const text =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateExpression(node)
          ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('')
          : undefined;
    // A command as typed ("/frånvaro 2027-07-01–2027-07-31", "bedömning") is a word of the table, not prose.
    const prose = text !== undefined && /\s/.test(text.trim()) && !text.trim().startsWith('/');
    if (prose && SWEDISH.test(text)) found.push(text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('Swedish lives in the texts module', () => {
  it('the check finds Swedish in a literal and leaves comments, logs and identifiers alone', () => {
    const source = [
      "const a = 'Välj en roll.';",
      'const b = `${x} Ingenting har ändrats.`;',
      '// en kommentar på svenska',
      "logger.info({}, 'Boten startar');",
      "const c = 'administration';",
      "const d = 'bedömning';",
      "throw new Error('ingen åtkomsttoken');",
      "class Stopped extends Error { constructor() { super('avbrutet: instansen får inte skicka'); } }",
    ].join('\n');
    expect(swedishLiterals(source)).toEqual(['Välj en roll.', ' Ingenting har ändrats.']);
  });

  it.each(files(TEAMS).map((f) => [relative(ROOT, f), f]))('%s holds no Swedish text of its own', (_name, path) => {
    expect(swedishLiterals(readFileSync(path, 'utf8'), path)).toEqual([]);
  });
});
