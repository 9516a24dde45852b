import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { RetentionChangeResult } from '../../app/retentionRules';
import { RECORD_KINDS, retentionRuleSchema, type RecordKind, type RetentionRule } from '../../domain/retention';
import { renderCard, type AdaptiveCard } from '../cards/render';
import { retentionView } from '../cards/retentionView';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';

/** What "Spara regeln" sends: the kind and the card's version, with every input of the card. */
const saveRetentionData = z
  .object({
    kind: z.enum(RECORD_KINDS),
    etag: z.string().min(1).max(200),
    shownAt: z.string().datetime(),
  })
  .catchall(z.unknown());

type Message = { text: string; kind: 'good' | 'attention' };

type RetentionCardDeps = Pick<HandlerDeps, 'clock' | 'retention'>;
async function retentionCard(deps: RetentionCardDeps, message?: Message): Promise<AdaptiveCard> {
  return renderCard(
    'retention',
    retentionView({
      rules: deps.retention.rules,
      proposal: deps.retention.proposal,
      etag: deps.retention.etag,
      shownAt: deps.clock.now().toISOString(),
      changes: await deps.retention.recentChanges(),
      message,
    }),
  );
}

/**
 * The rule the card's inputs for one kind make, read with the domain's own schema: a Swedish
 * message for what is missing or wrong. The duration is read in capitals (p2y is P2Y).
 */
export function ruleFrom(kind: RecordKind, inputs: Record<string, unknown>): RetentionRule | { problem: string } {
  const action = inputs[`action_${kind}`];
  if (action === 'bevaras') return { action: 'bevaras' };
  if (action !== 'gallras') return { problem: TEXT.retention.problem.action };
  const after = inputs[`after_${kind}`];
  const parsed = retentionRuleSchema.safeParse({
    action,
    after: typeof after === 'string' ? after.trim().toUpperCase() : after,
    from: inputs[`from_${kind}`],
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.path[0] === 'from') return { problem: TEXT.retention.problem.from };
  return { problem: TEXT.retention.problem.after(issue.path[0] === 'after' ? issue.message : 'saknas') };
}

function messageOf(result: RetentionChangeResult): Message {
  switch (result.outcome) {
    case 'saved':
      return { text: TEXT.retention.saved(result.entry.what, result.entry.before, result.entry.after), kind: 'good' };
    case 'unchanged':
      return { text: TEXT.retention.unchanged, kind: 'good' };
    case 'refused':
      return { text: TEXT.retention.refusedChange(result.problems), kind: 'attention' };
    case 'stale':
      return {
        text: TEXT.retention.stale(result.meanwhile.map((e) => ({ ...e, by: e.by.name }))),
        kind: 'attention',
      };
    case 'notAllowed':
      return { text: TEXT.retention.refused, kind: 'attention' };
  }
}

type ShowRetentionActionDeps = Pick<HandlerDeps, 'clock' | 'retention'>;
/** "Gallringsregler" on the /admin card: each kind of record with its rule and the proposal. */
export const showRetentionAction =
  (deps: ShowRetentionActionDeps) =>
  async (context: TurnContext): Promise<AdaptiveCard | string> => {
    const actor = actorOf(context);
    if (!actor || !deps.retention.mayRead(actor.userId)) return TEXT.retention.refused;
    return retentionCard(deps);
  };

type SaveRetentionActionDeps = Pick<HandlerDeps, 'clock' | 'logger' | 'retention'>;
/** "Spara regeln": one kind's rule, checked here and by the deployment's rules, then the card again. */
export const saveRetentionAction =
  (deps: SaveRetentionActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = saveRetentionData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor || !deps.retention.mayChange(actor.userId)) return TEXT.retention.refused;
    const { kind, etag, shownAt } = parsed.data;
    const rule = ruleFrom(kind, parsed.data);
    if ('problem' in rule) {
      return retentionCard(deps, { text: TEXT.nothingChanged(rule.problem), kind: 'attention' });
    }
    const result = await deps.retention.change(actor, kind, rule, etag, shownAt);
    deps.logger.info({ by: actor.userId, kind, outcome: result.outcome }, 'retention rule');
    return retentionCard(deps, messageOf(result));
  };
