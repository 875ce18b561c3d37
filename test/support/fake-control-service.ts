import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ControlSection } from '../../tools/control/types.ts';

/** Histogram bucket bounds, seconds (prom-client's defaults, as the example service uses). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One histogram's cumulative counters. */
class Histogram {
  readonly counts = BUCKETS.map(() => 0);
  count = 0;
  sum = 0;

  observe(seconds: number, times: number): void {
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.counts[i]! += times;
    });
    this.count += times;
    this.sum += seconds * times;
  }

  text(name: string): string {
    const lines = [`# HELP ${name} fake`, `# TYPE ${name} histogram`];
    BUCKETS.forEach((le, i) => lines.push(`${name}_bucket{le="${le}"} ${this.counts[i]}`));
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return lines.join('\n');
  }
}

export interface FakeControlService {
  url: string;
  /** The worker pool size the service runs with (what PUT /control set). */
  workers(): number;
  /** Sets the pool size as an operator would (between tests). */
  setWorkers(n: number): void;
  /** PUT /control bodies received, in order. */
  puts: Record<string, unknown>[];
  /** The `control` section of a target pointing at this service (example service metric names). */
  control: ControlSection;
  close(): Promise<void>;
}

/**
 * A service the controller can steer, on 127.0.0.1 port 0, shaped like examples/service: `GET/PUT /control`
 * ({"workers": n}) and `GET /metrics` in the Prometheus text format with the example's metric names. Its latency is a
 * function of the workers (`needed` of them keep p99 at 10 ms; fewer queue requests: +25 ms per missing worker), and
 * every scrape accounts `perScrape` requests at that latency, so the controller sees a clear SLO violation that
 * scaling up removes, without a load generator.
 */
export async function startFakeControlService(options: { workers?: number; needed?: number; perScrape?: number } = {}): Promise<FakeControlService> {
  let workers = options.workers ?? 4;
  const needed = options.needed ?? 12;
  const perScrape = options.perScrape ?? 200;
  const latency = new Histogram();
  const queueWait = new Histogram();
  const backend = new Histogram();
  let errors = 0;
  const puts: Record<string, unknown>[] = [];

  const metricsText = (): string => {
    const missing = Math.max(0, needed - workers);
    const wait = missing * 0.025;
    latency.observe(0.01 + wait, perScrape);
    queueWait.observe(wait, perScrape);
    backend.observe(0.01, perScrape);
    const busy = Math.min(workers, needed);
    return [
      latency.text('example_request_duration_seconds'),
      queueWait.text('example_queue_wait_seconds'),
      backend.text('example_backend_duration_seconds'),
      '# TYPE example_inflight_requests gauge', `example_inflight_requests ${busy + missing * 4}`,
      '# TYPE example_busy_workers gauge', `example_busy_workers ${busy}`,
      '# TYPE example_workers gauge', `example_workers ${workers}`,
      '# TYPE example_request_errors_total counter', `example_request_errors_total ${errors}`,
      '',
    ].join('\n');
  };

  const server: Server = createServer((req, res) => {
    const send = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.url === '/metrics') return send(200, metricsText(), 'text/plain; version=0.0.4');
    if (req.url !== '/control') return send(404, '{"error":"not found"}');
    if (req.method === 'GET') return send(200, JSON.stringify({ workers, busy: Math.min(workers, needed), queued: 0 }));
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        puts.push(parsed);
        if (typeof parsed.workers !== 'number' || !Number.isInteger(parsed.workers) || parsed.workers < 1) return send(400, '{"error":"workers must be a positive integer"}');
        workers = parsed.workers;
        send(200, JSON.stringify({ workers }));
      } catch {
        errors += 1;
        send(400, '{"error":"bad json"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    workers: () => workers,
    setWorkers: (n) => void (workers = n),
    puts,
    control: {
      metrics: {
        type: 'prometheus', url: `${url}/metrics`,
        signals: { latency: 'example_request_duration_seconds', queue_wait: 'example_queue_wait_seconds', service: 'example_backend_duration_seconds', inflight: 'example_inflight_requests', busy: 'example_busy_workers', errors: 'example_request_errors_total' },
      },
      parameters: { workers: { min: 1, max: 32, actuator: { type: 'http', url: `${url}/control` } } },
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
