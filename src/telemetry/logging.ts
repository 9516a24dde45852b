import { context, trace } from '@opentelemetry/api';
import { logs, SeverityNumber, type AnyValueMap } from '@opentelemetry/api-logs';
import pino from 'pino';
import { INSTRUMENTATION_SCOPE } from './telemetry';

const SEVERITY: Record<number, SeverityNumber> = {
  10: SeverityNumber.TRACE,
  20: SeverityNumber.DEBUG,
  30: SeverityNumber.INFO,
  40: SeverityNumber.WARN,
  50: SeverityNumber.ERROR,
  60: SeverityNumber.FATAL,
};

/** pino's own fields, which the log record carries in its own way. */
const OWN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'trace_id', 'span_id', 'trace_flags']);

/**
 * A pino destination that hands every line to OpenTelemetry's log API in the context of the call
 * that logged it, so each log record in Application Insights carries the operation (request,
 * tick) it belongs to. pino writes synchronously, so the active context is the caller's.
 */
function openTelemetryDestination(): { write(line: string): void } {
  const logger = logs.getLogger(INSTRUMENTATION_SCOPE);
  return {
    write(line: string) {
      const record = JSON.parse(line) as Record<string, unknown>;
      const attributes: AnyValueMap = {};
      for (const [key, value] of Object.entries(record)) {
        if (OWN.has(key) || value === undefined) continue;
        attributes[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string);
      }
      const level = Number(record.level);
      logger.emit({
        severityNumber: SEVERITY[level] ?? SeverityNumber.INFO,
        severityText: pino.levels.labels[level]?.toUpperCase(),
        body: typeof record.msg === 'string' ? record.msg : '',
        attributes,
        context: context.active(),
        timestamp: typeof record.time === 'number' ? record.time : undefined,
      });
    },
  };
}

/**
 * The bot's logger: JSON lines on stdout (App Service keeps them), each with the trace and span it
 * was written in; with telemetry on, every line also goes to Application Insights as a trace
 * correlated with its request or tick.
 */
export function createLogger(level: string, telemetry: boolean, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'atgardsplan-bot' },
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
  };
  if (destination) return pino(options, destination);
  if (!telemetry) return pino(options);
  return pino(
    options,
    pino.multistream([
      { level: 'trace', stream: process.stdout },
      { level: 'trace', stream: openTelemetryDestination() },
    ]),
  );
}
