import { randomUUID } from 'node:crypto';
import { checkSentCard } from './cardCheck';
import { checkForPersonalNumbers } from './leakCheck';

/** Users of deployments/local.json (and the Playground config). */
export const USERS = {
  karin: { id: 'user-id-0', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Karin Lind' },
  johan: { id: 'user-id-1', aadObjectId: '00000000-0000-0000-0000-0000000000021', name: 'Johan Ek' },
  sara: { id: 'user-id-2', aadObjectId: '00000000-0000-0000-0000-0000000000022', name: 'Sara Berg' },
  anders: { id: 'user-id-3', aadObjectId: '00000000-0000-0000-0000-0000000000023', name: 'Anders Holm' },
  maria: { id: 'user-id-4', aadObjectId: '00000000-0000-0000-0000-0000000000024', name: 'Maria Sjöberg' },
  erik: { id: 'user-id-5', aadObjectId: '00000000-0000-0000-0000-0000000000025', name: 'Erik Nyström' },
} as const;

/** A person as Teams sends them: the users above, or a deployment's own (a synthetic plan's). */
export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
}
export const TENANT = '00000000-0000-0000-0000-0000000000001';
export const BOT = { id: '28:00000000-0000-0000-0000-00000000000011', name: 'Åtgärdsplan' };

export type Where =
  { kind: 'personal' } | { kind: 'channel'; teamId: string; channelId: string } | { kind: 'groupChat'; id: string };

function conversation(user: TestUser, where: Where): Record<string, unknown> {
  switch (where.kind) {
    case 'personal':
      return { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: TENANT };
    case 'channel':
      return { id: where.channelId, conversationType: 'channel', isGroup: true, tenantId: TENANT };
    case 'groupChat':
      return { id: where.id, conversationType: 'groupChat', isGroup: true, tenantId: TENANT };
  }
}

function base(serviceUrl: string, user: TestUser, where: Where): Record<string, unknown> {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: BOT,
    conversation: conversation(user, where),
    locale: 'sv-SE',
    channelData: {
      tenant: { id: TENANT },
      ...(where.kind === 'channel' ? { team: { id: where.teamId }, channel: { id: where.channelId } } : {}),
    },
  };
}

/** A message activity as Teams sends it; in a channel or group chat it @mentions the bot. */
export function messageActivity(serviceUrl: string, user: TestUser, text: string, where: Where = { kind: 'personal' }) {
  const mention = where.kind === 'personal' ? '' : `<at>${BOT.name}</at> `;
  return {
    ...base(serviceUrl, user, where),
    type: 'message',
    text: `${mention}${text}`,
    textFormat: 'plain',
    entities: mention
      ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: { id: BOT.id, name: BOT.name } }]
      : [],
  };
}

/** An Action.Execute from an Adaptive Card, as Teams sends it (invoke adaptiveCard/action). */
export function cardAction(
  serviceUrl: string,
  user: TestUser,
  verb: string,
  data: unknown,
  where: Where = { kind: 'personal' },
  /** The message holding the card (Teams sends its id as replyToId), and whether Teams refreshes by itself. */
  options: { replyToId?: string; trigger?: 'manual' | 'automatic' } = {},
) {
  return {
    ...base(serviceUrl, user, where),
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
  };
}

/** The user's answer to a FileConsentCard (invoke fileConsent/invoke), as Teams sends it. */
export function fileConsentInvoke(serviceUrl: string, user: TestUser, value: unknown) {
  return { ...base(serviceUrl, user, { kind: 'personal' }), type: 'invoke', name: 'fileConsent/invoke', value };
}

/** The bot's install or uninstall event for a user or a team. */
export function installationUpdate(
  serviceUrl: string,
  user: TestUser,
  action: 'add' | 'remove',
  where: Where = { kind: 'personal' },
) {
  return { ...base(serviceUrl, user, where), type: 'installationUpdate', action };
}

export async function postActivity(botUrl: string, activity: unknown, headers: Record<string, string> = {}) {
  const post = () =>
    fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
  // A pooled keep-alive connection the server closed after 5 s idle, while this process was busy
  // ticking the scheduler, is reset on reuse before the server reads anything: post again once.
  const res = await post().catch((error: { cause?: { code?: string } }) => {
    if (error.cause?.code !== 'ECONNRESET') throw error;
    return post();
  });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  // An Action.Execute answered with a card: the card replaces the one the user pressed.
  if (body?.type === 'application/vnd.microsoft.card.adaptive') checkSentCard(body.value, 'card in an invoke response');
  checkForPersonalNumbers(body, 'an invoke response');
  return { status: res.status, body };
}
