// Spans around the app's own work, when tracing is on (instrumentation.ts starts it only with
// OTEL_EXPORTER_OTLP_ENDPOINT set; start-tracing.ts). Off, `traced` calls the work directly and
// this module imports nothing at run time: the OpenTelemetry packages are never loaded.
import type * as Api from "@opentelemetry/api";

export type Tracing = { api: typeof Api; tracer: Api.Tracer };

const globalForTracing = globalThis as unknown as { __flashSaleTracing?: Tracing };

export function tracing(): Tracing | undefined {
  return globalForTracing.__flashSaleTracing;
}

export function setTracing(value: Tracing) {
  globalForTracing.__flashSaleTracing = value;
}

/** Runs `work` inside a span named `name` (a child of the request's span), or just runs it. */
export function traced<T>(name: string, attributes: Api.Attributes, work: () => Promise<T>): Promise<T> {
  const t = tracing();
  if (!t) return work();
  return t.tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: t.api.SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
