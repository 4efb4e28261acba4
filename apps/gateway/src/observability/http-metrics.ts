import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

export interface HttpMetrics {
  registry: Registry;
  observe(request: { method: string; route: string; status: number; durationMs: number }): void;
}

/** A Registry per app (not prom-client's global one), so two apps in one process do not clash. */
export function createHttpMetrics({ instanceId }: { instanceId: string }): HttpMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ instance_id: instanceId });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by route, method and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration by route, method and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    observe({ method, route, status, durationMs }) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, durationMs / 1000);
    },
  };
}
