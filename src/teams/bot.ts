import { ActivityTypes } from 'botbuilder';
import { argumentOf } from './handlers/context';
import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { VERBS } from './cardData';
import type { PlanRouter } from './planRouting';
import {
  confirmDispatchAction,
  correctStatusAction,
  refreshPromptAction,
  showReceiptAction,
  submitStatusAction,
} from './handlers/promptHandlers';
import { naturalMessage, showStatusAction } from './handlers/statusHandlers';
import { remindLaterAction } from './handlers/reminderHandlers';
import { adminChangeAction } from './handlers/adminHandlers';
import { saveRetentionAction, showRetentionAction } from './handlers/retentionHandlers';
import { beforeTurn, installationUpdate, onTurnError } from './handlers/turnGuards';
import { membersAdded, membersRemoved } from './handlers/rosterHandlers';
import { fileConsentAccept, fileConsentDecline } from './handlers/consentHandlers';
import { fixReportAction, sendReportAction, showReportAction } from './handlers/reportHandlers';
import { savePaperAction, showPaperAction } from './handlers/paperHandlers';
import { showAssessmentAction, submitAssessmentAction } from './handlers/assessmentHandlers';
import { COMMANDS, COMMAND_WORDS, commandPattern } from './commands';

/**
 * Every route the bot answers, in one place: guards first, commands, card verbs, the catch-all
 * last. Handlers stay thin: read the input, call one use case, render one card.
 */
export function createBot(adapter: TeamsAdapter, plans: PlanRouter): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  } as ConstructorParameters<typeof Application<TurnState>>[0]);

  // Guards are the same for every plan; everything else goes to the plan the turn is about.
  const first = plans.first;
  app.turn('beforeTurn', beforeTurn(first));
  app.activity(ActivityTypes.InstallationUpdate, plans.everyPlan(installationUpdate));
  app.conversationUpdate('membersAdded', plans.everyPlan(membersAdded));
  app.conversationUpdate('membersRemoved', plans.everyPlan(membersRemoved));

  // Every command from the one table (teams/commands.ts).
  for (const spec of COMMANDS) {
    const whenUnclear = {
      command: `/${spec.name}`,
      argument: spec.whenPlanUnclear === 'choice' ? argumentOf : undefined,
    };
    app.message(commandPattern(spec), plans.message(spec.handler, whenUnclear));
  }

  app.adaptiveCards.actionExecute(VERBS.showStatus, plans.action(showStatusAction));
  app.adaptiveCards.actionExecute(VERBS.submitStatus, plans.action(submitStatusAction));
  app.adaptiveCards.actionExecute(VERBS.correctStatus, plans.action(correctStatusAction));
  app.adaptiveCards.actionExecute(VERBS.refreshPrompt, plans.action(refreshPromptAction));
  app.adaptiveCards.actionExecute(VERBS.showReceipt, plans.action(showReceiptAction));
  app.adaptiveCards.actionExecute(VERBS.confirmDispatch, plans.action(confirmDispatchAction));
  app.adaptiveCards.actionExecute(VERBS.showAssessment, plans.action(showAssessmentAction));
  app.adaptiveCards.actionExecute(VERBS.submitAssessment, plans.action(submitAssessmentAction));
  app.adaptiveCards.actionExecute(VERBS.fixReport, plans.action(fixReportAction));
  app.adaptiveCards.actionExecute(VERBS.sendReport, plans.action(sendReportAction));
  app.adaptiveCards.actionExecute(VERBS.showReport, plans.action(showReportAction));
  app.adaptiveCards.actionExecute(VERBS.showPaper, plans.action(showPaperAction));
  app.adaptiveCards.actionExecute(VERBS.savePaper, plans.action(savePaperAction));
  app.adaptiveCards.actionExecute(VERBS.adminChange, plans.action(adminChangeAction));
  app.adaptiveCards.actionExecute(VERBS.showRetention, plans.action(showRetentionAction));
  app.adaptiveCards.actionExecute(VERBS.saveRetention, plans.action(saveRetentionAction));
  app.adaptiveCards.actionExecute(VERBS.remindLater, plans.action(remindLaterAction));
  app.fileConsentAccept(plans.consent(fileConsentAccept));
  app.fileConsentDecline(plans.consent(() => fileConsentDecline()));

  app.activity(ActivityTypes.Message, plans.anyPlan(naturalMessage(COMMAND_WORDS)));
  app.error(onTurnError(first));
  return app;
}
