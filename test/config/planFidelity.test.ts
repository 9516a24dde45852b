import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlan } from '../../src/config/planFile';
import { milestoneState, overdueMilestones } from '../../src/domain/milestones';
import { allActivities, dateText, findActivity } from '../../src/domain/plan';
import { weeklySummary } from '../../src/domain/summary';

const plan = loadPlan('plans/hagersten-alvsjo-familjehem.json');
/** The seed: the steering repo's shared/ folder, beside every clone (CI's too), is read, never copied. */
const SEED = join(__dirname, '..', '..', '..', 'shared', 'seeds', '002_52b0ae24e4738a34.txt');
/** The plan document the file is read from, with line breaks and hyphenation spaces folded. */
const seed = readFileSync(SEED, 'utf8').replace(/\s+/g, ' ');
const fold = (s: string): string => s.replace(/\s+/g, ' ');
const milestones = allActivities(plan).flatMap((a) => a.milestones.map((m) => ({ activity: a, m })));

/** Every day from the plan's start to two years after the follow-up. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

describe('the plan, read against the plan document', () => {
  it('quotes the document word for word wherever it names its source', () => {
    const quotes = milestones.flatMap(({ m }) => [m.source, m.reached?.source].filter((q): q is string => !!q));
    expect(quotes.length).toBeGreaterThan(8);
    for (const q of quotes) expect({ quote: q, found: seed.includes(fold(q)) }).toEqual({ quote: q, found: true });
  });

  it('records every sentence in which the document reports something as done as a reached milestone', () => {
    // The document's past tense: what had happened when it was written.
    const done = seed
      .split(/(?<=\.)\s+/)
      .filter((s) => /\b(anställde|påbörjades|har (nyligen )?påbörjat|har under år \d{4} arbetat)\b/.test(s));
    expect(done.length).toBe(4);
    const reachedSources = milestones.flatMap(({ m }) => (m.reached ? [fold(m.reached.source)] : []));
    for (const sentence of done) {
      expect({ sentence, covered: reachedSources.some((q) => sentence.includes(q)) }).toEqual({
        sentence,
        covered: true,
      });
    }
  });

  it('never flags a milestone the document reports as done as overdue, on any day until 2028', () => {
    const reachedPerPlan = milestones.filter(({ m }) => m.reached);
    expect(reachedPerPlan.map(({ m }) => m.id).sort()).toEqual(['1a-m1', '1a-m5', '3a-m4', '3b-m1']);
    for (const today of days('2025-01-01', '2028-12-31')) {
      for (const { m } of reachedPerPlan) expect(milestoneState(m, new Set(), today).state).toBe('uppnådd');
    }
  });

  it('with no answers at all, the December 2026 summary lists nothing the document reports as done among the overdue', () => {
    const summary = weeklySummary({ plan, states: [], today: '2026-12-07', owners: [], unreachable: [] });
    const overdue = summary.overdue.map((o) => o.view.milestone.id);
    expect(overdue.length).toBeGreaterThan(0);
    for (const id of ['1a-m1', '1a-m5', '3a-m4', '3b-m1']) expect(overdue).not.toContain(id);
    const a3b = findActivity(plan, '3b')!;
    expect(overdueMilestones(a3b, new Set(), '2026-12-07').map((v) => v.milestone.id)).not.toContain('3b-m1');
  });

  it("keeps the document's own words where a paraphrase would change their meaning", () => {
    const rek1 = plan.recommendations[0]!;
    expect(rek1.start.text).toContain('påbörjades vårterminen 2025');
    expect(rek1.start.text).toContain('förväntas påbörjas vårterminen 2026');
    expect(findActivity(plan, '1a')!.start.text).toBe('påbörjades vårterminen 2025');
    expect(findActivity(plan, '1b')!.start.text).toBe('förväntas påbörjas vårterminen 2026');
    const a3b = findActivity(plan, '3b')!;
    expect(a3b.description).toContain('har under år 2025 arbetat med att tydliggöra');
    expect(JSON.stringify(plan)).not.toMatch(/har (under \S+ )?\S* ?tydliggjort|tydliggjord\b/);
    for (const id of ['3a', '3b']) expect(findActivity(plan, id)!.end.text).toContain('vid avstämningar');
    expect(plan.recommendations[2]!.end.text).toContain('vid avstämningar');
  });

  it('marks due dates the document does not give as the tool’s reading', () => {
    const m3 = findActivity(plan, '2a')!.milestones.find((m) => m.id === '2a-m3')!;
    expect(dateText(m3.due)).toBe('efter att rutinen är färdig (våren 2026), verktygets tolkning');
    const m4 = findActivity(plan, '2a')!.milestones.find((m) => m.id === '2a-m4')!;
    expect(m4.due).toMatchObject({ from: '2025-12-01', to: '2026-01-31', reading: 'verktyget' });
    // Any text the document does not contain must be marked.
    for (const { m } of milestones) {
      if (!seed.toLowerCase().includes(m.due.text.toLowerCase()) && !['pågående', 'löpande'].includes(m.due.text)) {
        expect({ id: m.id, text: m.due.text, reading: m.due.reading }).toEqual({
          id: m.id,
          text: m.due.text,
          reading: 'verktyget',
        });
      }
    }
  });

  it('holds what the document says and the earlier plan left out', () => {
    const text = (id: string): string => JSON.stringify(findActivity(plan, id));
    expect(text('1a')).toContain('förbättrat och förtydligat överlämnande till familjehemsenheten');
    expect(text('1b')).toContain('verksamhetsutvecklare för området individ- och familjeomsorg ingår i arbetsgruppen');
    expect(text('1b')).toContain('Syftet med projektet är att stärka rekryteringen av jourhem och familjehem');
    expect(text('2a')).toContain('pröva om det finns behov av att införa ytterligare kontroller');
    expect(text('3b')).toContain('Rutinerna för hur planer upprättas, följs upp och dokumenteras uppdaterade');
  });

  it('asks no two owners for the same figure, keeps vårdplan and genomförandeplan apart and measures "korrekta, aktuella och fullständiga"', () => {
    const byQuestion = new Map<string, Set<string>>();
    for (const a of allActivities(plan)) {
      for (const i of a.indicators)
        byQuestion.set(i.question, (byQuestion.get(i.question) ?? new Set()).add(a.ownerRole));
    }
    for (const [question, roles] of byQuestion)
      expect({ question, owners: roles.size }).toEqual({ question, owners: 1 });
    const rek3 = plan.recommendations[2]!.activities.flatMap((a) => a.indicators);
    for (const i of rek3) {
      expect(i.question).not.toMatch(/vård- och genomförandeplan/);
      expect(i.question).toContain('korrekt, aktuell och fullständig');
    }
    expect(rek3.some((i) => /vårdplan/.test(i.question))).toBe(true);
    expect(rek3.some((i) => /genomförandeplan/.test(i.question))).toBe(true);
  });
});
