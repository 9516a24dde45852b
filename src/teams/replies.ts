import type { RegisterExtract } from '../app/registerExtract';
import { KIND_TITLES, type RecordKind } from '../domain/retention';
import { cleanFreeText, truncateText } from '../domain/text';
import { maskPersonalIdentityNumbers, textOfHtml } from '../domain/personalData';
import { MAX_CARD_DEPTH } from './cardData';
import type { RecipientResult } from '../app/dispatchPrompts';
import type { AbsenceResult } from '../app/absences';
import type { Plan } from '../domain/plan';
import { formatSwedishDate, formatSwedishDateTime, swedishDatesIn } from '../domain/dates';
import { hello } from './glossary';
import type { ReachState } from '../app/reach';
import type { Member } from '../domain/deployment';
import type { UnreachableReason } from '../domain/reach';
import type { UncoveredNotice, Welcome } from '../app/ports';

/** Why someone could not be reached, and what an administrator can do about it. */
export function unreachableText(reason: UnreachableReason, teams: string[] = []): string {
  const inTeam = teams.length > 0 ? `teamet ${listSv(teams.map((t) => `”${t}”`))}` : 'enheternas team';
  switch (reason) {
    case 'notInTeam':
      return `finns inte i något team där boten finns; lägg till personen i ${inTeam}, lägg till boten i ett team där personen är med, eller ge appen Graph-behörigheten att installera sig (se infra/README.md)`;
    case 'noConsent':
      return 'appen fick inte installeras via Microsoft Graph (administratörsmedgivande saknas); ge medgivande för TeamsAppInstallation.ReadWriteSelfForUser.All eller lägg till personen i ett team där boten finns';
    case 'blocked':
      return 'har blockerat boten; be personen häva blockeringen i chatten med boten';
    case 'uninstalled':
      return 'har tagit bort appen; be personen öppna appen i Teams igen';
    case 'failed':
      return 'tillfälligt fel hos Teams; försöks igen vid nästa utskick';
    case 'uncertain':
      return 'kan ha nått fram: anslutningen bröts efter att Teams kanske tagit emot statuskortet; fråga personen innan du skickar igen med /utskick';
  }
}

/** "1a, 2a och 3b". */
function listSv(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} och ${items.at(-1)}`;
}

/** What a person typed, shown back: at most 40 characters, in a reply sent as plain text (see reply). */
export const ECHO_MAX = 40;
/**
 * The only way a reply repeats what a person typed: the markup-free text (tags, comments and
 * Markdown's signs gone), control characters removed, any personal identity number masked, blanks
 * folded, cut to ECHO_MAX characters. Never the raw input.
 */
export const echo = (given: string): string =>
  truncateText(
    maskPersonalIdentityNumbers(cleanFreeText(textOfHtml(given)))
      .text.replace(/[*_~`#<>[\]|\\]/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
    ECHO_MAX,
  );

/** Every plain-text answer the bot gives, in one place so the wording stays consistent. */
export const TEXT = {
  welcome: (w: Welcome) => {
    const lines = [`${hello(w.name)} Jag följer upp ${w.planName}.`];
    const next = w.nextPrompt ? `, nästa gång ${formatSwedishDateTime(w.nextPrompt)}` : '';
    if (w.activityIds.length > 0) {
      lines.push(`Du är ansvarig för ${listSv(w.activityIds)}. Jag skickar statuskort här${next}.`);
    }
    for (const d of w.deputyFor) {
      const away = d.absences.map((a) => `${formatSwedishDate(a.from)}–${formatSwedishDate(a.to)}`);
      lines.push(
        `Du är ersättare för ${d.owner} (${listSv(d.activityIds)}). Statuskorten för ${listSv(d.activityIds)} kommer till dig bara medan ${d.owner} är frånvarande` +
          (away.length > 0 ? `: ${listSv(away)}.` : '; ingen frånvaro är inlagd nu.'),
      );
    }
    lines.push(
      w.activityIds.length > 0 || w.deputyFor.length > 0
        ? 'Skriv /uppdatera för att svara nu eller /hjälp för mer.'
        : 'Skriv /status för läget eller /hjälp för mer.',
    );
    return lines.join(' ');
  },
  absence: (r: AbsenceResult, plan: Plan) => {
    const activitiesOfRole = (role: string) =>
      plan.recommendations
        .flatMap((rec) => rec.activities)
        .filter((a) => a.ownerRole === role)
        .map((a) => a.id);
    switch (r.outcome) {
      case 'set': {
        const period = `${formatSwedishDate(r.from)}–${formatSwedishDate(r.to)}`;
        const lines = [`Frånvaro inlagd för ${r.owner.name} ${period}.`];
        for (const o of r.deputies) {
          const ids = listSv(activitiesOfRole(o.role));
          lines.push(
            o.deputy
              ? `Statuskort och påminnelser för ${ids} går under tiden till ersättaren ${o.deputy.name}.`
              : `${ids} har ingen ersättare: administratörerna får besked i stället. Utse en ersättare med /admin.`,
          );
        }
        return lines.join(' ');
      }
      case 'cleared':
        return `${r.owner.name} är inte längre frånvarande: statuskorten går till ${r.owner.name} igen.`;
      case 'invalid':
        return `${r.message} Ingenting har ändrats.`;
      case 'notAllowed':
        return 'Bara personen själv eller en administratör kan lägga in frånvaro. Ingenting har ändrats.';
      case 'notOwner':
        return `${r.who} är inte ansvarig för någon aktivitet, så det finns ingen frånvaro att lägga in. Ingenting har ändrats.`;
      case 'unknownPerson':
        return `Jag hittar ingen som heter "${echo(r.who)}" bland åtgärdsplanens personer. Ingenting har ändrats.`;
    }
  },
  absenceNoActivities:
    'Du är inte ansvarig för någon aktivitet, så det finns ingen frånvaro att lägga in. Frånvaro läggs in av den ansvarige själv eller av en administratör. Ingenting har ändrats.',
  adminRefused: 'Bara administratörer kan ändra hur uppföljningen drivs. Ingenting har ändrats.',
  adminChangeRefused: 'Ändringen sparades inte:',
  adminStale:
    'Någon annan har ändrat inställningarna sedan kortet visades, så ingenting har ändrats. Kortet visar nu det senaste; gör ändringen igen om den behövs.',
  uncovered: (n: UncoveredNotice) =>
    `${n.owner.name} är frånvarande ${formatSwedishDate(n.from)}–${formatSwedishDate(n.to)} och har ingen ersättare, så ` +
    `${n.reminder > 0 ? `påminnelsen (${n.reminder})` : 'statuskorten'} för ${listSv(n.activityIds)} har inte skickats till någon. ` +
    'Utse en ersättare med /admin, eller svara själv med /uppdatera ' +
    `${n.activityIds[0] ?? ''}.`,
  /** What /hjälp says of each command (the command table in commands.ts names them). */
  help: {
    status: 'Översikt: varje rekommendation med trafikljus.',
    statusRecommendation: 'En rekommendation med dess aktiviteter ({recommendations}).',
    statusActivity: 'En aktivitet med de fem senaste svaren.',
    uppdatera: 'Dina statuskort nu (ansvariga och ersättare).',
    utskick: 'Skicka statuskort till alla ansvariga nu (administratörer).',
    registerutdrag:
      'Allt boten har lagrat om en person, som Word- och JSON-fil i personlig chatt (administratörer; loggas).',
    nabarhet: 'Hur boten når varje person, och vad som behövs där den inte gör det (administratörer).',
    koppla: 'Koppla kanalen för veckosammanfattningen (i en kanal).',
    sammanfattning: 'Veckosammanfattningen nu (ledningsgruppen).',
    bedomning: 'Bedöm hur långt en rekommendation har kommit (ledningsgruppen).',
    rapport: 'Uppföljningsrapporten som Word-fil, och fastställda versioner (ledningsgruppen).',
    franvaro: 'Frånvaro: under tiden går dina statuskort till din ersättare. /frånvaro slut när du är tillbaka.',
    admin:
      'Ansvariga, ersättare, administratörer, ledningsgrupp, schema, uppehåll och gallringsregler (administratörer). ' +
      'Efter uppföljningen: /avsluta rek2 (på bedömningen ”Genomförd”, annars /avsluta 2a "skäl"), ' +
      '/avstämning 2a kvartal "skäl" (kvartal, tertial eller datum i årshjulet, t.ex. 03-15,09-15) och /arkivera.',
    revidera:
      'Flytta en milstolpe, alltid med skäl (id:t står på aktivitetens kort, /status 2a). Även /revidera 2a-m1 bort "skäl" och /revidera 2a ny 2026-09 "milstolpe" "skäl" (administratörer).',
    hjalp: 'Den här hjälpen.',
  },
  /** After /avsluta, /avstämning or /arkivera. */
  lifecycleSaved: (text: string) => `${text}. Ändringen står i administrationens logg och i rapporten.`,
  archivedAssessment:
    'Planen är arkiverad och kan inte bedömas längre. Ingenting har sparats; /rapport visar bedömningarna.',
  /** A request refused before anything was done: the reason, and that nothing changed. */
  nothingChanged: (problem: string) => `${problem} Ingenting har ändrats.`,
  revised: (text: string) => `Planen är reviderad: ${text}`,
  adminProblem: {
    pickPerson: 'Välj en person.',
    personNotFound: 'Jag hittar inte den valda personen i Teams.',
    pickRole: 'Välj en roll.',
    pauseBothDays: 'Ange både första och sista dagen för uppehållet.',
    pauseFirstDay: 'Ange första dagen för uppehållet.',
    date: 'ange ett datum',
    time: 'Klockslaget ska skrivas TT:MM',
    integer: (what: string) => `${what} ska vara ett heltal`,
    atLeast: (what: string, min: number) => `${what} ska vara minst ${min}`,
    atMost: (what: string, max: number) => `${what} ska vara högst ${max}`,
  },
  adminField: {
    everyWeeks: 'Antal veckor',
    weekday: 'Veckodagen',
    afterWorkingDays: 'Antal arbetsdagar',
    maxReminders: 'Antal påminnelser',
  },
  adminSaved: (what: string, before: string, after: string) =>
    `Sparat: ${what}: ${swedishDatesIn(before)} → ${swedishDatesIn(after)}.`,
  adminUnchanged: 'Ingenting ändrades: det var redan så.',
  reportFile: {
    docx: 'Tjänsteutlåtandet med uppföljningen som bilaga (Word)',
    pdf: 'Tjänsteutlåtandet med uppföljningen som bilaga (PDF/A för diariet)',
    csv: 'Alla svar (CSV för Excel)',
  },
  reportFixed: (version: number, by: string) => `Version ${version} är fastställd av ${by}.`,
  reportAlreadyFixed: (version: number, by: string) =>
    `Version ${version} var redan fastställd av ${by}; ingen ny version har skapats.`,
  reportVersionSending: (version: number) =>
    `Version ${version} kommer nedan som tre filer: tjänsteutlåtandet som Word och som PDF/A, och alla svar som CSV för Excel.`,
  paperRefused: 'Tjänsteutlåtandets uppgifter fylls i av en administratör. Skriv /rapport för att läsa rapporten.',
  paperSaved: (edition: number, changed: string[]) =>
    `Sparat som utgåva ${edition}: ${changed.join(', ').toLowerCase()}. Nästa utkast och nästa fastställda version tar med det.`,
  paperUnchanged: 'Ingenting ändrades: uppgifterna var redan så.',
  paperConflict: (by: string, edition: number, changed: string[]) =>
    `${by} sparade utgåva ${edition} medan du skrev${changed.length > 0 ? ` (${changed.join(', ').toLowerCase()})` : ''}, så ditt är inte sparat. ` +
    'Kortet visar det du skrev: spara igen för att ersätta utgåvan med det, eller öppna tjänsteutlåtandet på nytt för att se den.',
  summaryTitle: { weekly: 'Veckosammanfattning – åtgärdsplanen', onDemand: 'Sammanfattning – åtgärdsplanen' },
  /** The name of someone Teams sends without one. */
  unnamed: 'okänd',
  unknownCommand: 'Det kommandot känner jag inte igen. Skriv /hjälp för att se vad jag kan.',
  whichPlan: (command: string, plans: string[]) =>
    `Här följs flera åtgärdsplaner upp: ${listSv(plans)}. Skriv planens namn efter kommandot, t.ex. ${command} ${plans[0]}.`,
  didYouMean: (command: string, rest: string) =>
    `Det kommandot känner jag inte igen. Menade du ${command}${rest ? ` ${echo(rest)}` : ''}? Skriv /hjälp för att se vad jag kan.`,
  greeting: (name?: string) =>
    `${hello(name, 'okänd')} Skriv /status för läget i åtgärdsplanen, eller /hjälp för allt jag kan.`,
  thanks: 'Varsågod!',
  unknownStatusTarget: (given: string, valid: string) =>
    `Jag hittar ingen rekommendation eller aktivitet som heter ”${echo(given)}”. Giltiga rekommendationer är ${valid}. ` +
    'Skriv till exempel /status rek2 eller /status 2a.',
  somethingWentWrong:
    'Något gick fel hos mig och ingenting har sparats. Försök igen om en stund; hör av dig till administratören om felet står kvar.',
  storeUnavailable:
    'Lagringen svarar inte just nu, så ingenting har sparats. Försök igen om en stund; hör av dig till administratören om felet står kvar.',
  /** The store lost its answer to the write of an answer: it may be kept or not. */
  answerOutcomeUnknown: (activityId: string) =>
    `Lagringen svarade inte, så jag vet ännu inte om ditt svar för ${activityId} hann sparas. ` +
    'Tryck Spara på kortet igen om en stund: svaret sparas bara en gång, hur många gånger du än trycker.',
  /** The answer is in the history; the current status is not moved yet. */
  answerSavedNotCurrent: (activityId: string) =>
    `Ditt svar för ${activityId} är sparat, men lagringen svarade inte när statusen skulle uppdateras, så /status visar det inte än. ` +
    'Tryck Spara på kortet igen om en stund: svaret sparas inte två gånger.',
  malformedAction:
    'Kortet skickade uppgifter jag inte kan läsa. Ingenting har sparats. Skriv /uppdatera för ett nytt kort.',
  cardTooDeep: `Kortet skickade uppgifter i fler än ${MAX_CARD_DEPTH} nivåer, och så ser inget av mina kort ut. Ingenting har sparats. Skriv /uppdatera för ett nytt kort.`,
  noIdentity: 'Jag kan inte se vem du är (meddelandet saknar Entra-id). Ingenting har sparats.',
  unknownActivity: (id: string) => `Aktiviteten ”${echo(id)}” finns inte i åtgärdsplanen. Ingenting har sparats.`,
  notAllowed: (activityId: string, owner: string) =>
    `Du kan inte svara för aktivitet ${activityId}: ${owner} är ansvarig för den. Bara den ansvarige, ersättaren eller en administratör kan uppdatera den. Ingenting har sparats.`,
  noActivities:
    'Du är inte ansvarig för någon aktivitet i åtgärdsplanen, så det finns inget för dig att uppdatera. Skriv /status för att se läget.',
  administratorPicks: (example: string) =>
    `Du är administratör och inte ansvarig för någon aktivitet. Skriv /uppdatera följt av aktiviteten du vill svara för, t.ex. /uppdatera ${example}.`,
  promptsSentPersonally: (name: string, n: number) =>
    `${name}: jag har skickat ${n === 1 ? 'ditt statuskort' : `dina ${n} statuskort`} till din chatt med mig, så att de inte fyller kanalen.`,
  promptsNotSentPersonally: (name: string, why?: string) =>
    `${name}: jag kunde inte skicka statuskorten till din chatt med mig${why ? ` (${why})` : ''}. Öppna appen i Teams och skriv /uppdatera där. Ingenting har skickats här, så att korten inte fyller kanalen.`,
  promptsHere: (n: number) => (n === 1 ? 'Här är ditt statuskort.' : `Här är dina ${n} statuskort, ett per aktivitet.`),
  dispatchRefused: 'Bara administratörer kan skicka ut statuskort till alla ansvariga. Ingenting har skickats.',
  personalNumberInMessage:
    'Ditt meddelande innehåller något som ser ut som ett personnummer eller samordningsnummer. Jag har inte läst eller sparat det. ' +
    'Ta bort ditt meddelande ur chatten (håll muspekaren över det, välj ... och Ta bort), och skriv aldrig personuppgifter här.',
  wrongTenant: 'Den här boten används bara inom Stockholms stad. Ingenting har sparats.',
  updateNotAllowed: (activityId: string, owner: string) =>
    `Du kan inte uppdatera aktivitet ${activityId}: ${owner} är ansvarig för den, och bara den ansvarige, ersättaren eller en administratör kan svara för den. ` +
    `Skriv /status ${activityId} för att se läget.`,
  dispatchCancelled: 'Utskicket är avbrutet. Ingenting har skickats; skriv /utskick för ett nytt.',
  dispatchConfirmed: 'Utskicket är redan gjort från det här kortet. Skriv /utskick för ett nytt.',
  dispatchStarted: (owners: number) =>
    `Utskicket har startat: statuskort går nu till ${owners} ansvariga. Jag skriver här när det är klart, med vilka som inte gick att nå.`,
  linkRefused: 'Bara administratörer och ledningsgruppen kan koppla en kanal till åtgärdsplanen.',
  linkOnlyInChannel:
    'Skriv /koppla i den kanal i teamet där veckosammanfattningen ska publiceras, och nämn mig med @ först.',
  linked: (next?: string) =>
    `Kanalen är kopplad till åtgärdsplanen. Veckosammanfattningen publiceras här${next ? `; nästa gång ${next}` : ''}. ` +
    'Skriv /sammanfattning för att se den nu.',
  summaryRefused: 'Sammanfattningen är för ledningsgruppen och administratörer. Skriv /status för att se läget.',
  assessmentRefused:
    'Bedömningen av rekommendationerna görs av ledningsgruppen och administratörer. Skriv /status rek2 för att se läget.',
  assessmentWhich: (valid: string) =>
    `Vilken rekommendation vill du bedöma? Skriv till exempel /bedömning rek2. Giltiga rekommendationer är ${valid}.`,
  reportRefused: 'Uppföljningsrapporten är för ledningsgruppen och administratörer. Skriv /status för att se läget.',
  fixRefused: 'Bara administratörer kan fastställa en version av uppföljningsrapporten. Ingenting har fastställts.',
  reportInPersonalChat: (name: string) =>
    `${name}, uppföljningsrapporten kommer som fil i din personliga chatt med mig (Teams skickar filer från en bot bara där).`,
  reportNoPersonalChat:
    'Uppföljningsrapporten kommer som fil i personlig chatt, men du har ingen chatt med mig ännu. Öppna en chatt med mig och skriv /rapport där.',
  reportDeclined: 'Du tackade nej till filen. Skriv /rapport när du vill ha den.',
  reportUploaded: (name: string) => `Rapporten ${name} är sparad i din OneDrive.`,
  reportUploadFailed:
    'Filen kunde inte laddas upp till din OneDrive. Ingenting har ändrats; skriv /rapport för att försöka igen.',
  dispatchReport: (results: RecipientResult[], teams: string[] = []) => {
    const sent = results.filter((r) => r.outcome === 'sent');
    const lines = [
      `Statuskort skickade till ${sent.length} av ${results.length} ansvariga (${sent.reduce((n, r) => n + r.activityIds.length, 0)} kort).`,
    ];
    const why = (r: RecipientResult): string | undefined => {
      if (r.outcome === 'unreachable') return unreachableText(r.reason ?? 'failed', teams);
      if (r.outcome === 'failed') return unreachableText('failed');
      if (r.outcome === 'busy') return 'skickas redan av en annan instans';
      return undefined;
    };
    for (const r of results) {
      const reason = why(r);
      if (!reason) continue;
      const maybe = r.outcome === 'unreachable' && r.reason === 'uncertain';
      lines.push(`${maybe ? 'Okänt' : 'Kunde inte nås'}: ${r.person.name}: ${reason}.`);
    }
    return lines.join('\n\n');
  },
  reachRefused: 'Bara administratörer kan se hur boten når varje person.',
  reachReport: (rows: Array<{ person: Member; state: ReachState }>, teams: string[]) => {
    const line = ({ person, state }: { person: Member; state: ReachState }): string => {
      switch (state.via) {
        case 'chat':
          return `✅ ${person.name}: nås i sin chatt med boten.`;
        case 'team':
          return `✅ ${person.name}: nås via ${listSv(state.teams.map((t) => `teamet ”${t}”`))}; chatten startas vid första utskicket.`;
        case 'install':
          return `✅ ${person.name}: appen installeras för personen via Microsoft Graph vid första utskicket.`;
        case 'none':
          return `${state.reason === 'uncertain' ? '❔' : '⚠️'} ${person.name}: ${unreachableText(state.reason, teams)}.`;
      }
    };
    const where =
      teams.length > 0
        ? `Boten finns i ${listSv(teams.map((t) => `teamet ”${t}”`))}.`
        : 'Boten finns inte i något team ännu.';
    return [where, ...rows.map(line)].join('\n\n');
  },
  retention: {
    refused: 'Bara administratörer kan se och ändra gallringsreglerna. Ingenting har ändrats.',
    saved: (what: string, before: string, after: string) => `Sparat: ${what}: ${before} → ${after}.`,
    unchanged: 'Ingenting ändrades: regeln var redan så.',
    refusedChange: (problems: string[]) => `Regeln sparades inte: ${problems.join(' ')} Ingenting har ändrats.`,
    problem: {
      action: 'Välj bevaras eller gallras efter.',
      from: 'Välj från vilken händelse tiden räknas.',
      after: (message: string) => `Tiden ${message}.`,
    },
    stale: (meanwhile: Array<{ by: string; what: string; before: string; after: string }>) =>
      'Någon annan har ändrat inställningarna sedan kortet visades, så ingenting har ändrats' +
      (meanwhile.length > 0
        ? `: ${meanwhile.map((m) => `${m.by} ändrade ${m.what.charAt(0).toLowerCase()}${m.what.slice(1)} (${m.before} → ${m.after})`).join('; ')}.`
        : '.') +
      ' Kortet visar nu det senaste; gör ändringen igen om den behövs.',
  },
  register: {
    refused: 'Bara administratörer kan ta ut ett registerutdrag.',
    usage: 'Skriv vems uppgifter du vill se, t.ex. /registerutdrag Karin Lind.',
    none: (query: string) => `Ingen med namnet ”${query}” finns i driften eller teamet. Kontrollera stavningen.`,
    onlyPersonal:
      'Registerutdraget kommer bara i din personliga chatt med mig: det är personuppgifter, och Teams tar emot filer från en bot bara där. ' +
      'Skriv /registerutdrag med namnet i chatten med mig. Inget utdrag har tagits ut.',
    file: {
      docx: 'Registerutdraget som Word-dokument, att lämna till personen',
      json: 'Registerutdraget som JSON-fil, med varje post som den är lagrad',
    },
    declined:
      'Du tackade nej till filen med registerutdraget. Ingenting har laddats upp eller sparats; skriv /registerutdrag med namnet när du vill ha den.',
    uploadFailed:
      'Filen med registerutdraget kunde inte laddas upp till din OneDrive. Skriv /registerutdrag med namnet för att försöka igen.',
    several: (query: string, names: string[]) =>
      `Flera personer matchar ”${query}”: ${listSv(names)}. Skriv hela namnet.`,
    summary: (e: RegisterExtract) => {
      const kinds = Object.entries(e.records).map(
        ([kind, list]) => `${KIND_TITLES[kind as RecordKind]}: ${list.length}`,
      );
      const roles = e.roles.map((r) => (r.ownerRole ? `${r.role} (${r.ownerRole})` : r.role));
      const reports = e.fixedReports.map((r) => `version ${r.version} (${r.as.join(', ')})`);
      return [
        `Registerutdrag om ${e.person.names[0] ?? e.person.userId} (${e.person.userId}), ${e.madeAt}. Utdraget är loggat.`,
        `Roller: ${roles.length > 0 ? listSv(roles) : 'inga'}.`,
        ...kinds.map((k) => `- ${k}`),
        `Nämnd i ändringsloggen av andra: ${e.mentionedInAudit.length}.`,
        `Fastställda rapporter: ${reports.length > 0 ? reports.join('; ') : 'inga'}.`,
        'Hela utdraget kommer nedan som Word-fil och som JSON-fil: välj Tillåt på den du vill ha, så sparas den i din OneDrive.',
      ].join('\n\n');
    },
  },
} as const;
