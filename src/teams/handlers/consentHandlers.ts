import type { TurnContext } from 'botbuilder';
import type { HandlerDeps } from './context';
import { extractFileAccept, extractFileDecline } from './registerHandlers';
import { reportFileAccept, reportFileDecline } from './reportHandlers';

/** Which file a consent answer is about: a register extract names itself in its context; the rest are the report's. */
const isExtract = (response: unknown): boolean =>
  (response as { context?: { kind?: unknown } } | undefined)?.context?.kind === 'registerutdrag';

type FileConsentAcceptDeps = Pick<HandlerDeps, 'deployment' | 'logger' | 'registerExtracts' | 'reports'>;
/** Teams routes every accepted file to one handler: the report's files and the register extract's. */
export const fileConsentAccept = (deps: FileConsentAcceptDeps) => {
  const extract = extractFileAccept(deps);
  const report = reportFileAccept(deps);
  return (context: TurnContext, state: unknown, response: unknown): Promise<void> =>
    isExtract(response) ? extract(context, state, response) : report(context, state, response);
};

export const fileConsentDecline = () => {
  const extract = extractFileDecline();
  const report = reportFileDecline();
  return (context: TurnContext, _state: unknown, response: unknown): Promise<void> =>
    isExtract(response) ? extract(context) : report(context);
};
