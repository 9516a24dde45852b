import { describeRule, isOnlyTimeBased, KIND_TITLES, RECORD_KINDS, type Retention } from '../domain/retention';

/** What the two review documents are generated from: the configuration as the repository holds it. */
export interface RecordDocsSource {
  /** The deployment file the rules are read from, as a path. */
  deploymentFile: string;
  retention: Retention;
  /** The Azure region infra/main.parameters.json sets. */
  location: string;
  /** Days Log Analytics keeps logs (infra/main.bicep's logRetentionDays default). */
  logRetentionDays: number;
  /** The personnummer guard's measured figures, as docs/security.md's table states them. */
  guardFigures: Array<[string, string]>;
}

const GENERATED = (s: RecordDocsSource) =>
  `<!-- Genererad av \`npm run docs:register\` ur ${s.deploymentFile}, infra/ och docs/security.md. Ändra inte för hand: ändra konfigurationen och generera om. -->`;

/** A Markdown table aligned as prettier aligns it, so the generated file is already formatted. */
function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)];
}

function retentionTable(s: RecordDocsSource): string[] {
  return [
    ...table(
      ['Slag av uppgift', 'Regel', 'Hur gallringen sker'],
      RECORD_KINDS.map((kind) => {
        const rule = s.retention[kind];
        const how =
          rule.action === 'bevaras'
            ? '–'
            : kind === 'utkast'
              ? 'lagras aldrig; skapas vid begäran'
              : isOnlyTimeBased(rule) && !['svar', 'konversationer'].includes(kind)
                ? 'Cosmos DB: ttl per post; SQLite: det dagliga jobbet'
                : 'det dagliga jobbet (`npm run gallring`)';
        return [KIND_TITLES[kind], describeRule(rule), how];
      }),
    ),
    '',
    'Reglerna är förslag till distriktets arkivansvarige, inte beslut. De ändras i driftfilens `retention` (eller i databasen via /admin) och gäller från nästa gallring.',
  ];
}

/** Registerförteckning (art. 30) for the bot. */
export function registerforteckning(s: RecordDocsSource): string {
  return [
    GENERATED(s),
    '',
    '# Registerförteckning: uppföljningsboten för åtgärdsplanen',
    '',
    '## Ändamål',
    '',
    'Att följa upp stadsdelsförvaltningens åtgärdsplan efter revisionens granskning: påminna ansvariga, ta emot deras statussvar, sammanställa veckosammanfattningar och fastställa uppföljningsrapporter till nämnden.',
    '',
    '## Kategorier av registrerade',
    '',
    '- Ansvariga och deras ersättare (enhetschefer m.fl.) som driftfilen utser.',
    '- Administratörer och ledningsgruppen (läsare).',
    '- Handläggaren och de som undertecknar tjänsteutlåtandet.',
    '- Medlemmar i de Microsoft Teams-team där boten är installerad.',
    '',
    '## Kategorier av personuppgifter',
    '',
    '- Namn, e-postadress och Entra-objekt-id (driftinställningarna).',
    '- Teams-id och konversationsreferenser (för att kunna skicka meddelanden).',
    '- Svar, bedömningar och planrevisioner med vem som lämnade dem och när.',
    '- Utskicksloggen (vem som fick vilket kort och om det nådde fram).',
    '- Ändringsloggen (vem som ändrade vad i driften).',
    '- Tjänsteutlåtandets uppgifter: handläggarens namn, titel, telefon och e-post, och namnen på dem som undertecknar, med vem som skrev in dem och när.',
    '- Inga personnummer: boten vägrar ta emot dem (se konsekvensbedömningen).',
    '',
    '## Mottagare',
    '',
    '- Ledningsgruppen och administratörerna i boten; nämnden genom fastställda rapporter.',
    '- Microsoft som personuppgiftsbiträde (Azure, Teams).',
    '',
    '## Lagringsplats',
    '',
    `Azure-regionen \`${s.location}\` (infra/main.parameters.json), utom botregistreringen som är global.`,
    '',
    '## Bevarande och gallring per slag av uppgift',
    '',
    ...retentionTable(s),
    '',
    `Loggar och telemetri i Log Analytics sparas i ${s.logRetentionDays} dagar (infra/main.bicep).`,
    '',
    '## Säkerhetsåtgärder och testerna som visar dem',
    '',
    '- Personnummer vägras i alla kort, kommandon och chatt: `test/domain/personalData.test.ts`, `test/http/trust.test.ts`.',
    '- Behörighet per kommando och kort: `test/http/auth.test.ts`, `test/http/commands.test.ts`, `test/http/doors.test.ts`.',
    '- Registerutdrag bara för administratörer, loggat: `test/app/registerExtract.test.ts`, `test/http/registerutdrag.test.ts`.',
    '- Gallring enligt reglerna, loggad, på båda lagringarna: `test/app/gallring.test.ts`.',
    '- Att dokumenten stämmer med konfigurationen: `test/docs/recordDocs.test.ts`.',
    '',
  ].join('\n');
}

/** Underlag för konsekvensbedömning (art. 35). */
export function konsekvensbedomning(s: RecordDocsSource): string {
  return [
    GENERATED(s),
    '',
    '# Underlag för konsekvensbedömning: uppföljningsboten',
    '',
    '## Skydd mot personnummer och dess uppmätta gränser',
    '',
    'Boten letar efter personnummer och samordningsnummer i allt den tar emot och sparar ingenting som innehåller ett. Uppmätt (docs/security.md):',
    '',
    ...table(['Mätning', 'Resultat'], s.guardFigures),
    '',
    'Gränsen: skyddet känner igen nummer i de skrivsätt som testerna täcker; ett nummer som skrivs om till ord eller delas upp över flera svar känns inte igen.',
    '',
    '## Behörighet',
    '',
    '- Ansvariga och ersättare svarar för sina aktiviteter; administratörer kan svara för andras räkning (markeras).',
    '- Ledningsgruppen läser status, sammanfattningar och rapporter.',
    '- Administratörer ändrar driften (loggas), fastställer versioner och tar ut registerutdrag (loggas).',
    '- Identiteten är Entra-objekt-id:t som Teams intygar; allt annat vägras.',
    '',
    '## Vad loggarna innehåller och hur länge',
    '',
    `- Driftloggar och telemetri: händelser, fel och tidsåtgång utan fritext från svaren; ${s.logRetentionDays} dagar i Log Analytics.`,
    `- Ändringsloggen i databasen: ${describeRule(s.retention.andringslogg)}.`,
    `- Utskicksloggen: ${describeRule(s.retention.utskick)}.`,
    '',
    '## Vad en administratör kan se',
    '',
    '- Alla svar, bedömningar och fastställda rapporter i planen.',
    '- Hur boten når varje person (/nåbarhet) och ändringsloggen.',
    '- Allt som finns lagrat om en person (/registerutdrag), och varje sådant uttag loggas.',
    '',
    '## Bevarande och gallring',
    '',
    ...retentionTable(s),
    '',
  ].join('\n');
}

/** The guard's figures from docs/security.md's table (the first section's two-column table). */
export function guardFiguresFrom(securityMd: string): Array<[string, string]> {
  const section = securityMd.split(/\n## /)[1] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .slice(1)
    .map(
      (l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim().replace(/\*\*/g, '')) as [string, string],
    );
}
