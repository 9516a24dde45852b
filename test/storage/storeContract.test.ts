import type { FixedVersion, Store } from '../../src/app/ports';
import type { PlanRevision } from '../../src/domain/revisions';
import type { Assessment } from '../../src/domain/assessment';
import { stateFromAnswer } from '../../src/domain/answer';
import { storeBackend, type Backend } from '../support/stores';
import { describeEachStore } from '../support/fixture';
import { answer, personalConversation } from '../support/fixtures';

/** One contract, two adapters: whatever the domain relies on holds on both stores. */
describeEachStore('the store contract', (name) => {
  let backend: Backend;
  let store: Store;

  beforeEach(async () => {
    backend = await storeBackend(name);
    store = await backend.open();
  });
  afterEach(async () => backend.dispose());

  describe('answers', () => {
    it('keeps every answer and returns an activity history newest first', async () => {
      const first = answer({ answeredAt: '2026-11-01T09:00:00.000Z' });
      const second = answer({ answeredAt: '2026-11-08T09:00:00.000Z', status: 'risk', comment: 'Personalbrist' });
      const elsewhere = answer({ activityId: '1a', answeredAt: '2026-11-09T09:00:00.000Z' });

      for (const a of [first, second, elsewhere]) expect(await store.answers.appendAnswer(a)).toBe('stored');

      expect(await store.answers.answerHistory('ha-familjehem', '2a')).toEqual([second, first]);
      expect(await store.answers.answerHistory('ha-familjehem', '2a', 1)).toEqual([second]);
      expect(await store.answers.allAnswers('ha-familjehem')).toEqual([first, second, elsewhere]);
    });

    it('when the same answer is appended again, nothing new is stored', async () => {
      const a = answer();
      expect(await store.answers.appendAnswer(a)).toBe('stored');
      expect(await store.answers.appendAnswer({ ...a })).toBe('duplicate');
      expect(await store.answers.answerHistory(a.planId, a.activityId)).toHaveLength(1);
    });

    it('finds one answer by its id, and the latest answer of one prompt card with how many it sent', async () => {
      const first = answer({ id: 'a-1', promptId: 'kort-1', answeredAt: '2026-11-01T09:00:00.000Z' });
      const again = answer({ id: 'a-2', promptId: 'kort-1', answeredAt: '2026-11-02T09:00:00.000Z', status: 'risk' });
      const other = answer({ id: 'a-3', promptId: 'kort-2', answeredAt: '2026-11-03T09:00:00.000Z' });
      // Stored out of order: the later answer of the card is still its latest.
      for (const a of [again, other, first]) await store.answers.appendAnswer(a);

      expect(await store.answers.answer('ha-familjehem', '2a', 'a-2')).toEqual(again);
      expect(await store.answers.answer('ha-familjehem', '2a', 'saknas')).toBeUndefined();
      expect(await store.answers.answer('ha-familjehem', '1a', 'a-2')).toBeUndefined();
      expect(await store.answers.lastFromPrompt('ha-familjehem', '2a', 'kort-1')).toEqual({ last: again, count: 2 });
      expect(await store.answers.lastFromPrompt('ha-familjehem', '2a', 'kort-2')).toEqual({ last: other, count: 1 });
      expect(await store.answers.lastFromPrompt('ha-familjehem', '2a', 'kort-9')).toBeUndefined();
      expect(await store.answers.lastFromPrompt('ha-familjehem', '1a', 'kort-1')).toBeUndefined();
    });

    it('a card that sent many answers still gives its latest, and the history holds only answers', async () => {
      const sent = Array.from({ length: 30 }, (_, i) =>
        answer({
          id: `m-${String(i).padStart(2, '0')}`,
          promptId: 'kort-m',
          answeredAt: `2026-11-0${1 + Math.floor(i / 10)}T09:${String(i % 10).padStart(2, '0')}:00.000Z`,
          comment: `Kommentar ${i}`,
        }),
      );
      await Promise.all(sent.map((a) => store.answers.appendAnswer(a)));
      expect(await store.answers.lastFromPrompt('ha-familjehem', '2a', 'kort-m')).toEqual({
        last: sent.at(-1),
        count: 30,
      });
      const history = await store.answers.answerHistory('ha-familjehem', '2a');
      expect(history.map((a) => a.id)).toEqual(sent.map((a) => a.id).reverse());
      expect(await store.answers.allAnswers('ha-familjehem')).toHaveLength(30);
    });

    it('keeps answers of other plans apart', async () => {
      await store.answers.appendAnswer(answer({ planId: 'annan-plan' }));
      expect(await store.answers.allAnswers('ha-familjehem')).toEqual([]);
    });
  });

  describe('current status', () => {
    it('is absent before the first answer', async () => {
      expect(await store.states.activityState('ha-familjehem', '2a')).toBeUndefined();
      expect(await store.states.activityStates('ha-familjehem')).toEqual([]);
    });

    it('is created once, then replaced only with the etag that was read', async () => {
      const a = answer();
      expect(await store.states.saveActivityState(stateFromAnswer(a), undefined)).toBe('saved');
      expect(await store.states.saveActivityState(stateFromAnswer(a), undefined)).toBe('conflict');

      const read = await store.states.activityState(a.planId, a.activityId);
      expect(read?.value).toEqual(stateFromAnswer(a));

      const b = answer({ status: 'klar' });
      expect(await store.states.saveActivityState(stateFromAnswer(b), read!.etag)).toBe('saved');
      expect(await store.states.saveActivityState(stateFromAnswer(answer()), read!.etag)).toBe('conflict');
      expect((await store.states.activityState(a.planId, a.activityId))?.value.status).toBe('klar');
    });

    it('when two writers read the same version, only the first write lands', async () => {
      await store.states.saveActivityState(stateFromAnswer(answer()), undefined);
      const read = (await store.states.activityState('ha-familjehem', '2a'))!;
      const results = await Promise.all([
        store.states.saveActivityState(stateFromAnswer(answer({ status: 'risk' })), read.etag),
        store.states.saveActivityState(stateFromAnswer(answer({ status: 'försenad' })), read.etag),
      ]);
      expect(results.sort()).toEqual(['conflict', 'saved']);
    });

    it('keeps the ids of the latest answers beside the status, and none where none were given', async () => {
      const a = answer();
      const recent = [
        { id: 'a-2', answeredAt: '2026-11-02T09:00:00.000Z' },
        { id: 'a-1', answeredAt: '2026-11-01T09:00:00.000Z' },
      ];
      await store.states.saveActivityState(stateFromAnswer(a), undefined, recent);
      const read = (await store.states.activityState(a.planId, a.activityId))!;
      expect(read.value).toEqual(stateFromAnswer(a));
      expect(read.recent).toEqual(recent);

      await store.states.saveActivityState(stateFromAnswer(a), read.etag);
      expect(await store.states.activityState(a.planId, a.activityId)).not.toHaveProperty('recent');
      expect(await store.states.activityStates(a.planId)).toEqual([stateFromAnswer(a)]);
    });

    it('lists the current status of every activity in the plan', async () => {
      const a1 = answer({ activityId: '1a' });
      const a2 = answer({ activityId: '2a', status: 'klar' });
      await store.states.saveActivityState(stateFromAnswer(a2), undefined);
      await store.states.saveActivityState(stateFromAnswer(a1), undefined);
      expect(await store.states.activityStates('ha-familjehem')).toEqual([stateFromAnswer(a1), stateFromAnswer(a2)]);
    });
  });

  describe('conversations', () => {
    it('stores a reference once, however often the same install repeats', async () => {
      const c = personalConversation('u1');
      expect(await store.conversations.saveConversation(c)).toBe('created');
      expect(await store.conversations.saveConversation({ ...c, updatedAt: '2026-11-21T08:00:00.000Z' })).toBe(
        'unchanged',
      );
      expect(await store.conversations.conversation(c.key)).toEqual(c);
    });

    it('updates a changed reference and marks an uninstalled one gone', async () => {
      const c = personalConversation('u1');
      await store.conversations.saveConversation(c);
      const moved = { ...c, reference: { ...c.reference, serviceUrl: 'http://localhost:1/_connector' } };
      expect(await store.conversations.saveConversation(moved)).toBe('updated');

      await store.conversations.markGone(c.key, '2026-11-22T08:00:00.000Z');
      expect(await store.conversations.conversation(c.key)).toMatchObject({ gone: true, reference: moved.reference });
      expect(await store.conversations.saveConversation({ ...moved, gone: false })).toBe('updated');
    });

    it('is absent for a user the bot never met', async () => {
      expect(await store.conversations.conversation('personal:okänd')).toBeUndefined();
    });
  });

  describe('schedule bookkeeping', () => {
    const plan = 'ha-familjehem';
    const t0 = new Date('2026-11-30T08:00:00Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);

    it('gives the lease to one holder at a time until it expires or is released', async () => {
      expect(await store.schedule.tryAcquireLease(plan, 'scheduler', 'a', t0, 60_000)).toBe(true);
      expect(await store.schedule.tryAcquireLease(plan, 'scheduler', 'b', later(1_000), 60_000)).toBe(false);
      expect(await store.schedule.tryAcquireLease(plan, 'scheduler', 'a', later(30_000), 60_000)).toBe(true);
      expect(await store.schedule.tryAcquireLease(plan, 'scheduler', 'b', later(80_000), 60_000)).toBe(false);
      expect(await store.schedule.tryAcquireLease(plan, 'scheduler', 'b', later(91_000), 60_000)).toBe(true);
      await store.schedule.releaseLease(plan, 'scheduler', 'b');
      expect(await store.schedule.tryAcquireLease(plan, 'scheduler', 'c', later(92_000), 60_000)).toBe(true);
    });

    it('when two holders race for a free lease, exactly one gets it', async () => {
      const results = await Promise.all(
        ['a', 'b', 'c', 'd'].map((h) => store.schedule.tryAcquireLease(plan, 'scheduler', h, t0, 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('keeps a job cursor guarded by its etag', async () => {
      const cursor = { planId: plan, job: 'prompts' as const, lastDueAt: t0.toISOString() };
      expect(await store.schedule.saveJobCursor(cursor, undefined)).toBe('saved');
      expect(await store.schedule.saveJobCursor(cursor, undefined)).toBe('conflict');
      const read = (await store.schedule.jobCursor(plan, 'prompts'))!;
      const next = {
        ...cursor,
        current: { id: '2026-11-30', startedAt: t0.toISOString(), complete: false, remindersDone: 0 },
      };
      expect(await store.schedule.saveJobCursor(next, read.etag)).toBe('saved');
      expect(await store.schedule.saveJobCursor(cursor, read.etag)).toBe('conflict');
      expect((await store.schedule.jobCursor(plan, 'prompts'))?.value).toEqual(next);
      expect(await store.schedule.jobCursor(plan, 'summary')).toBeUndefined();
    });

    it('records a send once: claimed, then done; a failed or abandoned claim can be taken over', async () => {
      const send = (holder: string, at: Date) => ({
        planId: plan,
        key: 'prompt:2026-11-30:u1',
        recipient: 'u1',
        holder,
        claimedAt: at.toISOString(),
      });
      expect(await store.schedule.claimSend(send('a', t0), t0, 120_000)).toBe('claimed');
      expect(await store.schedule.claimSend(send('b', later(1_000)), later(1_000), 120_000)).toBe('busy');
      expect(await store.schedule.claimSend(send('b', later(200_000)), later(200_000), 120_000)).toBe('claimed');
      await store.schedule.finishSend(plan, 'prompt:2026-11-30:u1', 'sent', later(201_000));
      expect(await store.schedule.claimSend(send('c', later(300_000)), later(300_000), 120_000)).toBe('done');

      await store.schedule.claimSend({ ...send('a', t0), key: 'prompt:2026-11-30:u2', recipient: 'u2' }, t0, 120_000);
      await store.schedule.finishSend(plan, 'prompt:2026-11-30:u2', 'failed', t0, 500);
      expect(
        await store.schedule.claimSend({ ...send('b', t0), key: 'prompt:2026-11-30:u2', recipient: 'u2' }, t0, 120_000),
      ).toBe('claimed');

      await store.schedule.claimSend({ ...send('a', t0), key: 'prompt:2026-12-14:u1' }, t0, 120_000);
      const sends = await store.schedule.sends(plan, 'prompt:2026-11-30:');
      expect(sends.map((s) => [s.recipient, s.outcome, s.holder])).toEqual([
        ['u1', 'sent', 'b'],
        ['u2', undefined, 'b'],
      ]);
    });

    it('counts attempts, what was delivered and attempts of unknown fate over every claim of a send', async () => {
      const key = 'prompt:2026-11-30:u3';
      const claim = (holder: string) =>
        store.schedule.claimSend({ planId: plan, key, recipient: 'u3', holder, claimedAt: t0.toISOString() }, t0, 0);
      expect(await claim('a')).toBe('claimed');
      expect(await store.schedule.send(plan, key)).toMatchObject({ attempts: 1, holder: 'a' });
      // a vanished mid-send: taking its claim over counts one attempt of unknown fate
      expect(await claim('b')).toBe('claimed');
      expect(await store.schedule.send(plan, key)).toMatchObject({ attempts: 2, uncertain: 1 });
      await store.schedule.finishSend(plan, key, 'failed', t0, undefined, { delivered: 1, uncertain: 1 });
      expect(await claim('c')).toBe('claimed');
      await store.schedule.finishSend(plan, key, 'sent', t0, undefined, { delivered: 2 });
      expect(await store.schedule.send(plan, key)).toMatchObject({
        outcome: 'sent',
        attempts: 3,
        delivered: 3,
        uncertain: 2,
        holder: 'c',
      });
      expect(await store.schedule.send(plan, 'prompt:2026-11-30:nobody')).toBeUndefined();
    });

    it('answers a ping', async () => {
      await expect(store.ping(2000)).resolves.toBeUndefined();
    });

    it('when two holders claim the same send at once, exactly one gets it', async () => {
      const results = await Promise.all(
        ['a', 'b', 'c'].map((h) =>
          store.schedule.claimSend(
            { planId: plan, key: 'summary:2026-11-30', recipient: 'kanal', holder: h, claimedAt: t0.toISOString() },
            t0,
            120_000,
          ),
        ),
      );
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    });

    it('keeps the linked channel and the last summary snapshot', async () => {
      expect(await store.schedule.channelLink(plan)).toBeUndefined();
      const link = {
        planId: plan,
        conversationKey: 'channel:19:abc@thread.tacv2',
        teamId: 't',
        linkedBy: 'u',
        linkedAt: t0.toISOString(),
      };
      await store.schedule.linkChannel(link);
      expect(await store.schedule.channelLink(plan)).toEqual(link);
      await store.schedule.unlinkChannel(plan, t0.toISOString(), 'u2');
      expect(await store.schedule.channelLink(plan)).toBeUndefined();
      await store.schedule.linkChannel(link);
      expect(await store.schedule.channelLink(plan)).toEqual(link);
      const snapshot = { planId: plan, at: t0.toISOString(), statuses: { '2a': 'risk' } };
      await store.schedule.saveSummarySnapshot(snapshot);
      expect(await store.schedule.summarySnapshot(plan)).toEqual(snapshot);
    });
  });

  describe('moved reminders', () => {
    const move = (activityId: string, day: string, cycleId = '2026-11-30', planId = 'ha-familjehem') => ({
      planId,
      cycleId,
      activityId,
      day,
      movedBy: { userId: 'karin', name: 'Karin Lind' },
      movedAt: '2026-11-30T10:00:00.000Z',
    });

    it('keeps one move per plan, cycle and activity: moving again replaces the day', async () => {
      await store.schedule.saveReminderMove(move('2a', '2026-12-03'));
      await store.schedule.saveReminderMove(move('1b', '2026-12-02'));
      await store.schedule.saveReminderMove(move('2a', '2026-12-04'));
      await store.schedule.saveReminderMove(move('2a', '2026-12-08', '2026-12-07'));
      await store.schedule.saveReminderMove(move('2a', '2026-12-01', '2026-11-30', 'annan-plan'));

      const moves = await store.schedule.reminderMoves('ha-familjehem', '2026-11-30');
      expect(moves.map((m) => [m.activityId, m.day]).sort()).toEqual([
        ['1b', '2026-12-02'],
        ['2a', '2026-12-04'],
      ]);
      expect(moves.find((m) => m.activityId === '2a')).toEqual(move('2a', '2026-12-04'));
      expect(await store.schedule.reminderMoves('ha-familjehem', '2026-12-07')).toEqual([
        move('2a', '2026-12-08', '2026-12-07'),
      ]);
      expect(await store.schedule.reminderMoves('ha-familjehem', '2026-12-14')).toEqual([]);
    });
  });

  describe('the follow-up: assessments and fixed versions', () => {
    const assessment = (over: Partial<Assessment> = {}): Assessment => ({
      id: 'a1',
      planId: 'ha-familjehem',
      recommendationId: 'rek2',
      verdict: 'delvis',
      analysis: 'Rutinen är uppdaterad men inte införd i 2c8.',
      effects: 'Fler kontroller dokumenteras.',
      assessedBy: { userId: 'u-maria', name: 'Maria Sjöberg' },
      assessedAt: '2026-12-02T10:00:00.000Z',
      formId: 'f1',
      ...over,
    });
    const version = (n: number, over: Partial<FixedVersion> = {}): FixedVersion => ({
      planId: 'ha-familjehem',
      version: n,
      fixedBy: { userId: 'u-anders', name: 'Anders Holm' },
      fixedAt: `2026-12-0${n}T10:00:00.000Z`,
      documentSha256: 'a'.repeat(64),
      planSha256: 'b'.repeat(64),
      contentSha256: 'c'.repeat(64),
      ...over,
    });

    it('keeps every assessment, oldest first, and a retried one once', async () => {
      const later = assessment({ id: 'a2', verdict: 'genomförd', assessedAt: '2026-12-09T10:00:00.000Z' });
      const other = assessment({ id: 'a3', recommendationId: 'rek1', assessedAt: '2026-12-05T10:00:00.000Z' });
      expect(await store.followUp.appendAssessment(later)).toBe('stored');
      expect(await store.followUp.appendAssessment(assessment())).toBe('stored');
      expect(await store.followUp.appendAssessment(other)).toBe('stored');
      expect(await store.followUp.appendAssessment(assessment({ assessedAt: '2026-12-03T10:00:00.000Z' }))).toBe(
        'duplicate',
      );
      expect(await store.followUp.assessments('ha-familjehem')).toEqual([assessment(), other, later]);
      expect(await store.followUp.assessments('annan-plan')).toEqual([]);
    });

    it('stores a fixed version once and never replaces it', async () => {
      expect(await store.followUp.fixVersion(version(1))).toBe('stored');
      expect(await store.followUp.fixVersion(version(1, { documentSha256: 'd'.repeat(64) }))).toBe('conflict');
      expect(await store.followUp.fixVersion(version(2))).toBe('stored');
      expect(await store.followUp.versions('ha-familjehem')).toEqual([version(1), version(2)]);
    });
  });

  it('keeps what it held when the store is closed and opened again', async () => {
    const a = answer();
    await store.answers.appendAnswer(a);
    await store.states.saveActivityState(stateFromAnswer(a), undefined);
    await store.close();

    const reopened = await backend.open();
    expect(await reopened.answers.answerHistory(a.planId, a.activityId)).toEqual([a]);
    expect((await reopened.states.activityState(a.planId, a.activityId))?.value).toEqual(stateFromAnswer(a));
  });

  describe('plan revisions', () => {
    const by = { userId: 'u-admin', name: 'Anna Admin' };
    const moved: PlanRevision = {
      planId: 'ha-familjehem',
      id: 'rev-1',
      at: '2026-11-02T09:00:00.000Z',
      by,
      reason: 'Ny lagstiftning',
      change: { kind: 'moved', milestoneId: '2a-m1', to: { text: 'juni 2026', from: '2026-06-01', to: '2026-06-30' } },
    };
    const added: PlanRevision = {
      ...moved,
      id: 'rev-2',
      at: '2026-11-01T09:00:00.000Z',
      change: {
        kind: 'added',
        activityId: '2a',
        milestone: { id: '2a-m9', title: 'Extra', due: { text: 'april 2026', from: '2026-04-01', to: '2026-04-30' } },
      },
    };
    const removed: PlanRevision = { ...moved, id: 'rev-3', change: { kind: 'removed', milestoneId: '1a-m5' } };

    it('keeps every revision, oldest first, per plan; a retried one stores nothing new', async () => {
      for (const r of [moved, added, removed]) expect(await store.deployments.appendRevision(r)).toBe('stored');
      expect(await store.deployments.appendRevision({ ...moved, reason: 'annat' })).toBe('duplicate');
      expect(await store.deployments.revisions('ha-familjehem')).toEqual([added, moved, removed]);
      expect(await store.deployments.revisions('annan-plan')).toEqual([]);
    });
  });
});
