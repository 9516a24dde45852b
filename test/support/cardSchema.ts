import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

/**
 * Microsoft's Adaptive Cards 1.5 JSON schema, byte for byte: microsoft/AdaptiveCards,
 * `schemas/1.5.0/adaptive-card.json`, unchanged since commit 93695cf2df1117ab08e36ebe707d0ced18e4e9b3
 * (2021-11-15). No npm package ships it (checked: adaptivecards 3.0.6, adaptivecards-designer
 * 2.4.4 holds a 1.0-era schema without Action.Execute, @microsoft/adaptivecards-tools 1.3.11,
 * @microsoft/teams.cards 2.1.0, @microsoft/teamsfx-core 3.1.3, @microsoft/m365agentstoolkit-cli
 * 1.1.17), so it is read from a file; the checksum makes sure that file is the official one.
 */
export const OFFICIAL_SCHEMA = {
  source: 'microsoft/AdaptiveCards schemas/1.5.0/adaptive-card.json',
  commit: '93695cf2df1117ab08e36ebe707d0ced18e4e9b3',
  sha256: '32c91fb285180a266a55b3475dd0396e63fe079311714d3a14963b41f5e17920',
  /** Where the tests look for it, in this order, unless ADAPTIVE_CARD_SCHEMA names another path. */
  paths: [
    join(__dirname, 'schemas', 'adaptive-card-1.5.0.json'),
    // The steering repo's shared/ folder sits beside every clone, CI's included.
    join(__dirname, '..', '..', '..', 'shared', 'schemas', 'adaptive-card-1.5.0.json'),
  ],
};

export function officialSchemaPath(): string {
  const found = OFFICIAL_SCHEMA.paths.find((p) => existsSync(p));
  return process.env.ADAPTIVE_CARD_SCHEMA ?? found ?? OFFICIAL_SCHEMA.paths[0]!;
}

/** The official schema, or undefined when the file is not there. A file that differs is an error. */
export function loadOfficialSchema(path = officialSchemaPath()): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== OFFICIAL_SCHEMA.sha256) {
    throw new Error(`${path} is not ${OFFICIAL_SCHEMA.source} at ${OFFICIAL_SCHEMA.commit} (sha256 ${sha256})`);
  }
  return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
}

/**
 * The Teams extensions to Adaptive Cards that Microsoft documents, and nothing else. Each is added
 * to the official schema with the page that documents it; anything the schema does not know still
 * fails. `refresh` needs no addition: the 1.5 schema itself defines it (Refresh, Action.Execute).
 */
export const TEAMS_DOCS = {
  /** msteams.width "Full". */
  fullWidth:
    'https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#full-width-adaptive-card',
  /** msteams.entities: mentions. */
  mentions:
    'https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards',
  /** Chart.Donut, Chart.Pie, Chart.Gauge, Chart.HorizontalBar(.Stacked), Chart.Line, Chart.VerticalBar(.Grouped). */
  charts:
    'https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/charts-in-adaptive-cards',
  /** Input.ChoiceSet's "choices.data" (Data.Query): the people picker and dynamic search. */
  peoplePicker: 'https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/people-picker',
  /** refresh with Action.Execute (Universal Actions); in the 1.5 schema already. */
  refresh:
    'https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards#refresh-model',
} as const;

/** The colours a chart's data point may have (charts page: "Valid values" of `color`). */
export const CHART_COLORS = [
  'good',
  'warning',
  'attention',
  'neutral',
  'categoricalRed',
  'categoricalPurple',
  'categoricalLavender',
  'categoricalBlue',
  'categoricalLightBlue',
  'categoricalTeal',
  'categoricalGreen',
  'categoricalLime',
  'categoricalMarigold',
  'sequential1',
  'sequential2',
  'sequential3',
  'sequential4',
  'sequential5',
  'sequential6',
  'sequential7',
  'sequential8',
  'divergingBlue',
  'divergingLightBlue',
  'divergingCyan',
  'divergingTeal',
  'divergingYellow',
  'divergingPeach',
  'divergingLightRed',
  'divergingRed',
  'divergingMaroon',
  'divergingGray',
] as const;

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const strictObject = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...(required.length > 0 ? { required } : {}),
});

const chartColor = { type: 'string', enum: [...CHART_COLORS] };
const point = strictObject({ x: { type: ['string', 'number'] }, y: { type: 'number' }, color: chartColor });
const series = strictObject({ legend: { type: 'string' }, values: { type: 'array', items: point }, color: chartColor });
const donutData = strictObject({ legend: { type: 'string' }, value: { type: 'number' }, color: chartColor });

/** What every chart element has (the charts page's common rows). */
const chartCommon: Record<string, Schema> = {
  colorSet: { type: 'string' },
  fallback: { anyOf: [ref('ImplementationsOf.Element'), ref('FallbackOption')] },
  'grid.area': { type: 'string' },
  height: ref('BlockElementHeight'),
  horizontalAlignment: ref('HorizontalAlignment'),
  id: { type: 'string' },
  isVisible: { type: 'boolean' },
  lang: { type: 'string' },
  requires: { type: 'object', additionalProperties: { type: 'string' } },
  separator: { type: 'boolean' },
  spacing: { anyOf: [ref('Spacing'), { enum: ['ExtraSmall', 'extraSmall'] }] },
  targetWidth: {
    enum: ['VeryNarrow', 'Narrow', 'Standard', 'Wide'].flatMap((w) => [w, `atLeast:${w}`, `atMost:${w}`]),
  },
  title: { type: 'string' },
};
const axes = { color: chartColor, xAxisTitle: { type: 'string' }, yAxisTitle: { type: 'string' } };

const chart = (type: string, own: Record<string, Schema>, required: string[] = []): Schema =>
  strictObject({ type: { enum: [type] }, ...chartCommon, ...own }, ['type', ...required]);

export const TEAMS_CHARTS: Record<string, Schema> = {
  'Chart.Donut': chart('Chart.Donut', { data: { type: 'array', items: donutData } }, ['data']),
  'Chart.Pie': chart('Chart.Pie', { data: { type: 'array', items: donutData } }),
  'Chart.Gauge': chart('Chart.Gauge', {
    max: { type: 'number' },
    min: { type: 'number' },
    segments: {
      type: 'array',
      items: strictObject({ legend: { type: 'string' }, size: { type: 'number' }, color: chartColor }),
    },
    showLegend: { type: 'boolean' },
    showMinMax: { type: 'boolean' },
    subLabel: { type: 'string' },
    value: { type: 'number' },
    valueFormat: { enum: ['Percentage', 'Fraction', 'percentage', 'fraction'] },
  }),
  'Chart.HorizontalBar': chart('Chart.HorizontalBar', {
    ...axes,
    data: { type: 'array', items: point },
    displayMode: { enum: ['AbsoluteWithAxis', 'AbsoluteNoAxis', 'PartToWhole'] },
  }),
  'Chart.HorizontalBar.Stacked': chart('Chart.HorizontalBar.Stacked', {
    ...axes,
    data: {
      type: 'array',
      items: strictObject({ title: { type: 'string' }, data: { type: 'array', items: donutData } }),
    },
  }),
  'Chart.Line': chart('Chart.Line', { ...axes, data: { type: 'array', items: series } }),
  'Chart.VerticalBar': chart('Chart.VerticalBar', {
    ...axes,
    data: { type: 'array', items: point },
    showBarValues: { type: 'boolean' },
  }),
  'Chart.VerticalBar.Grouped': chart('Chart.VerticalBar.Grouped', {
    ...axes,
    data: { type: 'array', items: series },
    stacked: { type: 'boolean' },
    showBarValues: { type: 'boolean' },
  }),
};

export const TEAMS_MSTEAMS: Schema = strictObject({
  width: { enum: ['Full'] },
  entities: {
    type: 'array',
    items: strictObject(
      {
        type: { enum: ['mention'] },
        text: { type: 'string' },
        mentioned: strictObject({ id: { type: 'string' }, name: { type: 'string' } }, ['id', 'name']),
      },
      ['type', 'text', 'mentioned'],
    ),
  },
});

/** The official schema with the Teams extensions above, as a new object (the official one is not changed). */
export function withTeamsExtensions(official: Schema): Schema {
  const schema = structuredClone(official) as Schema & { definitions: Record<string, any> };
  // The official file names its URI with draft-04's "id"; draft-06 (its own $schema) calls it "$id".
  if ('id' in schema) {
    schema.$id = schema.id;
    delete schema.id;
  }
  const defs = schema.definitions;
  defs.AdaptiveCard.properties.msteams = { ...TEAMS_MSTEAMS, description: TEAMS_DOCS.fullWidth };
  // The property's name has a dot in it, as the people picker's page writes it.
  defs['Input.ChoiceSet'].properties['choices.data'] = {
    type: 'object',
    description: TEAMS_DOCS.peoplePicker,
    properties: {
      type: { enum: ['Data.Query'] },
      dataset: { type: 'string' },
      count: { type: 'integer', minimum: 0 },
      skip: { type: 'integer', minimum: 0 },
    },
    required: ['type', 'dataset'],
    additionalProperties: false,
  };
  for (const [name, definition] of Object.entries(TEAMS_CHARTS)) {
    defs[name] = { ...definition, description: TEAMS_DOCS.charts };
    defs['ImplementationsOf.Element'].anyOf.push({ required: ['type'], allOf: [ref(name)] });
  }
  return schema;
}

function compile(schema: Schema): { ajv: Ajv; validate: ValidateFunction } {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // The official schema is what it is: untyped patterns, required lists it does not declare.
    strictTypes: false,
    strictRequired: false,
    strictTuples: false,
  });
  addFormats(ajv);
  ajv.addMetaSchema(draft06);
  // Annotations of the official schema (which version added a property, its features, examples).
  for (const keyword of ['version', 'features', 'example']) ajv.addKeyword(keyword);
  return { ajv, validate: ajv.compile(schema) };
}

const line = (e: ErrorObject, at: string) =>
  `${at}${e.instancePath || (at ? '' : '/')} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`;

/**
 * Why a card is invalid, readably. The whole-card errors list every element type an element is
 * not; instead, each element is checked against its own type's definition, an unknown type is
 * named as such, and an error inside an element that fails by itself is reported there only.
 */
function explain(
  card: unknown,
  definitionOf: (type: string) => ValidateFunction | undefined,
  whole: ErrorObject[],
): string[] {
  const failures: Array<{ path: string; errors: Array<{ at: string; text: string }> }> = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
    if (!node || typeof node !== 'object') return;
    Object.entries(node).forEach(([k, v]) => walk(v, `${path}/${k}`));
    const type = (node as { type?: unknown }).type;
    if (typeof type !== 'string') return;
    const validate = definitionOf(type);
    if (!validate) {
      if (whole.some((e) => e.instancePath === path && e.keyword === 'anyOf')) {
        failures.push({ path, errors: [{ at: path, text: `${path} has an unknown type "${type}"` }] });
      }
    } else if (!validate(node)) {
      const errors = (validate.errors ?? []).map((e) => ({ at: path + e.instancePath, text: line(e, path) }));
      failures.push({ path, errors });
    }
  };
  walk(card, '');
  const insideDeeperFailure = (at: string, own: string) =>
    failures.some((f) => f.path.length > own.length && (at === f.path || at.startsWith(`${f.path}/`)));
  const lines = failures.flatMap((f) => f.errors.filter((e) => !insideDeeperFailure(e.at, f.path)).map((e) => e.text));
  return lines.length > 0 ? [...new Set(lines)] : [...new Set(whole.map((e) => line(e, '')))].slice(0, 10);
}

export interface CardValidator {
  /** Empty when the card is valid; otherwise where and why it is not. */
  problems(card: unknown): string[];
}

export function cardValidator(official: Schema): CardValidator {
  const schema = withTeamsExtensions(official) as Schema & { $id: string; definitions: Record<string, unknown> };
  const { ajv, validate } = compile(schema);
  const definitionOf = (type: string) =>
    type in schema.definitions ? ajv.getSchema(`${schema.$id}#/definitions/${type}`) : undefined;
  return {
    problems(card) {
      if (validate(card)) return [];
      return explain(card, definitionOf, validate.errors ?? []);
    },
  };
}

let shared: CardValidator | null | undefined;
/** The validator for the official schema, or null when its file is not there (compiled once). */
export function officialCardValidator(): CardValidator | null {
  if (shared === undefined) {
    const official = loadOfficialSchema();
    shared = official ? cardValidator(official) : null;
  }
  return shared;
}
