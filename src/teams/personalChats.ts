import {
  TeamsInfo,
  type ChannelAccount,
  type ConversationParameters,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { z } from 'zod';
import type { DeliveryOutcome, RosterEntry, StoredConversation, TeamRecord } from '../app/ports';
import { conversationKeys } from '../app/sendOnce';
import type { Member } from '../domain/deployment';
import { httpStatusOf } from './delivery/failures';
import type { TeamsNotifier } from './notifier';
import { TEXT } from './replies';
import type { GraphInstaller } from './graphInstaller';
import type { ChatOpener, OpenResult, RosterReader, TeamMember, Welcome } from '../app/ports';

/** Teams' largest page of team members. */
const ROSTER_PAGE_SIZE = 500;

const teamData = z.object({ team: z.object({ id: z.string().min(1).max(500), name: z.string().max(500).optional() }) });

/**
 * The team an activity came from (the team id is its General channel's id), if channelData says so
 * in the expected shape: anything else is no team, so a malformed event can never poison the store.
 */
export function teamOf(activity: { channelData?: unknown }): { teamId: string; name?: string } | undefined {
  const parsed = teamData.safeParse(activity.channelData);
  return parsed.success ? { teamId: parsed.data.team.id, name: parsed.data.team.name } : undefined;
}

/** A 1:1 conversation the bot started, stored like one the person opened. */
export function personalConversation(
  userId: string,
  reference: Partial<ConversationReference>,
  now: Date,
): StoredConversation {
  return {
    key: conversationKeys.personal(userId),
    kind: 'personal',
    userId,
    reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
    updatedAt: now.toISOString(),
    gone: false,
  };
}

/**
 * Runs `work` in a proactive turn and hands back what it returned or threw: a failure inside the
 * turn would otherwise reach the adapter's turn-error handler and be lost to the caller.
 */
async function inTurn<T>(
  run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
  work: (context: TurnContext) => Promise<T>,
): Promise<T> {
  let result: { value: T } | undefined;
  let failure: unknown;
  await run(async (context) => {
    try {
      result = { value: await work(context) };
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== undefined) throw failure;
  return result!.value;
}

/**
 * The Teams side of reaching people who never wrote to the bot: reads team rosters page by page
 * (TeamsInfo.getPagedTeamMembers), starts 1:1 chats with members (createConversation with the
 * member's id and the tenant), installs the app through Graph where that is configured, and sends
 * the greeting.
 */
export class TeamsPersonalChats implements ChatOpener, RosterReader {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
    private readonly clock: { now(): Date },
    private readonly notifier: Pick<TeamsNotifier, 'sendTexts'>,
    private readonly installer?: GraphInstaller,
  ) {}

  get canInstall(): boolean {
    return this.installer !== undefined;
  }

  async members(team: TeamRecord): Promise<TeamMember[]> {
    const reference = team.reference as Partial<ConversationReference>;
    return inTurn(
      (logic) => this.adapter.continueConversationAsync(this.botAppId, reference, logic),
      async (context) => {
        const members: TeamMember[] = [];
        let continuationToken: string | undefined;
        do {
          const page = await TeamsInfo.getPagedTeamMembers(context, team.teamId, ROSTER_PAGE_SIZE, continuationToken);
          for (const m of page.members ?? []) {
            if (typeof m.id !== 'string' || !m.id) continue;
            const userId = typeof m.aadObjectId === 'string' ? m.aadObjectId : undefined;
            members.push({ memberId: m.id, userId, name: typeof m.name === 'string' ? m.name : undefined });
          }
          continuationToken = page.continuationToken ?? undefined;
        } while (continuationToken);
        return members;
      },
    );
  }

  async fromRoster(team: TeamRecord, entry: RosterEntry): Promise<OpenResult> {
    const reference = team.reference as Partial<ConversationReference> & { conversation?: { tenantId?: string } };
    const tenantId = reference.conversation?.tenantId;
    const bot = reference.bot as ChannelAccount;
    const parameters = {
      isGroup: false,
      bot,
      members: [{ id: entry.memberId } as ChannelAccount],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    try {
      const conversationId = await inTurn(
        (logic) =>
          this.adapter.createConversationAsync(
            this.botAppId,
            reference.channelId ?? 'msteams',
            reference.serviceUrl!,
            AuthenticationConstants.ToChannelFromBotOAuthScope,
            parameters,
            logic,
          ),
        async (context) => context.activity.conversation.id,
      );
      return {
        conversation: personalConversation(
          entry.userId,
          {
            channelId: reference.channelId ?? 'msteams',
            serviceUrl: reference.serviceUrl,
            bot,
            user: { id: entry.memberId, name: entry.name, aadObjectId: entry.userId } as ChannelAccount,
            conversation: { id: conversationId, conversationType: 'personal', tenantId, isGroup: false, name: '' },
          },
          this.clock.now(),
        ),
      };
    } catch (error) {
      const status = httpStatusOf(error);
      // 403: the person blocked the bot; 404: not (any longer) a member Teams knows.
      if (status === 403) return { unreachable: 'blocked', status };
      if (status === 404) return { unreachable: 'notInTeam', status };
      return { unreachable: 'failed', status };
    }
  }

  async byInstalling(person: Member): Promise<OpenResult> {
    if (!this.installer) return { unreachable: 'notInTeam' };
    const installed = await this.installer.install(person.userId);
    if (installed.outcome !== 'installed') return { unreachable: installed.outcome, status: installed.status };
    return {
      conversation: personalConversation(
        person.userId,
        {
          channelId: 'msteams',
          serviceUrl: this.installer.serviceUrl,
          bot: { id: `28:${this.botAppId}`, name: '' } as ChannelAccount,
          user: { id: person.userId, name: person.name, aadObjectId: person.userId } as ChannelAccount,
          conversation: {
            id: installed.chatId,
            conversationType: 'personal',
            tenantId: this.installer.tenantId,
            isGroup: false,
            name: '',
          },
        },
        this.clock.now(),
      ),
    };
  }

  /** Through the notifier, like every proactive message: paced, with the send timeout and the retry budget. */
  greet(conversation: StoredConversation, welcome: Welcome): Promise<DeliveryOutcome> {
    return this.notifier.sendTexts(conversation, [TEXT.welcome(welcome)]);
  }
}
