import { LocalConnector, cardText, sentCard, type SentActivity } from './connector';
import type { TestBot } from './bot';
import { cardAction, messageActivity, postActivity, type TestUser, type Where } from './teams';

/**
 * A person talking to the bot as Teams would: messages and card actions over the real HTTP
 * endpoint, replies collected from the local connector.
 */
export class Chat {
  constructor(
    private readonly bot: TestBot,
    private readonly connector: LocalConnector,
  ) {}

  /** Sends a message and returns what the bot sent back (waits for `expected` activities). */
  async say(user: TestUser, text: string, expected = 1, where?: Where): Promise<SentActivity[]> {
    const before = this.connector.sent.length;
    const res = await postActivity(this.bot.url, messageActivity(this.connector.url, user, text, where));
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    await this.connector.waitForSent(before + expected);
    return this.connector.sent.slice(before);
  }

  /** The single card the bot answered a message with, as text. */
  async cardFor(user: TestUser, text: string, where?: Where): Promise<string> {
    const [sent] = await this.say(user, text, 1, where);
    return cardText(sentCard(sent!));
  }

  /** Presses an Action.Execute button; returns the invoke response body (the card that replaces it, or a message). */
  async press(
    user: TestUser,
    verb: string,
    data: unknown,
    options: { where?: Where; replyToId?: string; trigger?: 'manual' | 'automatic' } = {},
  ): Promise<{ type: string; value: unknown }> {
    const res = await postActivity(
      this.bot.url,
      cardAction(this.connector.url, user, verb, data, options.where, options),
    );
    if (res.status !== 200) throw new Error(`invoke answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { type: string; value: unknown };
  }

  /** /utskick as an administrator: asks for the confirmation card, presses *Skicka nu* and returns the report. */
  async dispatch(user: TestUser): Promise<string> {
    const [sent] = await this.say(user, '/utskick');
    const card = sentCard(sent!);
    const confirm = (card.actions as Array<{ verb: string; data: unknown }>).find((a) => a.verb === 'confirmDispatch');
    if (!confirm) throw new Error(`/utskick answered without a confirmation: ${cardText(card)}`);
    const report = await this.press(user, 'confirmDispatch', confirm.data);
    return String(report.value);
  }
}

/** The Action.Execute data of a prompt card, with the inputs an owner filled in. */
export function promptSubmission(
  card: Record<string, unknown>,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const actions = card.actions as Array<{ verb: string; data: Record<string, unknown> }>;
  const submit = actions.find((a) => a.verb === 'submitStatus');
  if (!submit) throw new Error('not a prompt card');
  return { ...submit.data, ...inputs };
}

export { cardText, sentCard };
