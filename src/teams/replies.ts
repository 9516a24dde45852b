import type { RecipientResult } from '../app/dispatchPrompts';

/** "1a, 2a och 3b". */
function listSv(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} och ${items.at(-1)}`;
}

/** Every plain-text answer the bot gives, in one place so the wording stays consistent. */
export const TEXT = {
  welcome: (name: string, activityIds: string[], nextPrompt?: string) =>
    activityIds.length > 0
      ? `Hej ${name}! Jag följer upp åtgärdsplanen för familjehemsplaceringar. Du är ansvarig för ${listSv(activityIds)}. ` +
        `Jag skickar statuskort här${nextPrompt ? `, nästa gång ${nextPrompt}` : ''}. Skriv /uppdatera för att svara nu eller /hjälp för mer.`
      : `Hej ${name}! Jag följer upp åtgärdsplanen för familjehemsplaceringar. Skriv /status för läget eller /hjälp för mer.`,
  unknownCommand: 'Det kommandot känner jag inte igen. Skriv /hjälp för att se vad jag kan.',
  unknownStatusTarget: (given: string, valid: string) =>
    `Jag hittar ingen rekommendation eller aktivitet som heter "${given}". Giltiga rekommendationer är ${valid}. ` +
    'Skriv till exempel /status rek2 eller /status 2a.',
  somethingWentWrong:
    'Något gick fel hos mig och ingenting har sparats. Försök igen om en stund; hör av dig till administratören om felet står kvar.',
  storeUnavailable:
    'Lagringen svarar inte just nu, så ingenting har sparats. Försök igen om en stund; hör av dig till administratören om felet står kvar.',
  malformedAction:
    'Kortet skickade uppgifter jag inte kan läsa. Ingenting har sparats. Skriv /uppdatera för ett nytt kort.',
  noIdentity: 'Jag kan inte se vem du är (meddelandet saknar Entra-id). Ingenting har sparats.',
  unknownActivity: (id: string) => `Aktiviteten ${id} finns inte i åtgärdsplanen. Ingenting har sparats.`,
  notAllowed: (activityId: string, owner: string) =>
    `Du kan inte svara för aktivitet ${activityId}: den ägs av ${owner}. Bara ägaren, ersättaren eller en administratör kan uppdatera den. Ingenting har sparats.`,
  noActivities:
    'Du är inte ansvarig för någon aktivitet i åtgärdsplanen, så det finns inget för dig att uppdatera. Skriv /status för att se läget.',
  administratorPicks: (example: string) =>
    `Du är administratör och inte ansvarig för någon aktivitet. Skriv /uppdatera följt av aktiviteten du vill svara för, t.ex. /uppdatera ${example}.`,
  promptsHere: (n: number) => (n === 1 ? 'Här är ditt statuskort.' : `Här är dina ${n} statuskort, ett per aktivitet.`),
  dispatchRefused: 'Bara administratörer kan skicka ut statuskort till alla ansvariga. Ingenting har skickats.',
  personalNumberInMessage:
    'Ditt meddelande innehåller något som ser ut som ett personnummer eller samordningsnummer. Skriv aldrig personuppgifter här; jag har inte sparat något.',
  linkRefused: 'Bara administratörer och ledningsgruppen kan koppla en kanal till åtgärdsplanen.',
  linkOnlyInChannel:
    'Skriv /koppla i den kanal i teamet där veckosammanfattningen ska publiceras, och nämn mig med @ först.',
  linked: (next?: string) =>
    `Kanalen är kopplad till åtgärdsplanen. Veckosammanfattningen publiceras här${next ? `; nästa gång ${next}` : ''}. ` +
    'Skriv /sammanfattning för att se den nu.',
  summaryRefused: 'Sammanfattningen är för ledningsgruppen och administratörer. Skriv /status för att se läget.',
  dispatchReport: (results: RecipientResult[]) => {
    const sent = results.filter((r) => r.outcome === 'sent');
    const lines = [
      `Statuskort skickade till ${sent.length} av ${results.length} ansvariga (${sent.reduce((n, r) => n + r.activityIds.length, 0)} kort).`,
    ];
    const why: Partial<Record<RecipientResult['outcome'], string>> = {
      notInstalled: 'boten är inte installerad i personens chatt',
      unreachable: 'blockerad eller avinstallerad',
      failed: 'tillfälligt fel, försök igen',
      busy: 'skickas redan av en annan instans',
    };
    for (const r of results.filter((x) => why[x.outcome])) {
      lines.push(`Kunde inte nås: ${r.person.name}: ${why[r.outcome]}.`);
    }
    return lines.join('\n\n');
  },
} as const;
