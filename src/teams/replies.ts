/** Every plain-text answer the bot gives, in one place so the wording stays consistent. */
export const TEXT = {
  unknownCommand: 'Det kommandot känner jag inte igen. Skriv /hjälp för att se vad jag kan.',
  unknownStatusTarget: (given: string, valid: string) =>
    `Jag hittar ingen rekommendation eller aktivitet som heter "${given}". Giltiga rekommendationer är ${valid}. ` +
    'Skriv till exempel /status rek2 eller /status 2a.',
  somethingWentWrong:
    'Något gick fel hos mig och ingenting har sparats. Försök igen om en stund; hör av dig till administratören om felet står kvar.',
  malformedAction:
    'Kortet skickade uppgifter jag inte kan läsa. Ingenting har sparats. Skriv /status för att börja om.',
} as const;
