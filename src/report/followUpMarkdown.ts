import type { FollowUpRecord } from '../app/followUpRecord';
import { formatSwedishDate, formatSwedishDateTime } from '../domain/dates';
import type { Plan } from '../domain/plan';
import { LIGHT, LIGHT_SYMBOL, ROLLUP_LABEL, STATUS_LABEL } from '../domain/status';

// Anything that a Markdown renderer with autolinking (GFM, markdown-it's linkify) would turn into a link.
const LINK_LIKE = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+|[^\s@]+@[^\s@]+\.[^\s@]+/gi;

/** A link-like run as a code span: shown as written, never a link. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * A person's text (or a name) as Markdown that renders as exactly that text: on one line, every
 * ASCII punctuation character escaped (no emphasis, link, image, HTML, heading, list or table
 * break), and link-like runs in code spans so autolinking renderers leave them alone.
 */
export function literal(text: string): string {
  const oneLine = text.replace(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/g, ' ');
  let out = '';
  let at = 0;
  for (const m of oneLine.matchAll(LINK_LIKE)) {
    out += escapePunctuation(oneLine.slice(at, m.index)) + codeSpan(m[0]);
    at = m.index! + m[0].length;
  }
  return out + escapePunctuation(oneLine.slice(at));
}

const escapePunctuation = (text: string): string => text.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);

/** A table cell: a person's text, or – when there is none. */
const cell = (text: string | undefined): string => (text && text.trim() !== '' ? literal(text) : '–');

const state = (s: keyof typeof ROLLUP_LABEL): string => `${LIGHT_SYMBOL[LIGHT[s]]} ${ROLLUP_LABEL[s]}`;

/**
 * The follow-up record as Markdown, to file in the quality management system: the plan as
 * written, where each activity stands, its milestones, and every answer with who and when.
 */
export function followUpMarkdown(plan: Plan, record: FollowUpRecord): string {
  const out: string[] = [];
  out.push(`# Uppföljning: ${plan.title}`, '');
  out.push(`${plan.organisation} · ${plan.area}`, '');
  out.push(
    `Underlag till kvalitetsledningssystemet. ${plan.qualitySystem} ` +
      `Uttaget ${formatSwedishDateTime(record.generatedAt)} ur atgardsplan-bot. Planerad uppföljning: ${plan.followUp.text}.`,
    '',
  );
  out.push('## Översikt', '', '| Rekommendation | Läge | Aktiviteter |', '| --- | --- | --- |');
  for (const r of record.recommendations) {
    const counts = r.activities.map(
      (a) => `${a.progress.activity.id}: ${ROLLUP_LABEL[a.progress.state].toLowerCase()}`,
    );
    out.push(
      `| Rek ${r.progress.recommendation.number}: ${cell(r.progress.recommendation.title)} | ${state(r.progress.state)} | ${counts.join(', ')} |`,
    );
  }
  for (const r of record.recommendations) {
    const rec = r.progress.recommendation;
    out.push('', `## Rek ${rec.number}: ${rec.title}`, '');
    out.push(
      `- **Åtgärd:** ${rec.measure}`,
      `- **Ansvarig:** ${rec.responsible}`,
      `- **Start:** ${rec.start.text}`,
      `- **Slut:** ${rec.end.text}`,
      `- **Läge:** ${state(r.progress.state)}`,
    );
    for (const a of r.activities) {
      const { activity, latest, milestones } = a.progress;
      out.push('', `### ${activity.id} · ${activity.unit}: ${activity.title}`, '');
      out.push(`- **Ansvarig:** ${a.owner}`, `- **Period:** ${activity.start.text} – ${activity.end.text}`);
      out.push(
        `- **Status:** ${state(a.progress.state)}` +
          (latest
            ? ` (senaste svar ${formatSwedishDate(new Date(latest.answeredAt))}, ${literal(latest.answeredBy.name)})`
            : ''),
      );
      for (const i of activity.indicators) {
        const value = latest?.indicators[i.id];
        if (value !== undefined)
          out.push(
            `- **${i.question}:** ${value} ${i.unit}${i.origin === 'förslag' ? ' (indikator föreslagen av verktyget)' : ''}`,
          );
      }
      out.push('', '**Milstolpar**', '');
      for (const m of milestones) {
        const label = { uppnådd: '✅ uppnådd', försenad: '⚠️ försenad', kommande: 'kommande', löpande: 'löpande' }[
          m.state
        ];
        out.push(`- ${m.milestone.title} (${m.milestone.due.text}): ${label}`);
      }
      out.push('', `**Svarshistorik** (${a.history.length} svar, äldst först)`, '');
      if (a.history.length === 0) {
        out.push('Inga svar ännu.');
        continue;
      }
      out.push(
        '| Tidpunkt | Lämnat av | Status | Kommentar | Nästa steg | Underlag |',
        '| --- | --- | --- | --- | --- | --- |',
      );
      for (const h of a.history) {
        out.push(
          `| ${formatSwedishDateTime(h.answeredAt)} | ${cell(h.answeredBy.name)} | ${STATUS_LABEL[h.status]} | ${cell(h.comment)} | ${cell(h.nextStep)} | ${cell(h.evidenceUrl)} |`,
        );
      }
    }
  }
  return `${out.join('\n')}\n`;
}
