import { formatSwedishDateTime } from '../../domain/dates';
import type { FixedVersion } from '../../app/ports';

export interface ReportView {
  heading: string;
  intro: string;
  notice: Array<{ text: string }>;
  /** The question before fixing, naming what is locked; empty unless it is being asked. */
  confirm: Array<{ text: string; missing: string }>;
  confirming: boolean;
  versionsText: string;
  versions: Array<{ number: number; title: string; value: string }>;
  /** Each version's full SHA-256 sums, a click away from the short ones in the list. */
  sums: Array<{ text: string }>;
  mayFix: boolean;
  /** Fastställ is offered: not on the card that has just fixed a version, where it would ask for the next at once. */
  offerFix: boolean;
  nextVersion: number;
  footer: string;
}

const short = (sha: string): string => `${sha.slice(0, 12)}…`;

/**
 * The report card: the draft's files, the fixed versions (newest counts; none is ever replaced),
 * and for administrators the way to the paper's parts and to fixing, which asks first.
 */
export function reportView(
  versions: FixedVersion[],
  options: {
    asOf: string;
    mayFix: boolean;
    notice?: string;
    sending?: string;
    /** Asking before fixing the next version: the parts of the paper nobody has written yet. */
    confirming?: { missing: string[] };
    /** The card answers the fixing itself. */
    justFixed?: boolean;
  },
): ReportView {
  const next = (versions.at(-1)?.version ?? 0) + 1;
  const current = versions.at(-1)?.version;
  const confirming = options.confirming !== undefined && options.mayFix;
  return {
    heading: 'Uppföljningsrapporten',
    intro:
      options.sending ??
      `Utkastet per ${formatSwedishDateTime(options.asOf)} kommer nedan som tre filer: tjänsteutlåtandet som Word och som PDF/A, och alla svar som CSV för Excel. ` +
        'Godkänn varje fil så sparas den i din OneDrive.',
    notice: options.notice ? [{ text: options.notice }] : [],
    confirm: confirming
      ? [
          {
            text:
              `Fastställa version ${next}? Tjänsteutlåtandet med bilagan, PDF/A-filen och svarsfilen låses som de ser ut nu, med ditt namn och tidpunkten. ` +
              'Det går inte att ångra: svar och ändringar som kommer senare hamnar i en ny version, som ersätter den här som gällande men aldrig skriver över den.',
            missing:
              options.confirming!.missing.length > 0
                ? `Inte ifyllt i tjänsteutlåtandet: ${options.confirming!.missing.join(', ').toLowerCase()}. Där står ”Anges före fastställandet”.`
                : 'Tjänsteutlåtandets uppgifter är ifyllda.',
          },
        ]
      : [],
    confirming,
    versionsText:
      versions.length === 0
        ? 'Ingen version är fastställd ännu.'
        : 'Varje version är låst och tas fram igen byte för byte lika. Den senaste gäller; de tidigare finns kvar.',
    versions: [...versions].reverse().map((v) => ({
      number: v.version,
      title: v.version === current ? `Version ${v.version} (gällande)` : `Version ${v.version}`,
      value:
        `fastställd ${formatSwedishDateTime(v.fixedAt)} av ${v.fixedBy.name}` +
        (v.version === current ? '' : `, ersatt av version ${v.version + 1}`) +
        ` · SHA-256 ${short(v.documentSha256)}`,
    })),
    sums: [...versions].reverse().map((v) => ({
      text:
        `Version ${v.version}: Word ${v.documentSha256}` +
        (v.pdfSha256 ? `, PDF/A ${v.pdfSha256}` : '') +
        `, planfilen ${v.planSha256}`,
    })),
    mayFix: options.mayFix,
    offerFix: options.mayFix && !confirming && !options.justFixed,
    nextVersion: next,
    footer:
      'Fastställ låser rapporten som den ser ut nu, med namn, tidpunkt och SHA-256 för dokumenten och planfilen. Svar som lämnas senare ändrar aldrig en fastställd version.',
  };
}
