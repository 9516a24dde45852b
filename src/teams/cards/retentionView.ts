import type { AuditEntry } from '../../app/ports';
import { formatSwedishDateTime } from '../../domain/dates';
import {
  describeRule,
  KIND_TITLES,
  RECORD_KINDS,
  RETENTION_EVENTS,
  type Retention,
  type RetentionEvent,
} from '../../domain/retention';

/** The retention card's view model (cards/retention.json). */
export interface RetentionView {
  heading: string;
  message: string;
  /** 'good': a change saved; 'attention': refused or stale (red); 'none': no message. */
  messageKind: 'good' | 'attention' | 'none';
  etag: string;
  /** When the card was made: a save from it after another change says what was changed since. */
  shownAt: string;
  kinds: Array<{
    kind: string;
    title: string;
    current: string;
    proposal: string;
    action: 'bevaras' | 'gallras';
    after: string;
    from: string;
  }>;
  events: Array<{ title: string; value: string }>;
  changes: Array<{ text: string }>;
}

/** The "from" choices, short: the rule in force above them reads the event out in full. */
const EVENT_CHOICES: Record<RetentionEvent, string> = {
  besvarad: 'när posten skapades',
  'planen arkiverad': 'när planen arkiverades',
  'personen borttagen': 'när personen togs bort',
};
const EVENTS = RETENTION_EVENTS.map((e) => ({ title: EVENT_CHOICES[e], value: e }));

export function retentionView(input: {
  rules: Retention;
  proposal: Retention;
  etag: string;
  shownAt: string;
  /** The latest changes of the rules, newest first. */
  changes: AuditEntry[];
  message?: { text: string; kind: 'good' | 'attention' };
}): RetentionView {
  return {
    heading: 'Gallringsregler',
    message: input.message?.text ?? '',
    messageKind: input.message?.kind ?? 'none',
    etag: input.etag,
    shownAt: input.shownAt,
    kinds: RECORD_KINDS.map((kind) => {
      const rule = input.rules[kind];
      return {
        kind,
        title: KIND_TITLES[kind],
        current: `Gäller: ${describeRule(rule)}.`,
        proposal: `Förslag: ${describeRule(input.proposal[kind])}.`,
        action: rule.action,
        after: rule.action === 'gallras' ? rule.after : '',
        from: rule.action === 'gallras' ? rule.from : 'besvarad',
      };
    }),
    events: EVENTS,
    changes: input.changes.length
      ? input.changes.map((c) => ({
          text: `${formatSwedishDateTime(c.at)}, ${c.by.name}: ${c.what}: ${c.before} → ${c.after}`,
        }))
      : [{ text: 'Inga ändringar av reglerna ännu.' }],
  };
}
