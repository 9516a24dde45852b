import type { Attachment, TurnContext } from 'botbuilder';
import { MessageFactory } from 'botbuilder';
import { z } from 'zod';
import { missingParts } from '../../domain/paper';
import { fixReportData } from '../cardData';
import type { ReportFile } from '../../app/reportVersions';
import { cardAttachment, renderCard, type AdaptiveCard } from '../cards/render';
import { reportView } from '../cards/reportView';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';
import { consentCard, sendFileInfo, upload, uploadAllowed, uploadInfo } from './files';
import { reply } from './reply';

/** What a consent card asks to send; it comes back on accept, and the file is made again from it. */
const consentContext = z.object({
  file: z.enum(['docx', 'pdf', 'csv']),
  /** A fixed version, or the draft as of `asOf`. */
  version: z.number().int().positive().optional(),
  asOf: z.string().datetime().optional(),
});
type ConsentContext = z.infer<typeof consentContext>;

const FILE_DESCRIPTION: Record<ConsentContext['file'], string> = TEXT.reportFile;
const FILES = ['docx', 'pdf', 'csv'] as const satisfies ReadonlyArray<ConsentContext['file']>;

/** The FileConsentCard Teams shows in 1:1 chat before a bot may put a file in the user's OneDrive. */
function reportConsentCard(file: ReportFile, context: ConsentContext): Attachment {
  return consentCard(
    { name: file.name, size: file.bytes.length, description: FILE_DESCRIPTION[context.file] },
    context,
  );
}

/** Teams' answer when the user accepts: where to upload, and what to call the file afterwards. */
const acceptedConsent = z.object({ action: z.literal('accept'), context: consentContext, uploadInfo });

type DraftMessagesDeps = Pick<HandlerDeps, 'clock' | 'reports'>;
async function draftMessages(deps: DraftMessagesDeps, userId: string, notice?: string): Promise<Attachment[]> {
  const asOf = deps.clock.now().toISOString();
  const [versions, draft] = await Promise.all([deps.reports.versions(), deps.reports.draft(asOf)]);
  return [
    cardAttachment(renderCard('report', reportView(versions, { asOf, mayFix: deps.reports.mayFix(userId), notice }))),
    ...FILES.map((file) => reportConsentCard(draft[file], { file, asOf })),
  ];
}

type ReportCommandDeps = Pick<HandlerDeps, 'book' | 'clock' | 'logger' | 'notifier' | 'reports'>;
/** /rapport: in personal chat the report card and the files; elsewhere they go to personal chat. */
export const reportCommand = (deps: ReportCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.reports.mayRead(actor.userId)) return reply(context, TEXT.reportRefused);
  const messages = await draftMessages(deps, actor.userId);
  if (context.activity.conversation?.conversationType === 'personal') {
    for (const m of messages) await context.sendActivity(MessageFactory.attachment(m));
    return;
  }
  // Teams lets a bot send files only in 1:1 chat (the file-consent flow).
  const personal = await deps.book.personal(actor.userId);
  if (!personal) return reply(context, TEXT.reportNoPersonalChat);
  await reply(context, TEXT.reportInPersonalChat(actor.name));
  const outcome = await deps.notifier.sendAttachments(personal, messages);
  if (outcome.outcome !== 'sent') deps.logger.warn({ by: actor.userId, outcome }, 'report to personal chat failed');
};

const versionData = z.object({ version: z.coerce.number().int().positive() });

type ReportCardDeps = Pick<HandlerDeps, 'reports' | 'clock'>;
/** The report card as it stands, for whoever may read it. */
async function reportCard(
  deps: ReportCardDeps,
  userId: string,
  options: Omit<Parameters<typeof reportView>[1], 'asOf' | 'mayFix'> = {},
): Promise<AdaptiveCard> {
  return renderCard(
    'report',
    reportView(await deps.reports.versions(), {
      asOf: deps.clock.now().toISOString(),
      mayFix: deps.reports.mayFix(userId),
      ...options,
    }),
  );
}

type FixReportActionDeps = Pick<HandlerDeps, 'clock' | 'logger' | 'paper' | 'reports'>;
/**
 * "Fastställ version N": first the question, naming what is locked and that it cannot be undone;
 * its "Ja" fixes the report as it is then, and the files follow.
 */
export const fixReportAction =
  (deps: FixReportActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = fixReportData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor || !deps.reports.mayFix(actor.userId)) return TEXT.fixRefused;
    const versions = await deps.reports.versions();
    // The card was made when version N was next; if someone fixed it since, nothing new is fixed.
    const existing = versions.find((v) => v.version === parsed.data.version);
    if (existing) {
      return reportCard(deps, actor.userId, {
        notice: TEXT.reportAlreadyFixed(existing.version, existing.fixedBy.name),
      });
    }
    if (!parsed.data.confirmed) {
      const latest = await deps.paper.latest();
      return reportCard(deps, actor.userId, { confirming: { missing: missingParts(latest?.details ?? {}) } });
    }
    const fixed = await deps.reports.fix(actor);
    const version = fixed.version;
    deps.logger.info({ version: version.version, by: actor.userId, sha256: version.documentSha256 }, 'report fixed');
    for (const file of FILES) {
      await context.sendActivity(
        MessageFactory.attachment(reportConsentCard(fixed[file], { file, version: version.version })),
      );
    }
    return reportCard(deps, actor.userId, {
      notice: TEXT.reportFixed(version.version, actor.name),
      sending: TEXT.reportVersionSending(version.version),
      justFixed: true,
    });
  };

type ShowReportActionDeps = Pick<HandlerDeps, 'reports' | 'clock'>;
/** "Avbryt" and "Tillbaka till rapporten": the report card again, nothing fixed. */
export const showReportAction =
  (deps: ShowReportActionDeps) =>
  async (context: TurnContext): Promise<AdaptiveCard | string> => {
    const actor = actorOf(context);
    if (!actor || !deps.reports.mayRead(actor.userId)) return TEXT.reportRefused;
    return reportCard(deps, actor.userId);
  };

type SendReportActionDeps = Pick<HandlerDeps, 'clock' | 'reports'>;
/** "Hämta version N": that fixed version's files again, byte for byte as when it was fixed. */
export const sendReportAction =
  (deps: SendReportActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = versionData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor || !deps.reports.mayRead(actor.userId)) return TEXT.reportRefused;
    const rendered = await deps.reports.version(parsed.data.version);
    if (!rendered) return TEXT.malformedAction;
    const n = rendered.version.version;
    for (const file of FILES) {
      await context.sendActivity(MessageFactory.attachment(reportConsentCard(rendered[file], { file, version: n })));
    }
    return reportCard(deps, actor.userId, { sending: TEXT.reportVersionSending(n) });
  };

type FileConsentAcceptDeps = Pick<HandlerDeps, 'logger' | 'reports'>;
/**
 * The user accepted a file: it is made again from the card's context (a fixed version, or the
 * draft as of when it was offered, so the same bytes as announced), uploaded to the URL Teams
 * gave, and shown with a FileInfoCard.
 */
export const reportFileAccept =
  (deps: FileConsentAcceptDeps) =>
  async (context: TurnContext, _state: unknown, response: unknown): Promise<void> => {
    const parsed = acceptedConsent.safeParse(response);
    const actor = actorOf(context);
    if (!parsed.success || !uploadAllowed(parsed.data.uploadInfo.uploadUrl)) {
      await reply(context, TEXT.malformedAction);
      return;
    }
    if (!actor || !deps.reports.mayRead(actor.userId)) {
      await reply(context, TEXT.reportRefused);
      return;
    }
    const { context: wanted, uploadInfo } = parsed.data;
    const rendered = wanted.version
      ? await deps.reports.version(wanted.version)
      : await deps.reports.draft(wanted.asOf);
    if (!rendered) {
      await reply(context, TEXT.malformedAction);
      return;
    }
    const file = rendered[wanted.file];
    const put = await upload(uploadInfo.uploadUrl, file.bytes);
    if (!put.ok) {
      deps.logger.warn({ status: put.status, file: file.name }, 'report upload failed');
      await reply(context, TEXT.reportUploadFailed);
      return;
    }
    deps.logger.info({ file: file.name, sha256: file.sha256, by: actor.userId }, 'report uploaded');
    await sendFileInfo(context, uploadInfo);
  };

export const reportFileDecline = () => async (context: TurnContext) => {
  await reply(context, TEXT.reportDeclined);
};
