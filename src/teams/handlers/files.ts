import type { Attachment, TurnContext } from 'botbuilder';
import { MessageFactory } from 'botbuilder';
import { z } from 'zod';

/**
 * Teams' file-consent flow (Microsoft's "Send and receive files using bots"): in a 1:1 chat the bot
 * offers a file with a FileConsentCard; when the person accepts, Teams sends a fileConsent/invoke
 * with an upload URL in their OneDrive, the bot PUTs the file there and shows it with a
 * FileInfoCard. Channels and group chats take no files from a bot this way.
 */
export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/** The card that asks before a file is put in the person's OneDrive; the context comes back on accept or decline. */
export function consentCard(file: { name: string; size: number; description: string }, context: object): Attachment {
  return {
    contentType: FILE_CONSENT_CARD,
    name: file.name,
    content: {
      description: file.description,
      sizeInBytes: file.size,
      acceptContext: context,
      declineContext: context,
    },
  };
}

/** Where Teams says to upload, and what to call the file afterwards. */
export const uploadInfo = z.object({
  uploadUrl: z.string().url(),
  contentUrl: z.string().min(1),
  name: z.string().min(1),
  uniqueId: z.string().min(1),
  fileType: z.string().min(1),
});
export type UploadInfo = z.infer<typeof uploadInfo>;

/** OneDrive's upload session is https; plain http only to this machine (the local connector stand-in). */
export function uploadAllowed(url: string): boolean {
  const u = new URL(url);
  return (
    u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname))
  );
}

/** The whole file in one PUT, as the upload session takes a file of this size. */
export async function upload(url: string, bytes: Uint8Array): Promise<{ ok: boolean; status: number }> {
  const size = bytes.length;
  return fetch(url, {
    method: 'PUT',
    headers: { 'Content-Length': String(size), 'Content-Range': `bytes 0-${size - 1}/${size}` },
    body: bytes,
  }).catch(() => ({ ok: false, status: 0 }));
}

/** The uploaded file, shown in the chat as Teams shows a file. */
export function sendFileInfo(context: TurnContext, info: UploadInfo) {
  return context.sendActivity(
    MessageFactory.attachment({
      contentType: FILE_INFO_CARD,
      contentUrl: info.contentUrl,
      name: info.name,
      content: { uniqueId: info.uniqueId, fileType: info.fileType },
    }),
  );
}
