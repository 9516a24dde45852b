import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlan, parsePlan } from '../../src/config/planFile';
import { milestoneState, overdueMilestones } from '../../src/domain/milestones';
import { allActivities, dateText, endTitle, findActivity, type Plan } from '../../src/domain/plan';
import { weeklySummary } from '../../src/domain/summary';
import { fidelityProblems, readSeed, staleOmissions, type ProblemClass } from '../support/planFidelity';

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
    expect(findActivity(plan, '1a')!.start.text).toBe(
      'Barnenhetens arbete med jourhemshandläggarna påbörjades vårterminen 2025.',
    );
    expect(findActivity(plan, '1b')!.start.text).toBe(
      'Familjehemsenhetens interna utvecklingsarbete med befintliga rutiner och arbetssätt förväntas påbörjas vårterminen 2026.',
    );
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

/**
 * Sentences of the document the plan leaves out on purpose, each with why. The list is checked
 * both ways: a sentence missing from the plan and not listed fails, and so does a listed one the
 * plan holds after all or the document does not contain.
 */
const OMISSIONS = new Map<string, string>([
  [
    'Åtgärdsplanen är framtagen av barnenheten samt familjehemsenheten inom området för individ- och familjeomsorg i Hägersten–Älvsjös stadsdelsförvaltning.',
    'om dokumentet självt: planens organisation, area och ansvarsroller bär det',
  ],
  [
    'Planen har utarbetats inom ramen för de rekommendationer som lämnats i stadsrevisionens projektrapport Placering av barn och unga i familjehem.',
    'om dokumentet självt: planens title och auditReport bär det',
  ],
  [
    'Revisionen lämnar tre rekommendationer riktade till stadsdelsnämnden.',
    'planens board och dess tre rekommendationer bär det',
  ],
  ['Dessa besvaras och konkretiseras i denna åtgärdsplan.', 'om dokumentet självt'],
  [
    'Ett förbättrat och förtydligat arbete kring jourhemsplaceringar kan på sikt förkorta väntetiden för att genomföra familjehemsplacering inom sex månader.',
    'en väntad effekt, inget åtagande: effekterna bedöms av ledningsgruppen under ”Effekter hittills”',
  ],
  [
    'Resultatet av goda matchningar möjliggör trygga jourhemsplaceringar som familjehemsenheten kan ta över och som på sikt kan leda till förkortade väntetider.',
    'en väntad effekt, inget åtagande: effekterna bedöms av ledningsgruppen under ”Effekter hittills”',
  ],
  [
    'Internkontrollen möjliggör en systematisk identifiering av förbättringsområden och säkerställer att vård- och genomförandeplaner upprättas och dokumenteras korrekt, vilket i sin tur stärker kvaliteten i arbetet och uppföljningen av insatserna.',
    'en väntad effekt, inget åtagande: effekterna bedöms av ledningsgruppen under ”Effekter hittills”',
  ],
]);

const RAW = JSON.parse(readFileSync('plans/hagersten-alvsjo-familjehem.json', 'utf8')) as Record<string, unknown>;
const SEED_DOC = readSeed(readFileSync(SEED, 'utf8'));

type RawMilestone = Record<string, unknown> & { id: string };
type RawActivity = Record<string, unknown> & { id: string; milestones: RawMilestone[] };
type RawPlan = Record<string, unknown> & {
  recommendations: Array<Record<string, unknown> & { activities: RawActivity[] }>;
};

/** The corrected plan file with one change made to it, parsed as the bot parses it. */
function mutated(change: (raw: RawPlan) => void): Plan {
  const raw = structuredClone(RAW) as RawPlan;
  change(raw);
  return parsePlan(raw, 'mutated');
}
const activityOf = (raw: RawPlan, id: string): RawActivity =>
  raw.recommendations.flatMap((r) => r.activities).find((a) => a.id === id)!;
const milestoneOf = (raw: RawPlan, id: string): RawMilestone =>
  activityOf(raw, id.split('-')[0]!).milestones.find((m) => m.id === id)!;
/** Takes a phrase out of every text the plan shows (not its quotes): the plan no longer says it. */
const without = (phrase: string) => (raw: RawPlan) => {
  const strip = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replace(phrase, '')
      : Array.isArray(v)
        ? v.map(strip)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'source' ? x : strip(x)]))
          : v;
  Object.assign(raw, strip(raw));
};
const DECEMBER = { text: 'december 2026', from: '2026-12-01', to: '2026-12-31' };

describe('the plan against the document, by class of error', () => {
  it('has no date, milestone, follow-up, start or omission the document does not support', () => {
    expect(fidelityProblems(plan, SEED_DOC, OMISSIONS)).toEqual([]);
  });

  it('lists as deliberate omissions only sentences the document has and the plan leaves out, each with a reason', () => {
    expect(staleOmissions(plan, SEED_DOC, OMISSIONS)).toEqual([]);
    for (const reason of OMISSIONS.values()) expect(reason.length).toBeGreaterThan(10);
  });

  // Each discrepancy the reading against the document found, put back into the corrected plan.
  it.each<[string, ProblemClass, (raw: RawPlan) => void]>([
    [
      'Andra linjen as a deadline after the follow-up',
      'datum',
      (raw) =>
        Object.assign(milestoneOf(raw, '1b-m2'), {
          due: { text: 'till och med 2027', from: '2027-01-01', to: '2027-12-31' },
          source:
            'Enhetschef för familjehemsenheten och verksamhetsutvecklare för området individ- och familjeomsorg ingår i arbetsgruppen.',
        }),
    ],
    [
      'ongoing participation given an end date',
      'löpande',
      (raw) => Object.assign(milestoneOf(raw, '1b-m2').due as object, { from: '2027-01-01', to: '2027-12-31' }),
    ],
    [
      "1b's start applied to all of 1b",
      'start',
      (raw) =>
        (activityOf(raw, '1b').start = {
          text: 'förväntas påbörjas vårterminen 2026',
          from: '2026-01-01',
          to: '2026-06-30',
        }),
    ],
    [
      'working on routines turned into routines developed',
      'åtagande',
      (raw) => (milestoneOf(raw, '1b-m1').title = 'Rutiner och arbetssätt för kortare väntetid utvecklade'),
    ],
    ['1a ending in December 2026', 'uppföljning', (raw) => (activityOf(raw, '1a').end = DECEMBER)],
    [
      '1b ending in December 2026',
      'uppföljning',
      (raw) => (activityOf(raw, '1b').end = { ...DECEMBER, text: 'Arbetet följs upp december 2026.' }),
    ],
    ['2a ending in December 2026', 'uppföljning', (raw) => (activityOf(raw, '2a').end = DECEMBER)],
    [
      'the follow-up of rek 1 as its end',
      'uppföljning',
      (raw) => delete (raw.recommendations[0]!.end as Record<string, unknown>).kind,
    ],
    [
      'the follow-up milestone not marked as one',
      'uppföljning',
      (raw) => delete (milestoneOf(raw, '2a-m6').due as Record<string, unknown>).kind,
    ],
    [
      'årshjul "2026" as the document\'s words',
      'datum',
      (raw) => delete (milestoneOf(raw, '3b-m4').due as Record<string, unknown>).reading,
    ],
    [
      '2a-m5 "löpande" as the document\'s words',
      'datum',
      (raw) => (milestoneOf(raw, '2a-m5').due = { text: 'löpande' }),
    ],
    [
      '3b-m5 "löpande" as the document\'s words',
      'datum',
      (raw) => (milestoneOf(raw, '3b-m5').due = { text: 'löpande' }),
    ],
    ['a milestone without a quote or a mark', 'åtagande', (raw) => delete milestoneOf(raw, '3b-m5').source],
    [
      'an expected effect as a milestone',
      'åtagande',
      (raw) =>
        activityOf(raw, '1a').milestones.push({
          id: '1a-m6',
          title: 'Förbättrat och förtydligat överlämnande till familjehemsenheten',
          due: { text: 'pågående', reading: 'verktyget' },
          source:
            'Således möjliggör jourhemshandläggarnas arbete ett förbättrat och förtydligat överlämnande till familjehemsenheten.',
        }),
    ],
    [
      "a quote that is not the document's",
      'citat',
      (raw) => (milestoneOf(raw, '2a-m2').source = 'Rutinen är färdig våren 2026.'),
    ],
    [
      "the planning day's documentation requirements left out",
      'utelämnat',
      without('Under dagen ska även kraven på dokumentation av vård- och genomförandeplaner följas upp, och en'),
    ],
    [
      '"med syftet att tillgängliggöra informationen" left out',
      'utelämnat',
      without(' med syftet att tillgängliggöra informationen för samtliga medarbetare'),
    ],
    [
      'the national challenge left out',
      'utelämnat',
      without('Projektet svarar mot den nationella utmaningen att både rekrytera och behålla familjehem och '),
    ],
    [
      '"för att säkerställa kontinuitet och kvalitet" left out',
      'utelämnat',
      without(' för att säkerställa kontinuitet och kvalitet i arbetet'),
    ],
    [
      'the purpose of the support for plans left out',
      'utelämnat',
      without(
        'Syftet är att säkerställa att dessa planer genomförs och dokumenteras på ett korrekt och enhetligt sätt. ',
      ),
    ],
    ['the closing words left out', 'utelämnat', (raw) => delete raw.closing],
    ['"kommer att dokumenteras" read as "dokumenteras"', 'utelämnat', without('kommer att ')],
  ])('%s is caught (%s)', (_name, kind, change) => {
    const problems = fidelityProblems(mutated(change), SEED_DOC, OMISSIONS);
    expect(problems.map((p) => p.kind)).toContain(kind);
  });

  it('a card never calls a follow-up an end', () => {
    for (const r of plan.recommendations) {
      const dates = [r.end, ...r.activities.map((a) => a.end)];
      for (const d of dates) expect(endTitle(d)).toBe(d.kind === 'uppföljning' ? 'Uppföljning' : 'Slut');
    }
    expect(findActivity(plan, '1a')!.end).toMatchObject({
      kind: 'uppföljning',
      text: 'Arbetet följs upp december 2026.',
    });
  });
});
