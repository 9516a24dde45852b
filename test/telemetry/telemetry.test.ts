import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SpanKind } from '@opentelemetry/api';
import { EVENTS, METRICS } from '../../src/telemetry/telemetry';
import { USERS } from '../support/teams';
import type { HarnessResult } from './harness';

const ROOT = join(__dirname, '..', '..');

/**
 * OpenTelemetry patches modules through Node's own require, which Jest replaces, so the bot runs
 * with telemetry in a child process (harness.ts) and reports what the in-memory exporters saw.
 */
async function runHarness(backend: 'sqlite' | 'cosmos'): Promise<HarnessResult> {
  const dir = mkdtempSync(join(tmpdir(), 'telemetry-'));
  try {
    const out = join(dir, 'result.json');
    await promisify(execFile)(
      process.execPath,
      ['-r', './test/support/tsRequire.js', 'test/telemetry/harness.ts', backend, out],
      { cwd: ROOT, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return JSON.parse(readFileSync(out, 'utf8')) as HarnessResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const urlOf = (span: HarnessResult['spans'][number]): string =>
  String(span.attributes['url.full'] ?? span.attributes['http.url'] ?? '');

describe.each(['sqlite', 'cosmos'] as const)('telemetry to Application Insights (%s store)', (backend) => {
  let result: HarnessResult;
  beforeAll(async () => {
    result = await runHarness(backend);
  }, 120_000);

  const requests = () => result.spans.filter((s) => s.kind === SpanKind.SERVER && urlOf(s).includes('/api/messages'));
  const dependencies = (host: string, traceId?: string) =>
    result.spans.filter(
      (s) =>
        s.kind === SpanKind.CLIENT &&
        s.scope === '@opentelemetry/instrumentation-http' &&
        urlOf(s).includes(host) &&
        (traceId === undefined || s.traceId === traceId),
    );
  const metric = (name: string, match: Record<string, unknown> = {}) =>
    result.metrics
      .filter((m) => m.name === name && Object.entries(match).every(([k, v]) => m.attributes[k] === v))
      .reduce((acc, m) => ({ value: acc.value + m.value, count: acc.count + (m.count ?? 0) }), { value: 0, count: 0 });
  const events = (name: string) => result.logs.filter((l) => l.attributes['microsoft.custom_event.name'] === name);

  it('every message to the bot is a request, and its replies through the Bot Connector are its dependencies', () => {
    expect(requests().length).toBeGreaterThanOrEqual(4);
    for (const request of requests()) {
      expect(request.attributes['http.status_code'] ?? request.attributes['http.response.status_code']).toBe(200);
    }
    const withReplies = requests().filter((r) => dependencies(result.connectorHost, r.traceId).length > 0);
    expect(withReplies.length).toBeGreaterThan(0);
  });

  it('a log line written while an answer is saved carries the trace of the request that saved it', () => {
    const saved = result.logs.filter((l) => l.body === 'Svar sparat');
    expect(saved).toHaveLength(2); // the answer and its retry
    for (const line of saved) {
      expect(line.attributes).toMatchObject({ activity: '2a' });
      expect(requests().map((r) => r.traceId)).toContain(line.traceId);
    }
  });

  if (backend === 'cosmos') {
    it("each Cosmos DB operation's request charge is recorded, by operation", () => {
      // The local peer charges 1 RU for every request; a real account says what each costs.
      expect(metric(METRICS.storeCharge, { operation: 'answer.create' })).toEqual({ value: 1, count: 1 });
      expect(metric(METRICS.storeCharge, { operation: 'card.read' }).count).toBeGreaterThan(0);
      expect(metric(METRICS.storeCharge, { operation: 'record.read' }).count).toBeGreaterThan(0);
    });

    it('each Cosmos DB call made while saving is a dependency of that request', () => {
      const saving = result.logs.find((l) => l.body === 'Svar sparat')!;
      expect(dependencies(result.cosmosHost!, saving.traceId).length).toBeGreaterThan(0);
    });
  }

  it('counts an answer once, however often its card is sent', () => {
    expect(metric(METRICS.answersSaved, { activityId: '2a' }).value).toBe(1);
  });

  it('counts prompts sent and recipients unreachable, and records each failed delivery with recipient and status', () => {
    expect(metric(METRICS.deliveries, { kind: 'prompts', outcome: 'sent' }).value).toBe(1);
    expect(metric(METRICS.deliveries, { kind: 'prompts', outcome: 'unreachable' }).value).toBe(1);
    expect(metric(METRICS.deliveries, { outcome: 'failed' }).value).toBe(0);
    const failed = events(EVENTS.deliveryFailed);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.attributes).toMatchObject({
      kind: 'prompts',
      recipient: USERS.johan.aadObjectId,
      outcome: 'unreachable',
      status: 403,
    });
  });

  it('counts every 429 from Teams and the wait each asked for, and shows the 429 on the dependency', () => {
    expect(metric(METRICS.throttled).value).toBe(2);
    expect(metric(METRICS.throttledWait)).toEqual({ value: 2000, count: 2 });
    const throttled = dependencies(result.connectorHost).filter(
      (s) => (s.attributes['http.status_code'] ?? s.attributes['http.response.status_code']) === 429,
    );
    expect(throttled).toHaveLength(2);
  });

  it("records each scheduler tick's report as one event, and its duration", () => {
    const ticks = events(EVENTS.tick);
    expect(ticks).toHaveLength(2); // the first sets the cursors, the second sends the prompts
    expect(ticks[1]!.attributes).toMatchObject({ leader: true, prompts: '2026-11-30' });
    // Karin's two 429s asked for a second each.
    expect(Number(ticks[1]!.attributes.durationMs)).toBeGreaterThanOrEqual(2000);
    expect(metric(METRICS.tickDuration).count).toBe(2);
  });

  it("sends through Azure Monitor's exporter to the connection string's ingestion endpoint", () => {
    expect(result.ingested).toBeGreaterThan(0);
  });
});
