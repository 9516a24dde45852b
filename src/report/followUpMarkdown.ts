import type { FollowUpRecord } from '../app/followUpRecord';
import { formatSwedishDate, formatSwedishDateTime } from '../domain/dates';
import { dateText, reachedPerPlan, type Plan } from '../domain/plan';
import { LIGHT, LIGHT_SYMBOL, ROLLUP_LABEL, STATUS_LABEL } from '../domain/status';

/** A table cell: one line, no pipes. */
const cell = (text: string | undefined): string => (text ?? '–').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|') || '–';

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
            ? ` (senaste svar ${formatSwedishDate(new Date(latest.answeredAt))}, ${latest.answeredBy.name})`
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
        const perPlan = reachedPerPlan(m.milestone);
        out.push(`- ${m.milestone.title} (${dateText(m.milestone.due)}): ${label}${perPlan ? ` ${perPlan}` : ''}`);
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
