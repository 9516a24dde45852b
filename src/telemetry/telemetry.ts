import { metrics, SpanKind, type Attributes, type Counter, type Histogram } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import type * as AzureMonitorDistro from '@azure/monitor-opentelemetry';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import type { OperationsObserver } from '../app/ports';

/**
 * The Azure Monitor distro (about 1.3 s of module loading) is loaded only when telemetry is
 * started, i.e. when APPLICATIONINSIGHTS_CONNECTION_STRING is set; without it the bot never pays
 * for it. A synchronous require: the preload must have it in place before the bot's modules load.
 */
function azureMonitor(): typeof AzureMonitorDistro {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@azure/monitor-opentelemetry') as typeof AzureMonitorDistro;
}

export const INSTRUMENTATION_SCOPE = 'atgardsplan-bot';

/** Names of what the bot records, as they appear in Application Insights. */
export const METRICS = {
  answersSaved: 'atgardsplan.answers.saved',
  deliveries: 'atgardsplan.deliveries',
  throttled: 'atgardsplan.throttled',
  throttledWait: 'atgardsplan.throttled.wait',
  tickDuration: 'atgardsplan.scheduler.tick.duration',
  storeCharge: 'atgardsplan.store.request_charge',
} as const;

export const EVENTS = {
  tick: 'SchedulerTick',
  deliveryFailed: 'DeliveryFailed',
} as const;

/** The attribute that makes a log record a custom event in Application Insights (customEvents). */
const CUSTOM_EVENT_NAME = 'microsoft.custom_event.name';

export interface TelemetrySettings {
  connectionString: string;
  /** Extra processors and readers, next to Azure Monitor's: the tests' in-memory exporters. */
  spanProcessors?: AzureMonitorOpenTelemetryOptions['spanProcessors'];
  metricReaders?: AzureMonitorOpenTelemetryOptions['metricReaders'];
  logRecordProcessors?: AzureMonitorOpenTelemetryOptions['logRecordProcessors'];
}

/**
 * Starts OpenTelemetry with the Azure Monitor distro: incoming requests and outgoing calls (the
 * Bot Connector, Cosmos DB) become requests and dependencies, and the bot's logs, metrics and
 * events go to Application Insights. Start it before the rest of the bot is loaded (preload.ts),
 * so the HTTP and Azure SDK instrumentations see every module they patch.
 */
export function startTelemetry(settings: TelemetrySettings): void {
  azureMonitor().useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: settings.connectionString },
    // A few hundred requests a day: keep every trace rather than the default 5 a second.
    samplingRatio: 1,
    tracesPerSecond: 0,
    enableLiveMetrics: false,
    instrumentationOptions: {
      // 429s and the wait they ask for, on the dependency and in the throttling metrics.
      http: {
        enabled: true,
        headersToSpanAttributes: { client: { responseHeaders: ['retry-after', 'x-ms-retry-after-ms'] } },
      } as NonNullable<AzureMonitorOpenTelemetryOptions['instrumentationOptions']>['http'],
    },
    spanProcessors: [new ThrottlingMetrics(), ...(settings.spanProcessors ?? [])],
    metricReaders: settings.metricReaders,
    logRecordProcessors: settings.logRecordProcessors,
  });
}

type SpanProcessor = NonNullable<AzureMonitorOpenTelemetryOptions['spanProcessors']>[number];
type FinishedSpan = Parameters<SpanProcessor['onEnd']>[0];

/** How long a 429 asked to wait: Retry-After (seconds, as Teams sends it) or x-ms-retry-after-ms (Cosmos DB). */
function requestedWaitMs(span: FinishedSpan): number | undefined {
  const header = (name: string): string | undefined => {
    // Older semantic conventions write the header's name with underscores.
    const value =
      span.attributes[`http.response.header.${name}`] ??
      span.attributes[`http.response.header.${name.replace(/-/g, '_')}`];
    return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
  };
  const ms = Number(header('x-ms-retry-after-ms'));
  if (Number.isFinite(ms) && header('x-ms-retry-after-ms') !== undefined) return ms;
  const seconds = Number(header('retry-after'));
  return header('retry-after') !== undefined && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * Counts every 429 an outgoing call got, whoever retried it (the Bot Connector client's own
 * retries, the bot's pacing, the Cosmos DB SDK), and the wait each one asked for, by host.
 */
class ThrottlingMetrics implements SpanProcessor {
  // Made on first use: the meter provider is registered after this processor is built.
  private instruments?: { count: Counter; waits: Histogram };

  private get metrics() {
    const meter = metrics.getMeter(INSTRUMENTATION_SCOPE);
    this.instruments ??= {
      count: meter.createCounter(METRICS.throttled, {
        description: 'Svar 429 på utgående anrop (Bot Connector, Cosmos DB)',
      }),
      waits: meter.createHistogram(METRICS.throttledWait, {
        description: 'Väntan som ett svar 429 begärde',
        unit: 'ms',
      }),
    };
    return this.instruments;
  }

  onStart(): void {}

  onEnd(span: FinishedSpan): void {
    // Each call is also a span of the Azure SDK's pipeline; count the HTTP layer's only.
    if (span.kind !== SpanKind.CLIENT || span.instrumentationScope.name !== '@opentelemetry/instrumentation-http')
      return;
    const status = span.attributes['http.response.status_code'] ?? span.attributes['http.status_code'];
    if (Number(status) !== 429) return;
    const host = String(span.attributes['server.address'] ?? span.attributes['net.peer.name'] ?? 'okänd');
    this.metrics.count.add(1, { host });
    const wait = requestedWaitMs(span);
    if (wait !== undefined) this.metrics.waits.record(wait, { host });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Flushes what is buffered and stops; on shutdown. */
export function stopTelemetry(): Promise<void> {
  return azureMonitor().shutdownAzureMonitor();
}

/** Keeps only values a span or log attribute can hold. */
function attributes(values: Record<string, unknown>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    out[key] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : JSON.stringify(value);
  }
  return out;
}

/** The observer as OpenTelemetry metrics and Application Insights custom events. */
export class TelemetryObserver implements OperationsObserver {
  private readonly meter = metrics.getMeter(INSTRUMENTATION_SCOPE);
  private readonly logger = logs.getLogger(INSTRUMENTATION_SCOPE);
  private readonly answers = this.meter.createCounter(METRICS.answersSaved, {
    description: 'Svar som sparats (nya, inte upprepade)',
  });
  private readonly deliveries = this.meter.createCounter(METRICS.deliveries, {
    description: 'Utskick till Teams efter utfall: sent, unreachable eller failed',
  });
  private readonly ticks = this.meter.createHistogram(METRICS.tickDuration, {
    description: 'Hur lång tid ett varv av schemaläggaren tog',
    unit: 'ms',
  });

  private readonly charges = this.meter.createHistogram(METRICS.storeCharge, {
    description: 'Vad en åtgärd mot Cosmos DB kostade i request units (x-ms-request-charge), per åtgärd',
    unit: 'RU',
  });

  private event(name: string, body: string, values: Record<string, unknown>, warn = false): void {
    this.logger.emit({
      severityNumber: warn ? SeverityNumber.WARN : SeverityNumber.INFO,
      severityText: warn ? 'WARN' : 'INFO',
      body,
      attributes: attributes({ [CUSTOM_EVENT_NAME]: name, ...values }),
    });
  }

  answerSaved(event: { planId: string; activityId: string }): void {
    this.answers.add(1, { planId: event.planId, activityId: event.activityId });
  }

  delivered(event: Parameters<OperationsObserver['delivered']>[0]): void {
    const { outcome } = event.outcome;
    this.deliveries.add(1, { kind: event.kind, outcome });
    if (outcome === 'sent') return;
    this.event(
      EVENTS.deliveryFailed,
      outcome === 'unreachable' ? 'Mottagaren kunde inte nås' : 'Utskicket misslyckades',
      {
        kind: event.kind,
        recipient: event.recipient,
        outcome,
        status: 'status' in event.outcome ? event.outcome.status : undefined,
        message: 'message' in event.outcome ? event.outcome.message : undefined,
      },
      true,
    );
  }

  storeCharged(event: { operation: string; requestUnits: number }): void {
    this.charges.record(event.requestUnits, { operation: event.operation });
  }

  tickFinished(event: Parameters<OperationsObserver['tickFinished']>[0]): void {
    this.ticks.record(event.durationMs, { leader: event.report.leader, failed: event.error !== undefined });
    this.event(
      EVENTS.tick,
      event.error ? 'Schemaläggarens varv misslyckades' : 'Schemaläggarens varv',
      { ...event.report, durationMs: Math.round(event.durationMs), error: event.error },
      event.error !== undefined,
    );
  }
}
