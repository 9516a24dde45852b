import type { TurnContext } from 'botbuilder';
import { PAPER_FIELD_RULES, type PaperField } from '../../domain/paper';
import { parsePaper } from '../cardData';
import { renderCard, type AdaptiveCard } from '../cards/render';
import { paperView } from '../cards/paperView';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';
import { maskedInputsOf } from './turnGuards';

const labels = (fields: PaperField[]): string[] => fields.map((f) => PAPER_FIELD_RULES[f].label);

type ShowPaperActionDeps = Pick<HandlerDeps, 'paper'>;
/** "Tjänsteutlåtandet" on the report card: the paper's parts as written, or the drafts, in a form. */
export const showPaperAction =
  (deps: ShowPaperActionDeps) =>
  async (context: TurnContext): Promise<AdaptiveCard | string> => {
    const actor = actorOf(context);
    if (!actor || !deps.paper.mayEdit(actor.userId)) return TEXT.paperRefused;
    return renderCard('paper', paperView(await deps.paper.form()));
  };

type SavePaperActionDeps = Pick<HandlerDeps, 'paper' | 'logger'>;
/** Saving the form: the form again with what was saved, the problems, or what someone else saved meanwhile. */
export const savePaperAction =
  (deps: SavePaperActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const submission = parsePaper(data, maskedInputsOf(context));
    if (!submission) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor) return TEXT.noIdentity;
    const outcome = await deps.paper.save({ actor, ...submission });
    switch (outcome.kind) {
      case 'notAllowed':
        return TEXT.paperRefused;
      case 'invalid':
        return renderCard(
          'paper',
          paperView(await deps.paper.form(), { values: submission.form, problems: outcome.problems }),
        );
      case 'conflict': {
        const state = await deps.paper.form();
        const theirs = outcome.latest;
        const changed = labels(outcome.changed);
        return renderCard(
          'paper',
          paperView(state, {
            values: submission.form,
            notice: TEXT.paperConflict(theirs?.savedBy.name ?? TEXT.unnamed, state.edition, changed),
          }),
        );
      }
      case 'unchanged':
        return renderCard('paper', paperView(await deps.paper.form(), { notice: TEXT.paperUnchanged }));
      case 'saved':
        deps.logger.info(
          { edition: outcome.edition.edition, by: actor.userId, fields: outcome.changed },
          'paper details saved',
        );
        return renderCard(
          'paper',
          paperView(await deps.paper.form(), {
            notice: TEXT.paperSaved(outcome.edition.edition, labels(outcome.changed)),
          }),
        );
    }
  };
