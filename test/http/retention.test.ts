import fc from 'fast-check';
import { runGallring } from '../../src/cli/gallring';
import { DEFAULT_RETENTION, describeRule } from '../../src/domain/retention';
import { TEXT } from '../../src/teams/replies';
import { startTestBot } from '../support/bot';
import { cardText, sentCard } from '../support/connector';
import { Chat } from '../support/conversation';
import { describeEachStore, useBotFixture } from '../support/fixture';
import { USERS, type TestUser } from '../support/teams';

const PLAN = 'ha-familjehem';
const DAY = 86_400_000;
const asMember = (u: TestUser) => ({
  id: u.id,
  aadObjectId: u.aadObjectId,
  name: u.name,
  userPrincipalName: `${u.name.toLowerCase().replace(' ', '.').replace('ö', 'o')}@example.com`,
});

type Card = Record<string, unknown>;
const etagOf = (card: Card) => JSON.stringify(card).match(/"etag":"([^"]+)"/)![1]!;
const shownAtOf = (card: Card) => JSON.stringify(card).match(/"shownAt":"([^"]+)"/)![1]!;

/**
 * The retention rules changed in Teams, over the real HTTP endpoint on both stores: from /admin,
 * administrators only, checked by the domain's schema, etag-guarded, audited, and read by gallring
 * from the store at once.
 */
describeEachStore('gallringsregler from /admin', (backend) => {
  const fixture = useBotFixture({ backend });
  const stored = async () => (await fixture.bot.store.deployments.deployment(PLAN))!.value;
  const audit = () => fixture.bot.store.deployments.auditLog(PLAN);

  /** The retention card, opened with the button on /admin. */
  async function openRules(user: TestUser, chat = fixture.chat): Promise<Card> {
    const body = await chat.press(user, 'showRetention', {});
    if (typeof body.value === 'string') throw new Error(body.value);
    return body.value as Card;
  }
  async function save(user: TestUser, card: Card, kind: string, inputs: Record<string, unknown>): Promise<string> {
    const body = await fixture.chat.press(user, 'saveRetention', {
      kind,
      etag: etagOf(card),
      shownAt: shownAtOf(card),
      ...inputs,
    });
    return typeof body.value === 'string' ? body.value : cardText(body.value);
  }
  /** The dry run as `npm run gallring -- --dry-run` makes it, on the bot's own store. */
  const dryRun = () =>
    runGallring(
      { DATA_DIR: fixture.bot.dataDir },
      { dryRun: true, clock: fixture.bot.clock, storeSettings: fixture.bot.storeSettings },
    );
  const sendsDue = async () => (await dryRun()).items.find((i) => i.kind === 'utskick')!;

  beforeAll(async () => {
    // One send record, made when the bot started: 45 days old by the time the rule is changed.
    const at = fixture.bot.clock.now();
    await fixture.bot.store.schedule.claimSend(
      {
        planId: PLAN,
        key: `prompt:2026-11-28:${USERS.karin.aadObjectId}`,
        recipient: USERS.karin.aadObjectId,
        holder: 'test',
        claimedAt: at.toISOString(),
      },
      at,
      60_000,
    );
    fixture.bot.clock.advance(45 * DAY);
  });

  it('when anyone but an administrator opens or posts the rules, they are refused and nothing changes', async () => {
    const card = await openRules(USERS.anders);
    for (const user of [USERS.karin, USERS.sara, USERS.maria, USERS.erik]) {
      expect((await fixture.chat.press(user, 'showRetention', {})).value).toBe(TEXT.retention.refused);
      expect(
        await save(user, card, 'utskick', {
          action_utskick: 'gallras',
          after_utskick: 'P1D',
          from_utskick: 'besvarad',
        }),
      ).toBe(TEXT.retention.refused);
    }
    expect((await stored()).retention).toEqual(DEFAULT_RETENTION);
    expect(await audit()).toEqual([]);
  });

  it('when an administrator opens them from /admin, each kind shows its rule and the proposal, named as a proposal for the archive officer', async () => {
    const [sent] = await fixture.chat.say(USERS.anders, '/admin');
    const button = (sentCard(sent!).body as Array<{ actions?: Array<{ verb: string; title: string }> }>)
      .flatMap((e) => e.actions ?? [])
      .find((a) => a.verb === 'showRetention');
    expect(button?.title).toBe('Gallringsregler');
    const text = cardText(await openRules(USERS.anders));
    expect(text).toContain('förslag till arkivansvarig, inte ett beslut');
    expect(text).toContain('Utskick och leveransstatus');
    expect(text).toContain(`Gäller: ${describeRule(DEFAULT_RETENTION.utskick)}.`);
    expect(text).toContain(`Förslag: ${describeRule(DEFAULT_RETENTION.utskick)}.`);
    expect(text.match(/Förslag: /g)).toHaveLength(7);
  });

  it('when an administrator sets utskick to P30D, it is stored, audited before → after, and the dry run lists by the new rule', async () => {
    expect((await sendsDue()).ids).toHaveLength(0); // 45 days old: kept under the proposal's 90 days
    const card = await openRules(USERS.anders);
    const text = await save(USERS.anders, card, 'utskick', {
      action_utskick: 'gallras',
      after_utskick: ' p30d ',
      from_utskick: 'besvarad',
    });
    const before = describeRule(DEFAULT_RETENTION.utskick);
    const after =
      'gallras efter 30 dagar från det att posten skapades (svaret gavs, utskicket gjordes, ändringen loggades)';
    expect(text).toContain(`Sparat: Gallringsregel för utskick och leveransstatus: ${before} → ${after}.`);
    expect(text).toContain(`Gäller: ${after}.`);
    expect((await stored()).retention.utskick).toEqual({ action: 'gallras', after: 'P30D', from: 'besvarad' });
    expect(await audit()).toEqual([
      expect.objectContaining({
        by: { userId: USERS.anders.aadObjectId, name: 'Anders Holm' },
        what: 'Gallringsregel för utskick och leveransstatus',
        before,
        after,
      }),
    ]);
    const due = await sendsDue();
    expect(due.rule).toEqual({ action: 'gallras', after: 'P30D', from: 'besvarad' });
    expect(due.ids).toHaveLength(1);

    // The daily job, under the scheduler's lease, takes the new rule on its next pass.
    const report = await fixture.bot.scheduler.tick();
    expect(report.gallring?.join('\n')).toContain(`Utskick och leveransstatus (${after}): 1 gallrade`);
    expect((await sendsDue()).ids).toHaveLength(0);
  });

  it('when the bot starts again on the same store, the changed rule is the one in force', async () => {
    const again = await startTestBot({
      dataDir: fixture.bot.dataDir,
      storeSettings: fixture.bot.storeSettings,
      now: fixture.bot.clock.now().toISOString(),
    });
    try {
      const text = cardText(await openRules(USERS.anders, new Chat(again, fixture.connector)));
      expect(text).toContain('Gäller: gallras efter 30 dagar från det att posten skapades');
    } finally {
      await again.dispose();
    }
  });

  it('when a form shown before another administrator’s change is saved, nothing is saved and it says who changed what', async () => {
    fixture.connector.rosters.set(`a:personal-${USERS.anders.id}`, Object.values(USERS).map(asMember));
    const [sent] = await fixture.chat.say(USERS.anders, '/admin');
    await fixture.chat.press(USERS.anders, 'adminChange', {
      op: 'addMember',
      etag: etagOf(sentCard(sent!)),
      group: 'administrators',
      member: USERS.erik.aadObjectId,
    });
    const older = await openRules(USERS.anders);
    fixture.bot.clock.advance(60_000);
    expect(
      await save(USERS.erik, await openRules(USERS.erik), 'konversationer', {
        action_konversationer: 'gallras',
        after_konversationer: 'P60D',
        from_konversationer: 'personen borttagen',
      }),
    ).toContain('Sparat: Gallringsregel för konversationsreferenser');
    const entries = (await audit()).length;

    const text = await save(USERS.anders, older, 'utskick', { action_utskick: 'bevaras' });
    expect(text).toContain('Någon annan har ändrat inställningarna sedan kortet visades, så ingenting har ändrats');
    expect(text).toContain(
      'Erik Nyström ändrade gallringsregel för konversationsreferenser för personer som inte längre finns i driften eller teamet (gallras efter 30 dagar från det att personen togs bort ur driften och teamet → gallras efter 60 dagar från det att personen togs bort ur driften och teamet)',
    );
    expect((await stored()).retention.utskick).toEqual({ action: 'gallras', after: 'P30D', from: 'besvarad' });
    expect(await audit()).toHaveLength(entries);
  });

  it('when the rule is not one, a Swedish message says why and nothing changes', async () => {
    const before = await stored();
    const entries = (await audit()).length;
    const card = await openRules(USERS.anders);
    expect(await save(USERS.anders, card, 'svar', {})).toContain(
      `${TEXT.retention.problem.action} Ingenting har ändrats.`,
    );
    expect(
      await save(USERS.anders, card, 'svar', { action_svar: 'gallras', after_svar: 'P2Y', from_svar: 'igår' }),
    ).toContain(TEXT.retention.problem.from);
    expect(
      await save(USERS.anders, card, 'svar', { action_svar: 'gallras', after_svar: 'P1000Y', from_svar: 'besvarad' }),
    ).toContain('Tiden får vara högst 200 år');
    expect(await stored()).toEqual(before);
    expect(await audit()).toHaveLength(entries);
  });

  it('when a malformed duration is given, by generation, it is refused in Swedish and nothing changes', async () => {
    const before = await stored();
    const entries = (await audit()).length;
    const n = fc.integer({ min: 1, max: 999 });
    const unit = fc.constantFrom('Y', 'M', 'W', 'D');
    const malformed = fc.oneof(
      n.map((x) => `${x} år`),
      fc.tuple(n, unit).map(([x, u]) => `${x}${u}`), // no P
      fc.tuple(n, unit).map(([x, u]) => `P-${x}${u}`),
      fc.tuple(n, unit).map(([x, u]) => `P${x}.5${u}`),
      fc.tuple(n, n).map(([x, y]) => `P${x}D${y}Y`), // out of order
      fc.constantFrom('', ' ', 'P', 'PT', 'P1DT', 'TP1D', 'P1H', 'PT1Y'),
      fc
        .tuple(n, unit, fc.string({ minLength: 1, maxLength: 5 }))
        .filter(([, , g]) => /[^0-9A-Za-z]/.test(g))
        .map(([x, u, g]) => `P${x}${u}${g}`),
      fc.bigInt({ min: 201n, max: 10n ** 15n }).map((x) => `P${x}Y`), // too long to count on
    );
    await fc.assert(
      fc.asyncProperty(malformed, async (after) => {
        const card = await openRules(USERS.anders);
        const text = await save(USERS.anders, card, 'svar', {
          action_svar: 'gallras',
          after_svar: after,
          from_svar: 'besvarad',
        });
        expect(text).toMatch(/Tiden (ska vara en ISO 8601-period|får vara högst 200 år).*Ingenting har ändrats\./);
      }),
      { numRuns: 40, seed: 28 },
    );
    expect(await stored()).toEqual(before);
    expect(await audit()).toHaveLength(entries);
  });
});
