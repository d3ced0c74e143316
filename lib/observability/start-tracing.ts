// Starts OpenTelemetry tracing for this process: loaded by instrumentation.ts only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. The Node SDK's own pieces (a tracer provider with
// AsyncLocalStorage context, a batch processor, the OTLP/HTTP exporter, which sends JSON) rather
// than @vercel/otel: this app runs only on Node (the standalone server), and these four packages
// are all it needs, where @vercel/otel asks for seven peer packages (logs and metrics SDKs
// included) for its edge runtime support. Next.js itself then opens a span per request (through
// the global provider registered here); lib/ adds spans per database statement (pool.ts) and per
// hold batch (traced()).
import * as api from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { tracing, setTracing } from "./tracing";

export function startTracing(endpoint: string, serviceName: string): void {
  if (tracing()) return;
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName, "process.pid": process.pid }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
  });
  provider.register();
  setTracing({ api, tracer: api.trace.getTracer("flash-sale") });
}
