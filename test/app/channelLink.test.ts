import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationBook } from '../../src/app/conversations';
import { WeeklySummaries } from '../../src/app/weeklySummaries';
import { loadDeployment } from '../../src/config/deploymentFile';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { TestClock } from '../support/bot';
import { USERS } from '../support/teams';

describe('linking the summary channel refuses by itself, from the permission table', () => {
  const { plan, deployment } = loadDeployment('deployments/local.json');
  const store = new SqliteStore({ dataDir: mkdtempSync(join(tmpdir(), 'link-')) });
  const clock = new TestClock(new Date('2026-12-07T10:00:00+01:00'));
  const ctx = { plan, deployment, answers: store.answers, states: store.states, clock };
  const summaries = new WeeklySummaries(ctx, store.schedule, new ConversationBook(store.conversations), []);
  const channel = {
    key: 'channel:19:ledning@thread.tacv2',
    kind: 'channel' as const,
    teamId: 'team-id',
    reference: {},
    updatedAt: '2026-12-07T09:00:00.000Z',
    gone: false,
  };
  afterAll(() => store.close());

  it('refuses owners and people with no role, and links nothing', async () => {
    for (const u of [USERS.karin, USERS.johan, USERS.sara, USERS.erik]) {
      await expect(summaries.linkChannel(channel, u.aadObjectId)).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    }
    expect(await store.schedule.channelLink(plan.id)).toBeUndefined();
  });

  it('links for the management group and administrators', async () => {
    for (const u of [USERS.maria, USERS.anders]) {
      await expect(summaries.linkChannel(channel, u.aadObjectId)).resolves.toMatchObject({ linkedBy: u.aadObjectId });
    }
    expect(await store.schedule.channelLink(plan.id)).toMatchObject({ conversationKey: channel.key });
  });
});
