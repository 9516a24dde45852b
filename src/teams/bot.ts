import { ActivityTypes } from 'botbuilder';
import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { VERBS } from './cardData';
import type { HandlerDeps } from './handlers/context';
import {
  DISPATCH_COMMAND,
  UPDATE_COMMAND,
  confirmDispatchAction,
  correctStatusAction,
  dispatchCommand,
  refreshPromptAction,
  showReceiptAction,
  submitStatusAction,
  updateCommand,
} from './handlers/promptHandlers';
import { ABSENCE_COMMAND, absenceCommand } from './handlers/absenceHandlers';
import { ADMIN_COMMAND, adminChangeAction, adminCommand } from './handlers/adminHandlers';
import {
  HELP_COMMAND,
  STATUS_COMMAND,
  helpCommand,
  naturalMessage,
  showStatusAction,
  statusCommand,
} from './handlers/statusHandlers';
import { beforeTurn, installationUpdate, onTurnError } from './handlers/turnGuards';
import { LINK_COMMAND, SUMMARY_COMMAND, linkCommand, summaryCommand } from './handlers/summaryHandlers';
import { REACH_COMMAND, membersAdded, membersRemoved, reachCommand } from './handlers/rosterHandlers';
import {
  REPORT_COMMAND,
  fileConsentAccept,
  fileConsentDecline,
  fixReportAction,
  reportCommand,
  sendReportAction,
} from './handlers/reportHandlers';
import {
  ASSESSMENT_COMMAND,
  assessmentCommand,
  showAssessmentAction,
  submitAssessmentAction,
} from './handlers/assessmentHandlers';

/**
 * Every route the bot answers, in one place: guards first, commands, card verbs, the catch-all
 * last. Handlers stay thin: read the input, call one use case, render one card.
 */
export function createBot(adapter: TeamsAdapter, handlers: HandlerDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  } as ConstructorParameters<typeof Application<TurnState>>[0]);

  app.turn('beforeTurn', beforeTurn(handlers));
  app.activity(ActivityTypes.InstallationUpdate, installationUpdate(handlers));
  app.conversationUpdate('membersAdded', membersAdded(handlers));
  app.conversationUpdate('membersRemoved', membersRemoved(handlers));

  app.message(STATUS_COMMAND, statusCommand(handlers));
  app.message(HELP_COMMAND, helpCommand(handlers));
  app.message(UPDATE_COMMAND, updateCommand(handlers));
  app.message(DISPATCH_COMMAND, dispatchCommand(handlers));
  app.message(LINK_COMMAND, linkCommand(handlers));
  app.message(SUMMARY_COMMAND, summaryCommand(handlers));
  app.message(REACH_COMMAND, reachCommand(handlers));
  app.message(ASSESSMENT_COMMAND, assessmentCommand(handlers));
  app.message(REPORT_COMMAND, reportCommand(handlers));
  app.message(ABSENCE_COMMAND, absenceCommand(handlers));
  app.message(ADMIN_COMMAND, adminCommand(handlers));

  app.adaptiveCards.actionExecute(VERBS.showStatus, showStatusAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.submitStatus, submitStatusAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.correctStatus, correctStatusAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.refreshPrompt, refreshPromptAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.showReceipt, showReceiptAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.confirmDispatch, confirmDispatchAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.showAssessment, showAssessmentAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.submitAssessment, submitAssessmentAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.fixReport, fixReportAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.sendReport, sendReportAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.adminChange, adminChangeAction(handlers));
  app.fileConsentAccept(fileConsentAccept(handlers));
  app.fileConsentDecline(fileConsentDecline());

  app.activity(ActivityTypes.Message, naturalMessage(handlers));
  app.error(onTurnError(handlers));
  return app;
}
