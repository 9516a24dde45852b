import { formatSwedishDateTime } from '../../domain/dates';
import type { FixedVersion } from '../../app/ports';

export interface ReportView {
  heading: string;
  intro: string;
  notice: Array<{ text: string }>;
  versionsText: string;
  versions: Array<{ number: number; title: string; value: string }>;
  mayFix: boolean;
  nextVersion: number;
  footer: string;
}

export function reportView(
  versions: FixedVersion[],
  options: { asOf: string; mayFix: boolean; notice?: string; sending?: string },
): ReportView {
  return {
    heading: 'Uppföljningsrapporten',
    intro:
      options.sending ??
      `Utkastet per ${formatSwedishDateTime(options.asOf)} kommer nedan som två filer: rapporten (Word) och alla svar (CSV för Excel). ` +
        'Godkänn varje fil så sparas den i din OneDrive.',
    notice: options.notice ? [{ text: options.notice }] : [],
    versionsText:
      versions.length === 0
        ? 'Ingen version är fastställd ännu.'
        : 'Varje version är låst och tas fram igen byte för byte lika.',
    versions: versions.map((v) => ({
      number: v.version,
      title: `version ${v.version}`,
      value: `fastställd ${formatSwedishDateTime(v.fixedAt)} av ${v.fixedBy.name}; dokumentets SHA-256 ${v.documentSha256}`,
    })),
    mayFix: options.mayFix,
    nextVersion: (versions.at(-1)?.version ?? 0) + 1,
    footer:
      'Fastställ låser rapporten som den ser ut nu, med namn, tidpunkt och SHA-256 för dokumentet och planfilen. Svar som lämnas senare ändrar aldrig en fastställd version.',
  };
}
