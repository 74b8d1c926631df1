// OpenTelemetry traces (official SDK, OTLP over HTTP/JSON). Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set: then boot registers a NodeTracerProvider, Next.js's own request spans
// become the roots, and withSpan() below adds Patchbay's: route → refresh → token endpoint → proxy → upstream call.
//
// Off, withSpan() is one boolean check and a direct call: the proxy's hot path pays nothing. Spans carry bounded,
// secret-free attributes only (provider slug, method, status, outcome) — never a URL's query, a header or a body.
import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

const g = globalThis as { __patchbayTracing?: { shutdown(): Promise<void> } };

export function tracingEnabled(): boolean {
  return g.__patchbayTracing !== undefined;
}

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Registers the tracer provider once per process (lib/boot). Returns false when tracing is not configured. */
export async function startTracing(
  serviceName = process.env.OTEL_SERVICE_NAME || "patchbay",
): Promise<boolean> {
  if (g.__patchbayTracing) return true;
  if (!tracingConfigured()) return false;
  const [
    { NodeTracerProvider },
    { BatchSpanProcessor },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    sc,
  ] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/semantic-conventions"),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [sc.ATTR_SERVICE_NAME]: serviceName }),
    // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT/HEADERS/TIMEOUT itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 })],
  });
  provider.register(); // AsyncLocalStorage context manager + W3C trace-context propagator
  g.__patchbayTracing = { shutdown: () => provider.shutdown() };
  return true;
}

/** Flushes and stops the exporter (graceful shutdown). */
export async function stopTracing(): Promise<void> {
  const t = g.__patchbayTracing;
  g.__patchbayTracing = undefined;
  await t?.shutdown();
}

/**
 * Runs fn inside a child span of the active one. Errors mark the span and propagate unchanged. With tracing off,
 * fn runs directly with no span.
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!g.__patchbayTracing) return fn(undefined);
  return trace.getTracer("patchbay").startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : "error" });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The active trace id (for log lines), or undefined. */
export function activeTraceId(): string | undefined {
  if (!g.__patchbayTracing) return undefined;
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && ctx.traceId !== "00000000000000000000000000000000" ? ctx.traceId : undefined;
}
