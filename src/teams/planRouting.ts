import type { Attachment, TurnContext } from 'botbuilder';
import type { PlanRegistry } from '../app/plans';
import type { Plan } from '../domain/plan';
import { renderWithin, type AdaptiveCard } from './cards/render';
import { planChoiceView } from './cards/planChoiceView';
import { conversationOf } from './conversationRefs';
import { actorOf, type HandlerDeps } from './handlers/context';
import { reply } from './handlers/reply';
import { FILE_CONSENT_CARD } from './handlers/files';
import { TEXT } from './replies';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * Marks a card as the plan's: every Action.Execute carries the plan's id, so a press is routed to
 * the plan the card came from (activity ids such as 2a recur across plans), and the card's first
 * line names the plan.
 */
export function stampPlan(card: AdaptiveCard, plan: Plan): AdaptiveCard {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const o = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    if (o.type === 'Action.Execute') {
      const data = o.data && typeof o.data === 'object' ? o.data : {};
      o.data = { planId: plan.id, ...data };
    }
    return o;
  };
  const stamped = walk(card) as AdaptiveCard;
  const body = Array.isArray(stamped.body) ? stamped.body : [];
  stamped.body = [
    { type: 'TextBlock', text: `Plan: ${plan.title}`, isSubtle: true, size: 'Small', wrap: true, spacing: 'None' },
    ...body,
  ];
  return stamped;
}

/** The same, for whatever attachment a message carries (a file consent card keeps the plan in its context). */
function stampAttachment(attachment: Attachment, plan: Plan): Attachment {
  if (attachment.contentType === ADAPTIVE_CARD) {
    return { ...attachment, content: stampPlan(attachment.content as AdaptiveCard, plan) };
  }
  if (attachment.contentType === FILE_CONSENT_CARD) {
    const content = attachment.content as { acceptContext?: object; declineContext?: object };
    return {
      ...attachment,
      content: {
        ...content,
        acceptContext: { ...content.acceptContext, planId: plan.id },
        declineContext: { ...content.declineContext, planId: plan.id },
      },
    };
  }
  return attachment;
}

type Resolved = { deps: HandlerDeps } | { choices: HandlerDeps[] };

/**
 * Which plan a turn is about, and the handlers of that plan. With one plan, always that one. With
 * several: the plan named in the command (/status ha-familjehem rek2) or carried by the card, else
 * the plan the channel is linked to, else the person's only plan; otherwise the person chooses.
 */
export class PlanRouter {
  constructor(private readonly registry: PlanRegistry<HandlerDeps>) {}

  get first(): HandlerDeps {
    return this.registry.entries[0]!;
  }

  get all(): readonly HandlerDeps[] {
    return this.registry.entries;
  }

  private async implicit(context: TurnContext): Promise<Resolved> {
    if (!this.registry.several) return { deps: this.first };
    const conversation = conversationOf(context.activity, this.first.clock.now());
    if (conversation?.kind === 'channel') {
      const linked = await this.registry.forChannel(conversation.key);
      if (linked) return { deps: linked };
    }
    const actor = actorOf(context);
    const mine = actor ? this.registry.forPerson(actor.userId) : [];
    if (mine.length === 1) return { deps: mine[0]! };
    return { choices: mine.length > 0 ? mine : [...this.registry.entries] };
  }

  /** A plan named right after the command word is taken out of the text, so the handler reads the rest as before. */
  private named(context: TurnContext): HandlerDeps | undefined {
    const text = context.activity.text ?? '';
    const match = /^(\s*\S+)\s+(\S+)(.*)$/s.exec(text);
    const entry = match ? this.registry.byName(match[2]!) : undefined;
    if (entry && match) context.activity.text = `${match[1]}${match[3]}`;
    return entry;
  }

  /** Every card the turn sends names the plan and carries its id, where there are several. */
  private stampReplies(context: TurnContext, deps: HandlerDeps): void {
    if (!this.registry.several) return;
    context.onSendActivities(async (_ctx, activities, next) => {
      for (const a of activities) a.attachments = a.attachments?.map((x) => stampAttachment(x, deps.plan));
      return next();
    });
  }

  private choiceCard(choices: HandlerDeps[], target: string): AdaptiveCard {
    return renderWithin('planChoice', (detail) =>
      planChoiceView(
        choices.map((c) => c.plan),
        target,
        detail,
      ),
    );
  }

  /** A message command: with several plans and none chosen, /status offers the choice, others say how to name one. */
  message(
    factory: (deps: HandlerDeps) => (context: TurnContext) => Promise<void>,
    whenUnclear: { command: string; argument?: (context: TurnContext) => string },
  ) {
    const handlers = new Map(this.all.map((d) => [d, factory(d)]));
    return async (context: TurnContext): Promise<void> => {
      const named = this.named(context);
      const resolved: Resolved = named ? { deps: named } : await this.implicit(context);
      if ('choices' in resolved) {
        if (whenUnclear.argument) {
          await reply(context, this.choiceCard(resolved.choices, whenUnclear.argument(context)));
        } else {
          await reply(
            context,
            TEXT.whichPlan(
              whenUnclear.command,
              resolved.choices.map((c) => c.plan.id),
            ),
          );
        }
        return;
      }
      this.stampReplies(context, resolved.deps);
      await handlers.get(resolved.deps)!(context);
    };
  }

  /** Anything else said: answered in the turn's plan, or the first plan's words where it is not clear. */
  anyPlan(factory: (deps: HandlerDeps) => (context: TurnContext) => Promise<void>) {
    const handlers = new Map(this.all.map((d) => [d, factory(d)]));
    return async (context: TurnContext): Promise<void> => {
      const resolved = await this.implicit(context);
      const deps = 'deps' in resolved ? resolved.deps : this.first;
      this.stampReplies(context, deps);
      await handlers.get(deps)!(context);
    };
  }

  /** A card action: routed by the plan id the card carries (taken out of the data before the handler reads it). */
  action(
    factory: (
      deps: HandlerDeps,
    ) => (context: TurnContext, state: unknown, data: unknown) => Promise<AdaptiveCard | string>,
  ) {
    const handlers = new Map(this.all.map((d) => [d, factory(d)]));
    return async (context: TurnContext, state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
      let rest = data;
      let named: HandlerDeps | undefined;
      if (data && typeof data === 'object' && 'planId' in data) {
        const { planId, ...others } = data as Record<string, unknown>;
        rest = others;
        named = typeof planId === 'string' ? this.registry.byName(planId) : undefined;
      }
      const resolved = named ? { deps: named } : await this.implicit(context);
      if ('choices' in resolved) {
        const target = (rest as { target?: unknown } | undefined)?.target;
        return this.choiceCard(resolved.choices, typeof target === 'string' ? target : '');
      }
      this.stampReplies(context, resolved.deps);
      const answer = await handlers.get(resolved.deps)!(context, state, rest);
      return typeof answer === 'string' || !this.registry.several ? answer : stampPlan(answer, resolved.deps.plan);
    };
  }

  /** A file consent answer: routed by the plan id its context carries. */
  consent(factory: (deps: HandlerDeps) => (context: TurnContext, state: unknown, response: unknown) => Promise<void>) {
    const handlers = new Map(this.all.map((d) => [d, factory(d)]));
    return async (context: TurnContext, state: unknown, response: unknown): Promise<void> => {
      const planId = (response as { context?: { planId?: unknown } } | undefined)?.context?.planId;
      const named = typeof planId === 'string' ? this.registry.byName(planId) : undefined;
      const resolved = named ? { deps: named } : await this.implicit(context);
      const deps = 'deps' in resolved ? resolved.deps : resolved.choices[0]!;
      this.stampReplies(context, deps);
      await handlers.get(deps)!(context, state, response);
    };
  }

  /**
   * Events about the conversation (install, members): handled by each plan the person is part of
   * (each greets them about its own activities), or by the first plan for anyone else.
   */
  everyPlan<A extends unknown[]>(factory: (deps: HandlerDeps) => (context: TurnContext, ...args: A) => Promise<void>) {
    const handlers = new Map(this.all.map((d) => [d, factory(d)]));
    return async (context: TurnContext, ...args: A): Promise<void> => {
      const actor = actorOf(context);
      const mine = actor ? this.registry.forPerson(actor.userId) : [];
      for (const deps of mine.length > 0 ? mine : [this.first]) await handlers.get(deps)!(context, ...args);
    };
  }
}
