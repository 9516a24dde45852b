import { stringify } from 'csv-stringify/sync';
import type { FollowUpReport } from '../app/followUpReport';
import { formatSwedishDateTime } from '../domain/dates';
import { withoutControlCharacters } from '../domain/text';
import { STATUS_LABEL } from '../domain/status';
import { markingText } from './reportText';

const HEADER = [
  'Tidpunkt',
  'Rekommendation',
  'Aktivitet',
  'Enhet',
  'Lämnat av',
  'Status',
  'Kommentar',
  'Nästa steg',
  'Uppnådda milstolpar',
  'Indikatorer',
  'Underlag',
  'Markering',
  'Svarets id',
  'Rättar svar',
];

/** Excel runs a cell that starts with = + - or @ as a formula; a leading apostrophe keeps it text. */
const safe = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * Every answer as Swedish Excel opens it: UTF-8 with a byte-order mark (so å, ä and ö survive),
 * semicolons between fields (the comma is the Swedish decimal sign), CRLF between rows.
 */
export function answersCsv(report: FollowUpReport): string {
  const rows = report.answers.map((m) => {
    const a = m.answer;
    const indicators = m.activity.indicators
      .filter((i) => a.indicators[i.id] !== undefined)
      .map((i) => `${i.question}: ${String(a.indicators[i.id]).replace('.', ',')} ${i.unit}`);
    const milestones = m.activity.milestones.filter((x) => a.milestonesReached.includes(x.id)).map((x) => x.title);
    return [
      formatSwedishDateTime(a.answeredAt),
      m.activity.recommendationId.replace('rek', 'Rek '),
      m.activity.id,
      m.activity.unit,
      a.answeredBy.name,
      STATUS_LABEL[a.status],
      a.comment ?? '',
      a.nextStep ?? '',
      milestones.join('; '),
      indicators.join('; '),
      a.evidenceUrl ?? '',
      markingText(m),
      a.id,
      a.corrects ?? '',
    ].map(safe);
  });
  // A line break alone inside a field must be quoted too: csv-stringify quotes only its record delimiter (CRLF).
  return withoutControlCharacters(
    stringify([HEADER, ...rows], {
      delimiter: ';',
      bom: true,
      record_delimiter: 'windows',
      quoted_match: /[\r\n]/,
    }),
  );
}
