import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ControlObserver } from '../tools/control/types.ts';
import { BenchMetrics, type BenchSource } from './metrics/bench-metrics.ts';
import { ControlMetrics } from './metrics/control-metrics.ts';
import { registerBuildInfo, registerProcessMetrics } from './metrics/process-metrics.ts';
import { RuleMetrics, type RuleSource } from './metrics/rule-metrics.ts';
import { StudyMetrics, type StudySource } from './metrics/study-metrics.ts';
import { QueueMetrics, type QueueSource } from './metrics/queue-metrics.ts';

/** Tool durations from 1 ms (a lookup) to 10 min (a long study). */
const TOOL_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 600];

export interface AppMetricsOptions {
  /** Node.js process metrics (prom-client defaults: CPU, memory, event loop lag, GC). Default false; the real server turns them on. */
  processMetrics?: boolean;
  /** Version in `tunechat_build_info` (default: package.json's). */
  version?: string;
}

/** The services AppMetrics follows; each is optional (an app without a ControllerManager simply has no controller series). */
export interface MetricSources {
  studies?: StudySource;
  bench?: BenchSource;
  rules?: RuleSource;
  /** The ControllerManager (tools/control/controller-manager.ts): told about every decision and status change. */
  controllers?: { addObserver?(observer: ControlObserver): () => void };
  /** Distributed trials (tools/distributed/distributed-trials.ts): the queue and its workers, read at scrape time. */
  queue?: QueueSource;
}

/**
 * The app's Prometheus metrics, in a registry of their own (no process-global default registry), so
 * several apps in one process (tests) do not collide. Names follow Prometheus conventions: base units, `_total` counters.
 * Areas: chat and tools (here), studies, benchmarks, rules, controllers and the process (server/metrics/*.ts);
 * docs/observability.md lists every metric.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly chatTurns = new Counter({
    name: 'tunechat_chat_turns_total',
    help: 'Chat turns run by this server, by outcome (completed, aborted, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly toolCalls = new Counter({
    name: 'tunechat_tool_calls_total',
    help: 'Agent tool calls, by tool and outcome (success, error).',
    labelNames: ['tool', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly toolDuration = new Histogram({
    name: 'tunechat_tool_duration_seconds',
    help: 'Time from a tool call being issued to its output, in seconds.',
    labelNames: ['tool'] as const,
    buckets: TOOL_DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly websocketsActive = new Gauge({
    name: 'tunechat_websockets_active',
    help: 'Open websocket connections.',
    registers: [this.registry],
  });

  readonly studies = new StudyMetrics(this.registry);
  readonly bench = new BenchMetrics(this.registry);
  readonly rules = new RuleMetrics(this.registry);
  readonly control = new ControlMetrics(this.registry);
  readonly queue = new QueueMetrics(this.registry);

  constructor(options: AppMetricsOptions = {}) {
    registerBuildInfo(this.registry, options.version);
    if (options.processMetrics) registerProcessMetrics(this.registry);
  }

  /** Subscribes to the services' events (studies, benchmarks, rules, controllers). Returns the function that unsubscribes. */
  watch(sources: MetricSources): () => void {
    const offs = [
      sources.studies && this.studies.watch(sources.studies),
      sources.bench && this.bench.watch(sources.bench),
      sources.rules && this.rules.watch(sources.rules),
      sources.controllers?.addObserver?.(this.control),
      sources.queue && this.queue.watch(sources.queue),
    ];
    return () => {
      for (const off of offs) off?.();
    };
  }

  /** The observer a ControllerManager calls with every decision and status change. */
  controlObserver(): ControlObserver {
    return this.control;
  }

  /** Prometheus text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Follows one turn's chunks and records its tool calls (by toolCallId) with their outcome and duration. */
  chunkObserver(now: () => number): (chunk: { type: string; [key: string]: unknown }) => void {
    const started = new Map<string, { tool: string; at: number }>();
    return (chunk) => {
      const id = typeof chunk.toolCallId === 'string' ? chunk.toolCallId : null;
      if (!id) return;
      if (chunk.type === 'tool-input-available' || chunk.type === 'tool-input-error') {
        started.set(id, { tool: String(chunk.toolName), at: now() });
        if (chunk.type === 'tool-input-error') this.finishTool(started, id, 'error', now());
      } else if (chunk.type === 'tool-output-available' && chunk.preliminary !== true) {
        this.finishTool(started, id, 'success', now());
      } else if (chunk.type === 'tool-output-error' || chunk.type === 'tool-output-denied') {
        this.finishTool(started, id, 'error', now());
      }
    };
  }

  private finishTool(started: Map<string, { tool: string; at: number }>, id: string, outcome: string, at: number): void {
    const call = started.get(id);
    if (!call) return;
    started.delete(id);
    this.toolCalls.inc({ tool: call.tool, outcome });
    this.toolDuration.observe({ tool: call.tool }, (at - call.at) / 1000);
  }
}
