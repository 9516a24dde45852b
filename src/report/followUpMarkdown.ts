import type { FollowUpReport } from '../app/followUpReport';
import { VERDICT_LABEL } from '../domain/assessment';
import { formatSwedishDateTime } from '../domain/dates';
import { withoutControlCharacters } from '../domain/text';
import { LIGHT, LIGHT_SYMBOL, ROLLUP_LABEL, STATUS_LABEL } from '../domain/status';
import { milestoneDateText } from '../domain/revisions';
import { standingText } from '../domain/standing';
import { checkInText, closureText } from '../domain/lifecycle';
import { endTitle } from '../domain/plan';
import { markingText, milestoneStateText, periodText, reachedText, reportHeading, trendText } from './reportText';

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

/** The follow-up report as Markdown: the same content as the Word document. */
export function followUpMarkdown(report: FollowUpReport): string {
  const head = reportHeading(report);
  const out: string[] = [`# ${head.title}`, ''];
  for (const [label, text] of head.facts) out.push(`- **${label}:** ${text}`);
  out.push('', '## Sammanfattning', '', '| Rekommendation | Läge | Bedömning |', '| --- | --- | --- |');
  for (const r of report.recommendations) {
    const rec = r.progress.recommendation;
    out.push(
      `| Rek ${rec.number}: ${cell(rec.title)} | ${state(r.progress.state)} | ${r.assessment ? VERDICT_LABEL[r.assessment.verdict] : 'Ej bedömd'} |`,
    );
  }
  for (const r of report.recommendations) {
    const rec = r.progress.recommendation;
    out.push('', `## Rek ${rec.number}: ${rec.title}`, '');
    out.push(
      `- **Åtgärd:** ${rec.measure}`,
      `- **Ansvarig:** ${rec.responsible}`,
      `- **Start:** ${rec.start.text}`,
      `- **${endTitle(rec.end)}:** ${rec.end.text}`,
      `- **Läge:** ${state(r.progress.state)}`,
      ...(rec.closure ? [`- **Avslutad:** ${literal(closureText(rec.closure))}`] : []),
      '',
      '### Bedömning och analys',
      '',
    );
    if (r.assessment) {
      const a = r.assessment;
      out.push(
        `- **Bedömning:** ${VERDICT_LABEL[a.verdict]} (${formatSwedishDateTime(a.assessedAt)}, ${literal(a.assessedBy.name)})`,
        `- **Analys:** ${cell(a.analysis)}`,
        `- **Effekter hittills:** ${cell(a.effects)}`,
      );
      for (const e of r.earlierAssessments) {
        out.push(
          `- Tidigare bedömning ${formatSwedishDateTime(e.assessedAt)} (${literal(e.assessedBy.name)}): ${VERDICT_LABEL[e.verdict]}. ${cell(e.analysis)}`,
        );
      }
    } else {
      out.push('Ledningsgruppen har inte bedömt rekommendationen ännu.');
    }
    for (const a of r.activities) {
      const { activity, latest } = a.progress;
      out.push('', `### ${activity.id} · ${activity.unit}: ${activity.title}`, '');
      out.push(`- **Ansvarig:** ${literal(a.owner)}`, `- **Period:** ${periodText(activity)}`);
      out.push(`- **Status:** ${state(a.progress.state)}`, `- **Underlag:** ${standingText(a.progress.standing)}`);
      if (a.progress.closure) out.push(`- **Avslutad:** ${literal(closureText(a.progress.closure))}`);
      if (activity.checkIns)
        out.push(`- **Avstämningar:** ${literal(checkInText(activity.checkIns, a.progress.today))}`);
      if (latest) {
        out.push(
          `- **Senaste kommentar:** ${cell(latest.comment)} (${formatSwedishDateTime(latest.answeredAt)}, ${literal(latest.answeredBy.name)})`,
        );
      }
      for (const t of a.trends) {
        const origin = t.indicator.origin === 'förslag' ? ' (indikator föreslagen av verktyget)' : '';
        out.push(`- **${t.indicator.question}${origin}:** ${trendText(t)}`);
      }
      out.push('', '| Milstolpe | Tid | Läge | Uppnådd när och av vem |', '| --- | --- | --- | --- |');
      for (const m of a.milestones) {
        out.push(
          `| ${cell(m.view.milestone.title)} | ${cell(milestoneDateText(m.view.milestone))} | ${milestoneStateText(m.view.state)} | ${cell(reachedText(m))} |`,
        );
      }
    }
  }
  out.push('', '## Om uppgifterna', '', ...head.notes.flatMap((n) => [n, '']));
  out.push('### Så sätts läget', '', ...report.standingRules.flatMap((n) => [n, '']));
  out.push(`## Bilaga: alla svar (${report.answers.length}, äldst först)`, '');
  if (report.answers.length === 0) out.push('Inga svar under perioden.');
  else {
    out.push(
      '| Tidpunkt | Aktivitet | Lämnat av | Status | Kommentar | Nästa steg | Underlag | Markering |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const m of report.answers) {
      const a = m.answer;
      out.push(
        `| ${formatSwedishDateTime(a.answeredAt)} | ${m.activity.id} | ${cell(a.answeredBy.name)} | ${STATUS_LABEL[a.status]} | ${cell(a.comment)} | ${cell(a.nextStep)} | ${cell(a.evidenceUrl)} | ${cell(markingText(m) || undefined)} |`,
      );
    }
  }
  out.push('', `## Bilaga: ändringar i hur uppföljningen drivs (${report.changes.length}, äldst först)`, '');
  if (report.changes.length === 0) out.push('Inga ändringar under perioden.');
  else {
    out.push('| Tidpunkt | Ändrat av | Vad | Före | Efter |', '| --- | --- | --- | --- | --- |');
    for (const c of report.changes) {
      out.push(
        `| ${formatSwedishDateTime(c.at)} | ${cell(c.by.name)} | ${cell(c.what)} | ${cell(c.before)} | ${cell(c.after)} |`,
      );
    }
  }
  return withoutControlCharacters(`${out.join('\n')}\n`);
}
