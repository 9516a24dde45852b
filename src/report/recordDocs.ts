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
    'Reglerna är förslag till distriktets arkivansvarige, inte beslut. De ändras i driftfilens `retention` eller av en administratör i Teams (/admin, Gallringsregler), och gäller från nästa gallring.',
    '',
    `Tabellen är genererad ur driftfilen (${s.deploymentFile}). En regel som ändras i /admin sparas i databasen och gäller där från nästa gallring, så reglerna i drift kan skilja sig från tabellen: varje sådan ändring står i ändringsloggen med regeln före och efter, och \`npm run gallring -- --dry-run\` visar reglerna i drift. För in ändringen i driftfilen och generera om dokumenten, så stämmer de igen.`,
  ];
}

/**
 * docs/security.md's measurement table in Swedish, row by row, keyed by the English row as it
 * stands there. A row added or changed there has no translation here and stops the generator, so
 * the Swedish table cannot drift from the measurements; test/docs checks that every figure of the
 * English row is in its Swedish one.
 */
export const GUARD_FIGURES_SV: Record<string, [string, string]> = {
  'seeded property tests (fast-check, `test/domain/readersView.test.ts`): any valid number in any typed grouping, any of 8,526 separator characters, any of 956 digit forms | 1,000 generated spellings, each in 4 sentences: all found and masked':
    [
      'egenskapstester med fast slumpfrö (fast-check, `test/domain/readersView.test.ts`): vilket giltigt nummer som helst, i vilken gruppering man än skriver, med vilket som helst av 8 526 skiljetecken och 956 sifferformer',
      '1 000 genererade skrivsätt, vart och ett i 4 meningar: alla hittade och maskerade',
    ],
  'the same, with characters of each class inserted anywhere (default-ignorable 4,174, Mn 2,059, Me 13, Cf 170, variation selectors 260, bidi 12, surrogates 2,048, private use 137,468, controls 60) | 300 generated spellings per class: all found and masked':
    [
      'samma sak, med tecken ur varje klass insatta var som helst (osynliga tecken 4 174, Mn 2 059, Me 13, Cf 170, variantväljare 260, riktningstecken 12, surrogater 2 048, privat användning 137 468, styrtecken 60)',
      '300 genererade skrivsätt per klass: alla hittade och maskerade',
    ],
  'the listed spellings of earlier rounds (`test/domain/personalData.test.ts`) | 46 spellings and 5 Teams-HTML spellings, all found':
    [
      'de listade skrivsätten från tidigare omgångar (`test/domain/personalData.test.ts`)',
      '46 skrivsätt och 5 skrivsätt i Teams-HTML, alla hittade',
    ],
  'through the bot (`test/http/readersView.test.ts`, `test/http/trust.test.ts`): generated spellings in the comment, next step, link, indicator, assessment analysis and effects, chat, `/status`, a `/revidera` reason, a `/frånvaro` name, a link, an image text, an HTML comment, a span title | all refused, nothing stored, never shown back':
    [
      'genom boten (`test/http/readersView.test.ts`, `test/http/trust.test.ts`): genererade skrivsätt i kommentaren, nästa steg, länken, indikatorn, bedömningens analys och effekter, chatten, `/status`, ett skäl till `/revidera`, ett namn i `/frånvaro`, en länk, en bildtext, en HTML-kommentar, en span-titel',
      'alla vägrade, ingenting sparat, aldrig visat tillbaka',
    ],
  'wrong check digit, any grouping | 0 found': ['fel kontrollsiffra, vilken gruppering som helst', '0 hittade'],
  'ordinary status texts (dates, times, phones, diarienummer, organisationsnummer, amounts, OCR, invoices), and generated date ranges written with `-`, `.` or `/` | 1,200 texts, 0 refused (the limit is 1 %); 300 generated date ranges, 0 refused':
    [
      'vanliga statustexter (datum, klockslag, telefonnummer, diarienummer, organisationsnummer, belopp, OCR-nummer, fakturor) och genererade datumintervall skrivna med `-`, `.` eller `/`',
      '1 200 texter, 0 vägrade (gränsen är 1 %); 300 genererade datumintervall, 0 vägrade',
    ],
  'a million random UUIDs and hex ids in the fields they belong to (`test/teams/botMadeIds.test.ts`) | 0 cards refused (some of them hold a valid number a reader could take for one)':
    [
      'en miljon slumpade UUID:n och hex-id:n i de fält de hör till (`test/teams/botMadeIds.test.ts`)',
      '0 kort vägrade (en del av dem innehåller ett giltigt nummer som en läsare kunde ta för ett personnummer)',
    ],
};

/** The measurement table in Swedish; a row without its translation stops the generator and says where to add it. */
export function swedishGuardFigures(figures: Array<[string, string]>): Array<[string, string]> {
  return figures.map(([measure, result]) => {
    const row = GUARD_FIGURES_SV[`${measure} | ${result}`];
    if (!row) {
      throw new Error(
        `docs/security.md har en ny eller ändrad rad i mättabellen: "${measure} | ${result}". ` +
          'Översätt den i GUARD_FIGURES_SV (src/report/recordDocs.ts) och kör npm run docs:register.',
      );
    }
    return row;
  });
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
    '- Registerutdrag bara för administratörer, loggat, som filer bara i den personliga chatten: `test/app/registerExtract.test.ts`, `test/http/registerutdrag.test.ts`, `test/http/registerFiles.test.ts`.',
    '- Gallringsregler ändras bara av administratörer, kontrolleras och loggas: `test/http/retention.test.ts`.',
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
    'Boten letar efter personnummer och samordningsnummer i allt den tar emot och sparar ingenting som innehåller ett. Uppmätt (mätningarna står på engelska i docs/security.md):',
    '',
    ...table(['Mätning', 'Resultat'], swedishGuardFigures(s.guardFigures)),
    '',
    'Gränsen: skyddet känner igen nummer i de skrivsätt som testerna täcker; ett nummer som skrivs om till ord eller delas upp över flera svar känns inte igen.',
    '',
    '## Behörighet',
    '',
    '- Ansvariga och ersättare svarar för sina aktiviteter; administratörer kan svara för andras räkning (markeras).',
    '- Ledningsgruppen läser status, sammanfattningar och rapporter.',
    '- Administratörer ändrar driften och gallringsreglerna (loggas), fastställer versioner och tar ut registerutdrag (loggas).',
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
    '- Allt som finns lagrat om en person (/registerutdrag), i chatten och som Word- och JSON-fil till den egna OneDrive; varje uttag och varje levererad fil loggas.',
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
