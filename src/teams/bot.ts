import { ActivityTypes, type TurnContext } from 'botbuilder';
import { argumentOf } from './handlers/context';
import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { VERBS } from './cardData';
import type { PlanRouter } from './planRouting';
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
import {
  HELP_COMMAND,
  STATUS_COMMAND,
  helpCommand,
  naturalMessage,
  showStatusAction,
  statusCommand,
} from './handlers/statusHandlers';
import { ABSENCE_COMMAND, absenceCommand } from './handlers/absenceHandlers';
import { REVISION_COMMAND, revisionCommand } from './handlers/revisionHandlers';
import {
  ARCHIVE_COMMAND,
  archiveCommand,
  CHECK_IN_COMMAND,
  checkInCommand,
  CLOSE_COMMAND,
  closeCommand,
} from './handlers/lifecycleHandlers';
import { remindLaterAction } from './handlers/reminderHandlers';
import { ADMIN_COMMAND, adminChangeAction, adminCommand } from './handlers/adminHandlers';
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

  const statusArgument = (context: TurnContext) => argumentOf(context, STATUS_COMMAND);
  app.message(STATUS_COMMAND, plans.message(statusCommand, { command: '/status', argument: statusArgument }));
  app.message(HELP_COMMAND, plans.message(helpCommand, { command: '/hjälp' }));
  app.message(UPDATE_COMMAND, plans.message(updateCommand, { command: '/uppdatera' }));
  app.message(DISPATCH_COMMAND, plans.message(dispatchCommand, { command: '/utskick' }));
  app.message(LINK_COMMAND, plans.message(linkCommand, { command: '/koppla' }));
  app.message(SUMMARY_COMMAND, plans.message(summaryCommand, { command: '/sammanfattning' }));
  app.message(REACH_COMMAND, plans.message(reachCommand, { command: '/nåbarhet' }));
  app.message(ASSESSMENT_COMMAND, plans.message(assessmentCommand, { command: '/bedömning' }));
  app.message(REPORT_COMMAND, plans.message(reportCommand, { command: '/rapport' }));
  app.message(ABSENCE_COMMAND, plans.message(absenceCommand, { command: '/frånvaro' }));
  app.message(ADMIN_COMMAND, plans.message(adminCommand, { command: '/admin' }));
  app.message(REVISION_COMMAND, plans.message(revisionCommand, { command: '/revidera' }));
  app.message(CLOSE_COMMAND, plans.message(closeCommand, { command: '/avsluta' }));
  app.message(CHECK_IN_COMMAND, plans.message(checkInCommand, { command: '/avstämning' }));
  app.message(ARCHIVE_COMMAND, plans.message(archiveCommand, { command: '/arkivera' }));

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
  app.adaptiveCards.actionExecute(VERBS.adminChange, plans.action(adminChangeAction));
  app.adaptiveCards.actionExecute(VERBS.remindLater, plans.action(remindLaterAction));
  app.fileConsentAccept(plans.consent(fileConsentAccept));
  app.fileConsentDecline(fileConsentDecline());

  app.activity(ActivityTypes.Message, plans.anyPlan(naturalMessage));
  app.error(onTurnError(first));
  return app;
}
