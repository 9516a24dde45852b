import type { TurnContext } from 'botbuilder';
import { MessageFactory } from 'botbuilder';
import { z } from 'zod';
import { EXTRACT_FORMATS } from '../../app/registerExtract';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { consentCard, sendFileInfo, upload, uploadAllowed, uploadInfo } from './files';
import { reply } from './reply';

/**
 * What a register extract's consent card carries, to make the file again on accept: whom it is
 * about and the format. Never the extract itself: Teams would hold a copy of personal data.
 */
export const extractConsentContext = z.object({
  kind: z.literal('registerutdrag'),
  person: z.string().min(1).max(200),
  file: z.enum(EXTRACT_FORMATS),
});

const acceptedExtract = z.object({ action: z.literal('accept'), context: extractConsentContext, uploadInfo });

type RegisterCommandDeps = Pick<HandlerDeps, 'deployment' | 'registerExtracts'>;
/**
 * /registerutdrag <namn>: for administrators, what is held about one person, audited; in the 1:1
 * chat the summary and the extract as a Word and a JSON file, offered through file consent.
 */
export const registerCommand = (deps: RegisterCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.registerExtracts.mayExtract(deps.deployment, actor.userId)) {
    return reply(context, TEXT.register.refused);
  }
  // An extract is personal data: never in a channel or group chat, where files cannot come anyway.
  if (context.activity.conversation?.conversationType !== 'personal') return reply(context, TEXT.register.onlyPersonal);
  const query = argumentOf(context);
  if (!query) return reply(context, TEXT.register.usage);
  const found = await deps.registerExtracts.find(deps.deployment, query);
  if (found.length === 0) return reply(context, TEXT.register.none(query));
  if (found.length > 1)
    return reply(
      context,
      TEXT.register.several(
        query,
        found.map((p) => p.name),
      ),
    );
  const person = found[0]!.userId;
  const extract = await deps.registerExtracts.extract(deps.deployment, person, actor);
  await reply(context, TEXT.register.summary(extract));
  for (const format of EXTRACT_FORMATS) {
    const file = await deps.registerExtracts.file(extract, format);
    await context.sendActivity(
      MessageFactory.attachment(
        consentCard(
          { name: file.name, size: file.bytes.length, description: TEXT.register.file[format] },
          { kind: 'registerutdrag', person, file: format },
        ),
      ),
    );
  }
};

type ExtractFileAcceptDeps = Pick<HandlerDeps, 'deployment' | 'logger' | 'registerExtracts'>;
/**
 * The administrator accepted an extract's file: the door again (a card can be forwarded), the
 * extract made again from the card's context, uploaded to the URL Teams gave, shown with a
 * FileInfoCard, and its delivery audited.
 */
export const extractFileAccept =
  (deps: ExtractFileAcceptDeps) =>
  async (context: TurnContext, _state: unknown, response: unknown): Promise<void> => {
    const parsed = acceptedExtract.safeParse(response);
    if (!parsed.success || !uploadAllowed(parsed.data.uploadInfo.uploadUrl)) {
      await reply(context, TEXT.malformedAction);
      return;
    }
    const actor = actorOf(context);
    if (!actor || !deps.registerExtracts.mayExtract(deps.deployment, actor.userId)) {
      await reply(context, TEXT.register.refused);
      return;
    }
    const { context: wanted, uploadInfo: info } = parsed.data;
    const file = await deps.registerExtracts.fileFor(deps.deployment, wanted.person, actor, wanted.file);
    const put = await upload(info.uploadUrl, file.bytes);
    if (!put.ok) {
      deps.logger.warn({ status: put.status, format: file.format }, 'register extract upload failed');
      await reply(context, TEXT.register.uploadFailed);
      return;
    }
    await deps.registerExtracts.delivered(deps.deployment, actor, wanted.person, file);
    deps.logger.info({ format: file.format, sha256: file.sha256, by: actor.userId }, 'register extract uploaded');
    await sendFileInfo(context, info);
  };

/** Declined: said so, and nothing is made, uploaded or stored. */
export const extractFileDecline = () => async (context: TurnContext) => {
  await reply(context, TEXT.register.declined);
};
