import { cardText, sentCard } from '../support/connector';
import type { TestBot } from '../support/bot';
import { describeEachStore, useBotFixture } from '../support/fixture';
import { Chat } from '../support/conversation';
import { USERS } from '../support/teams';

/** The data of the assessment card's save button, with what the person filled in. */
function filled(card: Record<string, unknown>, inputs: Record<string, unknown>): Record<string, unknown> {
  const actions = card.actions as Array<{ verb: string; data: Record<string, unknown> }>;
  const save = actions.find((a) => a.verb === 'submitAssessment');
  if (!save) throw new Error('not an assessment card');
  return { ...save.data, ...inputs };
}

describeEachStore('the assessment of a recommendation', (backend) => {
  const fixture = useBotFixture({ backend, start: { now: '2026-12-02T10:00:00+01:00' } });
  let bot: TestBot;
  let chat: Chat;
  beforeEach(() => ({ bot, chat } = fixture));

  it('when the management group saves one from /bedömning rek2, it is kept with who and when and shown on the recommendation', async () => {
    const [sent] = await chat.say(USERS.maria, '/bedömning rek2');
    const card = sentCard(sent!);
    expect(cardText(card)).toContain('Bedömning av rek 2');
    expect(cardText(card)).toContain('Delvis genomförd');

    const saved = await chat.press(
      USERS.maria,
      'submitAssessment',
      filled(card, {
        verdict: 'delvis',
        analysis: 'Rutinen för kontroller är uppdaterad men ännu inte införd i 2c8.',
        effects: 'Fler kontroller dokumenteras systematiskt.',
      }),
    );
    expect(cardText(saved.value)).toContain('Tack! Bedömningen är sparad');
    expect(cardText(saved.value)).toContain('Sparad 2 december 2026 kl. 10:00 av Maria Sjöberg.');

    const kept = await bot.store.followUp.assessments('ha-familjehem');
    expect(kept).toEqual([
      expect.objectContaining({
        recommendationId: 'rek2',
        verdict: 'delvis',
        assessedBy: { userId: USERS.maria.aadObjectId, name: USERS.maria.name },
        assessedAt: '2026-12-02T09:00:00.000Z',
      }),
    ]);
    expect(await chat.cardFor(USERS.karin, '/status rek2')).toContain(
      'Bedömning: Delvis genomförd (2 december 2026, Maria Sjöberg)',
    );
  });

  it('the same card pressed again stores nothing new; a new assessment is appended, the first kept', async () => {
    bot.clock.advance(3_600_000);
    const [sent] = await chat.say(USERS.anders, '/bedömning 2');
    const data = filled(sentCard(sent!), {
      verdict: 'genomförd',
      analysis: 'Rutinen är införd.',
      effects: 'Alla kontroller dokumenteras.',
    });
    await chat.press(USERS.anders, 'submitAssessment', data);
    bot.clock.advance(60_000);
    const again = await chat.press(USERS.anders, 'submitAssessment', data);
    expect(cardText(again.value)).toContain('Bedömningen var redan sparad');
    const kept = await bot.store.followUp.assessments('ha-familjehem');
    expect(kept.map((a) => [a.verdict, a.assessedBy.name])).toEqual([
      ['delvis', 'Maria Sjöberg'],
      ['genomförd', 'Anders Holm'],
    ]);
  });

  it('the button on the recommendation card opens the form in its place', async () => {
    const [sent] = await chat.say(USERS.maria, '/status rek1');
    const actions = sentCard(sent!).actions as Array<{ verb: string; data: unknown; title: string }>;
    const button = actions.find((a) => a.verb === 'showAssessment')!;
    expect(button.title).toBe('Bedöm rek 1');
    const form = await chat.press(USERS.maria, button.verb, button.data);
    expect(cardText(form.value)).toContain('Bedömning av rek 1');
  });

  it.each([
    [
      'a personnummer in the analysis',
      { verdict: 'delvis', analysis: 'Se ärende 19121212-1212.', effects: 'Inga ännu.' },
      'Analys innehåller något som ser ut som ett personnummer',
    ],
    [
      'a personnummer in the effects',
      { verdict: 'delvis', analysis: 'Bra.', effects: 'Gäller 201212121212 mest.' },
      'Effekter hittills innehåller något som ser ut som ett personnummer',
    ],
    ['no verdict', { verdict: '', analysis: 'Bra.', effects: 'Inga ännu.' }, 'Välj bedömning'],
    ['an unknown verdict', { verdict: 'kanske', analysis: 'Bra.', effects: 'Inga ännu.' }, 'Välj bedömning'],
    ['no analysis', { verdict: 'ej', analysis: '', effects: 'Inga ännu.' }, 'Analys saknas'],
    [
      'an analysis too long',
      { verdict: 'ej', analysis: 'x'.repeat(4001), effects: 'Inga ännu.' },
      'Analys får vara högst 4000 tecken',
    ],
  ])(
    'when the form holds %s, it comes back saying what is wrong and nothing is stored',
    async (_case, inputs, message) => {
      const before = (await bot.store.followUp.assessments('ha-familjehem')).length;
      const [sent] = await chat.say(USERS.maria, '/bedömning rek3');
      const back = await chat.press(USERS.maria, 'submitAssessment', filled(sentCard(sent!), inputs));
      const text = cardText(back.value);
      expect(text).toContain('Ingenting har sparats ännu:');
      expect(text).toContain(message);
      expect(JSON.stringify(back.value)).not.toMatch(/19121212-1212|201212121212/);
      // The number is masked in place; the rest of what was written stays in the form.
      if (/personnummer/.test(message)) expect(text).toContain('[personnummer borttaget]');
      expect(await bot.store.followUp.assessments('ha-familjehem')).toHaveLength(before);
    },
  );

  it('an owner outside the management group is refused the form and the save, and nothing is stored', async () => {
    const [sent] = await chat.say(USERS.karin, '/bedömning rek2');
    expect(sent!.body.text).toContain('Bedömningen av rekommendationerna görs av ledningsgruppen');
    const before = (await bot.store.followUp.assessments('ha-familjehem')).length;
    const refused = await chat.press(USERS.karin, 'submitAssessment', {
      recommendationId: 'rek2',
      formId: 'f',
      verdict: 'genomförd',
      analysis: 'Klart.',
      effects: 'Bra.',
    });
    expect(refused.value).toContain('Bedömningen av rekommendationerna görs av ledningsgruppen');
    expect(await bot.store.followUp.assessments('ha-familjehem')).toHaveLength(before);
  });

  it('/bedömning without a recommendation asks which one', async () => {
    const [sent] = await chat.say(USERS.maria, '/bedömning');
    expect(sent!.body.text).toBe(
      'Vilken rekommendation vill du bedöma? Skriv till exempel /bedömning rek2. Giltiga rekommendationer är rek1, rek2, rek3.',
    );
  });
});
