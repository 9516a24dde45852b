import { z } from 'zod';

/** "2a": the recommendation's number and a letter (more letters when a recommendation has many activities). */
export const ACTIVITY_ID = /^[1-9][a-z]{1,3}$/;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ska vara ett datum ÅÅÅÅ-MM-DD');

/**
 * A date as the seed wrote it ("VT 2025", "våren 2026") plus the range it means, when it means one.
 * `reading: "verktyget"` marks a text or range the plan document does not give: the tool's reading.
 * `kind: "uppföljning"` marks a date when the work is followed up ("Arbetet följs upp december
 * 2026"): it is not an end date, and is never shown as one.
 */
export const planDateSchema = z
  .object({
    text: z.string().min(1),
    from: isoDate.optional(),
    to: isoDate.optional(),
    reading: z.literal('verktyget').optional(),
    kind: z.literal('uppföljning').optional(),
  })
  .strict()
  .refine((d) => (d.from === undefined) === (d.to === undefined), {
    message: 'from och to anges tillsammans eller inte alls',
  })
  .refine((d) => d.from === undefined || d.to === undefined || d.from <= d.to, {
    message: 'from får inte vara efter to',
  });

/** Where the plan document says something: its words, quoted exactly. */
const sourceQuote = z.string().min(10);

/**
 * A milestone. `source` quotes the document's own commitment; `reading: "verktyget"` marks a
 * milestone the document does not state as one (the tool's reading of it). `reached` records what
 * the plan document itself reports as done (with when, as the document writes it, and the quote):
 * it is reached from the start and can never turn overdue.
 */
export const milestoneSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    due: planDateSchema,
    source: sourceQuote.optional(),
    reading: z.literal('verktyget').optional(),
    reached: z.object({ when: planDateSchema, source: sourceQuote }).strict().optional(),
  })
  .strict();

export const indicatorSchema = z
  .object({
    id: z.string().min(1),
    question: z.string().min(1),
    unit: z.string().min(1),
    min: z.number(),
    max: z.number(),
    /** "förslag": the product's suggestion, never presented as the district's commitment. */
    origin: z.enum(['förslag', 'plan']),
  })
  .strict()
  .refine((i) => i.min <= i.max, { message: 'min får inte vara större än max' });

export const activitySchema = z
  .object({
    id: z.string().regex(ACTIVITY_ID, 'ska vara rekommendationens nummer följt av en till tre bokstäver, t.ex. 2a'),
    unit: z.string().min(1),
    ownerRole: z.string().min(1),
    title: z.string().min(1),
    description: z.string().min(1),
    start: planDateSchema,
    end: planDateSchema,
    milestones: z.array(milestoneSchema),
    indicators: z.array(indicatorSchema).default([]),
  })
  .strict();

export const recommendationSchema = z
  .object({
    id: z.string().regex(/^rek[1-9]$/, 'ska vara rek följt av en siffra, t.ex. rek2'),
    number: z.number().int().positive(),
    title: z.string().min(1),
    measure: z.string().min(1),
    responsible: z.string().min(1),
    start: planDateSchema,
    end: planDateSchema,
    activities: z.array(activitySchema).min(1),
  })
  .strict();

export const planSchema = z
  .object({
    /** The JSON schema an editor completes the file with (plans/plan.schema.json). */
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    /** How people call the plan in a sentence ("åtgärdsplanen för familjehemsplaceringar"); else the title in quotes. */
    shortTitle: z.string().min(1).optional(),
    /** The plan's own version, raised when the plan file is changed. */
    version: z.string().min(1).optional(),
    organisation: z.string().min(1),
    /** The board the plan answers to and the audit report it answers: the report's heading (optional for older plan files). */
    board: z.string().min(1).optional(),
    auditReport: z.string().min(1).optional(),
    area: z.string().min(1),
    qualitySystem: z.string().min(1),
    /** The document's closing words (Avslutning), kept as written. */
    closing: z.string().min(1).optional(),
    followUp: planDateSchema,
    ownerRoles: z
      .array(z.object({ id: z.string().min(1), title: z.string().min(1), unit: z.string().min(1) }).strict())
      .min(1),
    recommendations: z.array(recommendationSchema).min(1),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const roles = new Set(plan.ownerRoles.map((r) => r.id));
    const seen = new Set<string>();
    plan.recommendations.forEach((rec, r) => {
      if (rec.id !== `rek${rec.number}`) {
        ctx.addIssue({ code: 'custom', path: ['recommendations', r, 'id'], message: `ska vara rek${rec.number}` });
      }
      rec.activities.forEach((act, a) => {
        const at = ['recommendations', r, 'activities', a];
        if (!act.id.startsWith(String(rec.number))) {
          ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `ska börja med ${rec.number}` });
        }
        if (seen.has(act.id)) ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `${act.id} finns redan` });
        seen.add(act.id);
        if (!roles.has(act.ownerRole)) {
          ctx.addIssue({ code: 'custom', path: [...at, 'ownerRole'], message: `okänd ansvarsroll ${act.ownerRole}` });
        }
        const ids = new Set<string>();
        act.milestones.forEach((m, i) => {
          if (ids.has(m.id)) {
            ctx.addIssue({ code: 'custom', path: [...at, 'milestones', i, 'id'], message: `${m.id} finns redan` });
          }
          ids.add(m.id);
        });
      });
    });
  });

export type PlanDate = z.infer<typeof planDateSchema>;
/** `revision`: set only on the revised plan (never in the plan file): how an administrator changed it. */
export type Milestone = z.infer<typeof milestoneSchema> & { revision?: MilestoneRevisionNote };

/** What the cards and the record say about a revised milestone. */
export interface MilestoneRevisionNote {
  kind: 'moved' | 'added';
  /** The plan file's date, for a moved milestone. */
  original?: PlanDate;
  reason: string;
  by: string;
  at: string;
}
export type Indicator = z.infer<typeof indicatorSchema>;
/** Who closed an item, when and why (the assessment it rests on, or the reason given). */
export interface ClosureNote {
  by: string;
  at: string;
  reason: string;
}

/** Check-ins: quarterly, per tertial, or on fixed dates from the unit's årshjul. */
export type CheckInRhythm = 'kvartal' | 'tertial' | 'datum';

export interface CheckInNote {
  rhythm: CheckInRhythm;
  /** For "datum": ISO dates (YYYY-MM-DD), or month-days (MM-DD) that come back every year. */
  dates: string[];
  by: string;
  at: string;
  reason: string;
}

/** `closure` and `checkIns`: set only on the revised plan (lifecycle.ts), never in the plan file. */
export type Activity = Omit<z.infer<typeof activitySchema>, 'milestones'> & {
  recommendationId: string;
  milestones: Milestone[];
  closure?: ClosureNote;
  checkIns?: CheckInNote;
};
export type Recommendation = Omit<z.infer<typeof recommendationSchema>, 'activities'> & {
  activities: Activity[];
  closure?: ClosureNote;
};
export type OwnerRole = z.infer<typeof planSchema>['ownerRoles'][number];
/** `archived`: set only on the revised plan, when an administrator archived it. */
export type Plan = Omit<z.infer<typeof planSchema>, 'recommendations' | '$comment'> & {
  recommendations: Recommendation[];
  archived?: ClosureNote;
};

/** Adds each activity's recommendation id, so an activity can be handled on its own. */
export function toPlan(parsed: z.infer<typeof planSchema>): Plan {
  const { $comment: _ignored, $schema: _schema, ...rest } = parsed;
  return {
    ...rest,
    recommendations: parsed.recommendations.map((rec) => ({
      ...rec,
      activities: rec.activities.map((act) => ({ ...act, recommendationId: rec.id })),
    })),
  };
}

export function allActivities(plan: Plan): Activity[] {
  return plan.recommendations.flatMap((r) => r.activities);
}

export function findRecommendation(plan: Plan, id: string): Recommendation | undefined {
  return plan.recommendations.find((r) => r.id === id);
}

export function findActivity(plan: Plan, id: string): Activity | undefined {
  return allActivities(plan).find((a) => a.id === id);
}

export function ownerRoleOf(plan: Plan, roleId: string): OwnerRole | undefined {
  return plan.ownerRoles.find((r) => r.id === roleId);
}

/** A date as shown to people: the plan's words, marked when they are the tool's reading. */
export function dateText(d: PlanDate): string {
  return d.reading === 'verktyget' ? `${d.text}, verktygets tolkning` : d.text;
}

/** What a start or end date is called on a card and in the report: a follow-up is not an end. */
export function endTitle(d: PlanDate): 'Uppföljning' | 'Slut' {
  return d.kind === 'uppföljning' ? 'Uppföljning' : 'Slut';
}

/** "mars 2025" for a milestone the plan document reports as done; undefined otherwise. */
export function reachedPerPlan(m: Milestone): string | undefined {
  return m.reached ? `enligt åtgärdsplanen, ${m.reached.when.text}` : undefined;
}
