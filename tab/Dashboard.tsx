import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Badge,
  Button,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { LineChart } from '@fluentui/react-charts';
import { STATUSES, STATUS_LABEL } from '../src/domain/status';
import {
  api,
  type Credentials,
  type DashboardActivity,
  type DashboardHistory,
  type DashboardView,
  type HistoryFilter,
  type Me,
  type Person,
} from './api';

/** Up to this many activities (an owner's), every history is fetched with the overview. */
const OPEN_AT_ONCE = 12;

const ROLE: Record<DashboardView['role'], string> = {
  ledning: 'ledningsgruppen eller administratör: hela planen',
  ägare: 'aktivitetsägare: översikten och dina egna aktiviteter',
  läsare: 'läsare: översikten',
};

const LIGHT_SYMBOL: Record<string, string> = { röd: '🔴', gul: '🟡', grå: '⚪', blå: '🔵', grön: '🟢', klar: '✅' };

const DELIVERY: Record<DashboardActivity['delivery']['outcome'], string> = {
  sent: 'Statusfrågan levererad',
  unreachable: 'Statusfrågan nådde inte fram',
  failed: 'Statusfrågan misslyckades',
  pending: 'Statusfrågan skickas',
  none: 'Ingen statusfråga den här perioden',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' });
const day = (iso: string): string => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
};

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} style={{ marginBlock: tokens.spacingVerticalXL }}>
      <Title3 as="h2" id={id}>
        {title}
      </Title3>
      <div style={{ marginTop: tokens.spacingVerticalS }}>{children}</div>
    </section>
  );
}

function Overview({ view }: { view: DashboardView }) {
  return (
    <Table aria-label="Översikt per rekommendation" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Rekommendation</TableHeaderCell>
          <TableHeaderCell>Läge</TableHeaderCell>
          <TableHeaderCell>Passerade milstolpar</TableHeaderCell>
          <TableHeaderCell>Klara aktiviteter</TableHeaderCell>
          <TableHeaderCell>Ledningens bedömning</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {view.overview.map((r) => (
          <TableRow key={r.id}>
            <TableCell>{r.title}</TableCell>
            <TableCell>
              <span aria-hidden="true">{LIGHT_SYMBOL[r.light]} </span>
              {r.stateLabel}
            </TableCell>
            <TableCell>{r.overdue === 0 ? 'Inga' : `${r.overdue} ej markerade`}</TableCell>
            <TableCell>
              {r.closed} av {r.total}
            </TableCell>
            <TableCell>
              {r.assessment
                ? `${r.assessment.verdict} (${r.assessment.assessedBy}, ${dateTime(r.assessment.assessedAt)})`
                : 'Ingen bedömning än'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The histories fetched so far, by activity: what the timeline, the trends and the answer table show. */
type Histories = Record<string, DashboardHistory>;

/** A long list is shown a page at a time: rendering all of a large plan at once is what makes the first render slow. */
const PAGE = 100;

function More({ shown, total, what, onMore }: { shown: number; total: number; what: string; onMore: () => void }) {
  if (total <= shown) return null;
  return (
    <Button onClick={onMore}>
      Visa fler {what} ({shown} av {total} visas)
    </Button>
  );
}

function Timeline({ view, histories }: { view: DashboardView; histories: Histories }) {
  const [shown, setShown] = useState(PAGE);
  const items = view.activities
    .flatMap((a) => a.milestones.map((m) => ({ a, m, at: m.from ?? m.to ?? '9999' })))
    .sort((x, y) => x.at.localeCompare(y.at));
  if (items.length === 0) return <Text>Tidslinjen visas för ledningsgruppen och aktiviteternas ägare.</Text>;
  // The page shown holds the milestones nearest today: a few before it, the rest after.
  const todayAt = items.findIndex((i) => i.at > view.today);
  const at = todayAt < 0 ? items.length : todayAt;
  const first = Math.max(0, Math.min(at - Math.floor(shown / 4), items.length - shown));
  const page = items.slice(first, first + shown);
  const today = { today: true as const };
  const rows: Array<(typeof items)[number] | typeof today> = [...page];
  rows.splice(at - first, 0, today);
  return (
    <>
      <ol
        aria-label="Milstolpar i tidsordning"
        style={{ listStyle: 'none', padding: 0, borderInlineStart: `2px solid ${tokens.colorNeutralStroke1}` }}
      >
        {rows.map((row, i) => {
          if ('today' in row)
            return (
              <li
                key="idag"
                style={{
                  padding: tokens.spacingVerticalXS,
                  paddingInlineStart: tokens.spacingHorizontalM,
                  background: tokens.colorBrandBackground2,
                }}
              >
                <Text weight="semibold">Idag, {day(view.today)}</Text>
              </li>
            );
          const reached = row.m.reached ?? histories[row.a.id]?.reached[row.m.id];
          return (
            <li
              key={`${row.a.id}-${row.m.id}-${i}`}
              style={{ padding: tokens.spacingVerticalXS, paddingInlineStart: tokens.spacingHorizontalM }}
            >
              <Text weight="semibold">{row.m.dateWords}</Text> · {row.a.id} {row.m.title} ·{' '}
              <Badge appearance="outline">{row.m.state}</Badge>
              {row.m.revision && (
                <div>
                  {row.m.revision.kind === 'moved'
                    ? `Flyttad från ${row.m.revision.from} till ${row.m.revision.to}`
                    : `Tillagd (${row.m.revision.to})`}
                  : {row.m.revision.reason} ({row.m.revision.by}, {dateTime(row.m.revision.at)})
                </div>
              )}
              {reached && <div>Uppnådd {reached.length === 10 ? day(reached) : reached}</div>}
            </li>
          );
        })}
      </ol>
      <More shown={shown} total={items.length} what="milstolpar" onMore={() => setShown(shown + PAGE)} />
    </>
  );
}

function Trends({ view, histories }: { view: DashboardView; histories: Histories }) {
  const indicators = new Map<
    string,
    {
      question: string;
      unit: string;
      min: number;
      max: number;
      lines: Array<{ activity: string; points: Array<{ at: string; value: number }> }>;
    }
  >();
  for (const a of view.activities) {
    const history = histories[a.id];
    if (!history) continue;
    for (const ind of a.indicators) {
      const entry = indicators.get(ind.id) ?? { ...ind, lines: [] };
      entry.lines.push({
        activity: a.id,
        points: history.answers
          .filter((h) => h.indicators[ind.id] !== undefined)
          .map((h) => ({ at: h.answeredAt, value: h.indicators[ind.id]! })),
      });
      indicators.set(ind.id, entry);
    }
  }
  const shown = [...indicators.entries()].filter(([, e]) => e.lines.some((l) => l.points.length > 0));
  if (shown.length === 0)
    return (
      <Text>
        {view.activities.length === 0
          ? 'Inga indikatorvärden att visa.'
          : 'Inga indikatorvärden att visa. Öppna en aktivitets svar nedan för att se dess indikatorer över tid.'}
      </Text>
    );
  return (
    <>
      {shown.map(([id, e]) => (
        <figure key={id} style={{ margin: 0, marginBlockEnd: tokens.spacingVerticalL }}>
          <figcaption>
            <Text weight="semibold">
              {e.question} ({e.unit}, {e.min}–{e.max})
            </Text>
          </figcaption>
          <div>
            <LineChart
              height={220}
              yMinValue={e.min}
              yMaxValue={e.max}
              data={{
                chartTitle: e.question,
                lineChartData: e.lines.map((l) => ({
                  legend: `Aktivitet ${l.activity}`,
                  data: l.points.map((p) => ({ x: new Date(p.at), y: p.value })),
                })),
              }}
            />
          </div>
          <Table aria-label={`${e.question}: värdena som tabell`} size="extra-small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Aktivitet</TableHeaderCell>
                <TableHeaderCell>Tidpunkt</TableHeaderCell>
                <TableHeaderCell>Värde ({e.unit})</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {e.lines.flatMap((l) =>
                l.points.map((p) => (
                  <TableRow key={`${l.activity}-${p.at}`}>
                    <TableCell>{l.activity}</TableCell>
                    <TableCell>{dateTime(p.at)}</TableCell>
                    <TableCell>{String(p.value).replace('.', ',')}</TableCell>
                  </TableRow>
                )),
              )}
            </TableBody>
          </Table>
        </figure>
      ))}
    </>
  );
}

const ALL = 'alla';

function Choice({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange: (v: string) => void;
}) {
  return (
    <Field label={label}>
      <Dropdown
        value={value === ALL ? 'Alla' : (options.find(([v]) => v === value)?.[1] ?? value)}
        selectedOptions={[value]}
        onOptionSelect={(_e, d) => onChange(d.optionValue ?? ALL)}
      >
        <Option value={ALL}>Alla</Option>
        {options.map(([v, text]) => (
          <Option key={v} value={v}>
            {text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

function Activities({
  view,
  histories,
  opened,
  filter,
  onOpen,
  onFilter,
}: {
  view: DashboardView;
  histories: Histories;
  opened: string[];
  filter: HistoryFilter;
  onOpen: (ids: string[], open: boolean) => void;
  onFilter: (f: HistoryFilter) => void;
}) {
  const [unit, setUnit] = useState(ALL);
  const [owner, setOwner] = useState(ALL);
  const [shownActivities, setShownActivities] = useState(PAGE);
  const [shown, setShown] = useState(PAGE);
  const uniq = (xs: Array<string | undefined>) =>
    [...new Set(xs.filter((x): x is string => !!x))].sort().map((x): [string, string] => [x, x]);
  if (view.activities.length === 0)
    return <Text>Aktiviteternas svar visas för ledningsgruppen och aktiviteternas ägare.</Text>;
  const chosen = view.activities.filter(
    (a) => (unit === ALL || a.unit === unit) && (owner === ALL || a.owner === owner),
  );
  const isOpen = new Set(opened);
  const rows = chosen
    .filter((a) => isOpen.has(a.id))
    .flatMap((a) => (histories[a.id]?.answers ?? []).map((h) => ({ a, h })))
    .sort((x, y) => y.h.answeredAt.localeCompare(x.h.answeredAt));
  const loading = chosen.some((a) => isOpen.has(a.id) && !histories[a.id]);
  return (
    <>
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: tokens.spacingHorizontalM,
          marginBlock: tokens.spacingVerticalM,
          alignItems: 'end',
        }}
      >
        <Choice label="Enhet" value={unit} options={uniq(view.activities.map((a) => a.unit))} onChange={setUnit} />
        <Choice label="Ägare" value={owner} options={uniq(view.activities.map((a) => a.owner))} onChange={setOwner} />
        <Choice
          label="Status"
          value={filter.status ?? ALL}
          options={STATUSES.map((s): [string, string] => [s, STATUS_LABEL[s]])}
          onChange={(v) => onFilter({ ...filter, status: v === ALL ? undefined : v })}
        />
        <Field label="Från och med">
          <Input
            type="date"
            value={filter.from ?? ''}
            onChange={(_e, d) => onFilter({ ...filter, from: d.value || undefined })}
          />
        </Field>
        <Field label="Till och med">
          <Input
            type="date"
            value={filter.to ?? ''}
            onChange={(_e, d) => onFilter({ ...filter, to: d.value || undefined })}
          />
        </Field>
        {chosen.some((a) => !isOpen.has(a.id)) && (
          <Button
            onClick={() =>
              onOpen(
                chosen.slice(0, PAGE).map((a) => a.id),
                true,
              )
            }
          >
            {chosen.length > PAGE
              ? `Visa svaren för de ${PAGE} första i urvalet`
              : `Visa svaren för alla ${chosen.length} i urvalet`}
          </Button>
        )}
      </div>
      <ul style={{ paddingInlineStart: tokens.spacingHorizontalL }}>
        {chosen.slice(0, shownActivities).map((a) => (
          <li key={a.id} style={{ marginBlockEnd: tokens.spacingVerticalXS }}>
            <Text weight="semibold">
              {a.id} {a.title}
            </Text>{' '}
            ({a.unit}, {a.owner ?? 'ingen ägare'}): <span aria-hidden="true">{LIGHT_SYMBOL[a.light]} </span>
            {a.stateLabel}. {DELIVERY[a.delivery.outcome]}
            {a.delivery.cycle ? ` (perioden ${day(a.delivery.cycle)})` : ''}.{' '}
            {a.latest ? `Senaste svar ${dateTime(a.latest.answeredAt)} av ${a.latest.answeredBy}. ` : 'Inget svar än. '}
            {a.unanswered && <Badge color="warning">Har inte svarat den här perioden</Badge>}{' '}
            <Button size="small" aria-expanded={isOpen.has(a.id)} onClick={() => onOpen([a.id], !isOpen.has(a.id))}>
              {isOpen.has(a.id) ? `Dölj svaren för ${a.id}` : `Visa svaren för ${a.id}`}
            </Button>
          </li>
        ))}
      </ul>
      <More
        shown={shownActivities}
        total={chosen.length}
        what="aktiviteter"
        onMore={() => setShownActivities(shownActivities + PAGE)}
      />
      <Table aria-label="Svarshistorik" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>När</TableHeaderCell>
            <TableHeaderCell>Aktivitet</TableHeaderCell>
            <TableHeaderCell>Vem</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Kommentar</TableHeaderCell>
            <TableHeaderCell>Underlag</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.slice(0, shown).map(({ a, h }) => (
            <TableRow key={`${a.id}-${h.answeredAt}-${h.answeredBy}`}>
              <TableCell>{dateTime(h.answeredAt)}</TableCell>
              <TableCell>{a.id}</TableCell>
              <TableCell>{h.answeredBy}</TableCell>
              <TableCell>{h.statusLabel}</TableCell>
              <TableCell>
                {[h.comment, h.nextStep && `Nästa steg: ${h.nextStep}`].filter(Boolean).join(' · ')}
              </TableCell>
              <TableCell>
                {h.evidenceUrl && (
                  <Link href={h.evidenceUrl} target="_blank" rel="noreferrer">
                    Öppna underlag<span style={{ position: 'absolute', left: '-10000px' }}> för {a.id}</span>
                  </Link>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {loading && <Spinner size="tiny" label="Hämtar svaren …" />}
      {!loading && rows.length === 0 && (
        <Text>{opened.length === 0 ? 'Välj en aktivitet för att se dess svar.' : 'Inga svar matchar urvalet.'}</Text>
      )}
      <More shown={shown} total={rows.length} what="svar" onMore={() => setShown(shown + PAGE)} />
    </>
  );
}

function Reports({ view, credentials }: { view: DashboardView; credentials: Credentials }) {
  if (view.role !== 'ledning') return <Text>Rapporterna visas för ledningsgruppen och administratörerna.</Text>;
  if (view.reports.length === 0) return <Text>Ingen version av rapporten är fastställd än.</Text>;
  const file = (v: number, f: 'docx' | 'pdf' | 'csv') =>
    api.download(credentials, `/api/tab/plans/${view.planId}/reports/${v}/${f}`, `${view.planId}-version-${v}.${f}`);
  return (
    <Table aria-label="Fastställda versioner av rapporten" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Version</TableHeaderCell>
          <TableHeaderCell>Fastställd av</TableHeaderCell>
          <TableHeaderCell>När</TableHeaderCell>
          <TableHeaderCell>Ladda ner</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {view.reports.map((r) => (
          <TableRow key={r.version}>
            <TableCell>{r.version}</TableCell>
            <TableCell>{r.fixedBy}</TableCell>
            <TableCell>{dateTime(r.fixedAt)}</TableCell>
            <TableCell>
              <Button size="small" onClick={() => void file(r.version, 'docx')}>
                Word, version {r.version}
              </Button>{' '}
              <Button size="small" onClick={() => void file(r.version, 'pdf')}>
                PDF, version {r.version}
              </Button>{' '}
              <Button size="small" onClick={() => void file(r.version, 'csv')}>
                CSV, version {r.version}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function Dashboard(props: {
  me: Me;
  credentials: Credentials;
  planId?: string;
  people?: Person[];
  onPick: (p: Person) => void;
}) {
  const { me, credentials, people } = props;
  const [planId, setPlanId] = useState(props.planId ?? me.plans[0]?.id);
  const [view, setView] = useState<DashboardView>();
  const [error, setError] = useState<string>();
  const [opened, setOpened] = useState<string[]>([]);
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [histories, setHistories] = useState<Histories>({});
  useEffect(() => {
    if (!planId) return;
    setView(undefined);
    setHistories({});
    api.plan(credentials, planId).then(
      (v) => {
        setView(v);
        // An owner's few activities are opened at once; the whole plan's history is fetched as it is opened.
        setOpened(v.activities.length <= OPEN_AT_ONCE ? v.activities.map((a) => a.id) : []);
      },
      (e: Error) => setError(e.message),
    );
  }, [credentials, planId]);
  // Each opened activity's history, for the filter as it stands: fetched once per activity and filter.
  useEffect(() => {
    if (!planId || !view) return;
    let current = true;
    const missing = opened.filter((id) => !histories[id]);
    for (const id of missing) {
      api.history(credentials, planId, id, filter).then(
        (h) => current && setHistories((hs) => ({ ...hs, [id]: h })),
        (e: Error) => current && setError(e.message),
      );
    }
    return () => {
      current = false;
    };
  }, [credentials, planId, view, opened, filter]);
  const open = (ids: string[], show: boolean) =>
    setOpened((o) => (show ? [...new Set([...o, ...ids])] : o.filter((id) => !ids.includes(id))));
  const narrow = (f: HistoryFilter) => {
    setHistories({});
    setFilter(f);
  };
  const exportFile = useMemo(
    () => () =>
      api
        .download(credentials, `/api/tab/plans/${planId}/export.xlsx`, `${planId}-uppfoljning.xlsx`)
        .catch((e: Error) => setError(e.message)),
    [credentials, planId],
  );
  const current = people?.find((p) => credentials.kind === 'local' && p.userId === credentials.userId);

  return (
    <main style={{ padding: tokens.spacingHorizontalXL, maxWidth: 1200 }}>
      <Title2 as="h1">{view?.planTitle ?? 'Uppföljning'}</Title2>
      {view && (
        <Text as="p" block>
          {current ? `Lokalt läge: du ser planen som ${current.name}` : `Inloggad som ${me.name}`} – {ROLE[view.role]}.
        </Text>
      )}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' }}>
        {people && (
          <Field label="Visa som (Agents Playgrounds användare)">
            <Dropdown
              value={current ? `${current.name} (${current.role})` : ''}
              selectedOptions={current ? [current.userId] : []}
              onOptionSelect={(_e, d) => {
                const p = people.find((x) => x.userId === d.optionValue);
                if (p) props.onPick(p);
              }}
            >
              {people.map((p) => (
                <Option key={p.userId} value={p.userId}>{`${p.name} (${p.role})`}</Option>
              ))}
            </Dropdown>
          </Field>
        )}
        {me.plans.length > 1 && (
          <Field label="Plan">
            <Dropdown
              value={me.plans.find((p) => p.id === planId)?.title ?? ''}
              selectedOptions={planId ? [planId] : []}
              onOptionSelect={(_e, d) => setPlanId(d.optionValue)}
            >
              {me.plans.map((p) => (
                <Option key={p.id} value={p.id}>
                  {p.title}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        {view && view.role !== 'läsare' && (
          <Button appearance="primary" onClick={() => void exportFile()}>
            Ladda ner Excel-fil
          </Button>
        )}
      </div>
      {error && <Text role="alert">{error}</Text>}
      {!view && !error && <Spinner label="Hämtar planen …" />}
      {view && (
        <>
          <Section id="oversikt" title="Översikt">
            <Overview view={view} />
          </Section>
          <Section id="tidslinje" title="Tidslinje">
            <Timeline view={view} histories={histories} />
          </Section>
          <Section id="trender" title="Indikatorer över tid">
            <Trends view={view} histories={histories} />
          </Section>
          <Section id="aktiviteter" title="Aktiviteter och svar">
            <Activities
              view={view}
              histories={histories}
              opened={opened}
              filter={filter}
              onOpen={open}
              onFilter={narrow}
            />
          </Section>
          <Section id="rapporter" title="Rapporter">
            <Reports view={view} credentials={credentials} />
          </Section>
        </>
      )}
    </main>
  );
}
