/**
 * Runs in its own Node process (see telemetry.test.ts): starts telemetry the way preload.ts does in
 * production, with OpenTelemetry's in-memory exporters next to Azure Monitor's own (whose ingestion
 * endpoint is a local receiver), then loads the real bot, drives it over its HTTP endpoint and
 * writes what the exporters saw to the file named in argv[3].
 *
 *   node -r ./test/support/tsRequire.js test/telemetry/harness.ts <sqlite|cosmos> <out.json>
 */
import { createServer, type AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { startTelemetry, stopTelemetry } from '../../src/telemetry/telemetry';

export interface HarnessResult {
  spans: Array<{ name: string; kind: number; traceId: string; scope: string; attributes: Record<string, unknown> }>;
  logs: Array<{ body: unknown; traceId?: string; attributes: Record<string, unknown> }>;
  metrics: Array<{ name: string; attributes: Record<string, unknown>; value: number; count?: number }>;
  /** Connections Azure Monitor's exporter opened to the ingestion endpoint. */
  ingested: number;
  connectorHost: string;
  cosmosHost?: string;
}

async function main(): Promise<void> {
  const [backend, out] = process.argv.slice(2) as ['sqlite' | 'cosmos', string];
  process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true';
  process.env.APPLICATIONINSIGHTS_SDKSTATS_DISABLED = 'true';

  // Azure Monitor's exporter speaks HTTPS to its ingestion endpoint; counting the connections it
  // opens here is enough to know it sends to the endpoint configured, and nowhere else.
  let ingested = 0;
  const ingestion = createServer((socket) => {
    ingested += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => ingestion.listen(0, '127.0.0.1', resolve));
  const connectionString = `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:${(ingestion.address() as AddressInfo).port}/`;

  const spans = new InMemorySpanExporter();
  const logs = new InMemoryLogRecordExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  startTelemetry({
    connectionString,
    spanProcessors: [new SimpleSpanProcessor(spans)],
    logRecordProcessors: [new SimpleLogRecordProcessor(logs)],
    metricReaders: [metricReader],
  });

  // The bot and its test support are loaded only now, as after preload.ts in production.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startTestBot, storeFor, stopLocalCosmos } = require('../support/bot') as typeof import('../support/bot');
  const { LocalConnector } = require('../support/connector') as typeof import('../support/connector');
  const { Chat, promptSubmission } = require('../support/conversation') as typeof import('../support/conversation');
  const { USERS, installationUpdate, postActivity } = require('../support/teams') as typeof import('../support/teams');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const connector = await new LocalConnector().start();
  const storeSettings = await storeFor(backend);
  const bot = await startTestBot({
    storeSettings,
    now: '2026-11-30T08:30:00+01:00',
    env: { APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString, LOG_LEVEL: 'info' },
  });
  const chat = new Chat(bot, connector);
  for (const user of [USERS.karin, USERS.johan]) {
    await postActivity(bot.url, installationUpdate(connector.url, user, 'add'));
  }
  await bot.scheduler.tick(); // sets the schedule's cursors

  // An owner answers from a card, and retries the same card.
  const sent = await chat.say(USERS.karin, '/uppdatera', 4);
  const card = sent
    .map((a) => a.body.attachments?.[0]?.content as Record<string, unknown> | undefined)
    .find((c) => JSON.stringify(c?.actions ?? []).includes('"activityId":"2a"'))!;
  const submission = promptSubmission(card, { status: 'pågår', comment: 'Enligt plan.' });
  await chat.press(USERS.karin, 'submitStatus', submission);
  await chat.press(USERS.karin, 'submitStatus', submission);

  // The scheduled prompts: Teams throttles Karin's chat twice, Johan has blocked the bot.
  let refused = 0;
  connector.responder = (req) => {
    if (req.url?.includes('personal-user-id-1')) return { status: 403 };
    if (req.url?.includes('personal-user-id-0') && refused < 2) {
      refused += 1;
      return { status: 429, headers: { 'retry-after': '1' } };
    }
    return undefined;
  };
  bot.clock.set('2026-11-30T09:00:30+01:00');
  await bot.scheduler.tick();

  await metricReader.forceFlush();
  const metrics = (metricExporter.getMetrics().at(-1)?.scopeMetrics ?? [])
    .flatMap((scope) => scope.metrics)
    .flatMap((m) =>
      m.dataPoints.map((p) => {
        const v = p.value as number | { sum?: number; count: number };
        return {
          name: m.descriptor.name,
          attributes: p.attributes,
          value: typeof v === 'number' ? v : (v.sum ?? 0),
          count: typeof v === 'number' ? undefined : v.count,
        };
      }),
    );
  const result: HarnessResult = {
    spans: spans.getFinishedSpans().map((sp) => ({
      name: sp.name,
      kind: sp.kind,
      traceId: sp.spanContext().traceId,
      attributes: sp.attributes,
      scope: sp.instrumentationScope.name,
    })),
    logs: logs.getFinishedLogRecords().map((r) => ({
      body: r.body,
      traceId: r.spanContext?.traceId,
      attributes: r.attributes,
    })),
    metrics,
    ingested: 0,
    connectorHost: new URL(connector.url).host,
    cosmosHost: storeSettings?.kind === 'cosmos' ? new URL(storeSettings.endpoint).host : undefined,
  };

  await bot.dispose();
  await connector.stop();
  await stopLocalCosmos();
  // Flushes Azure Monitor's exporter to the ingestion endpoint, which refuses it.
  await stopTelemetry().catch(() => undefined);
  result.ingested = ingested;
  ingestion.close();
  writeFileSync(out, JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
