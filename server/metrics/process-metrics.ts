import { readFileSync } from 'node:fs';
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';

let packageVersion: string | null = null;

/** tunechat's version from package.json, read once. */
export function tunechatVersion(): string {
  if (packageVersion === null) {
    try {
      const json = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      packageVersion = typeof json.version === 'string' ? json.version : 'unknown';
    } catch {
      packageVersion = 'unknown';
    }
  }
  return packageVersion;
}

/** `tunechat_build_info{version, node_version} 1`: metadata as labels, the Prometheus `_info` convention. */
export function registerBuildInfo(registry: Registry, version: string = tunechatVersion()): Gauge<'version' | 'node_version'> {
  const info = new Gauge({ name: 'tunechat_build_info', help: 'tunechat build metadata (always 1).', labelNames: ['version', 'node_version'], registers: [registry] });
  info.set({ version, node_version: process.version }, 1);
  return info;
}

/**
 * prom-client's default process and Node.js metrics (process_cpu_seconds_total, process_resident_memory_bytes,
 * nodejs_eventloop_lag_seconds, nodejs_heap_*, GC…) under their standard names, so stock Node.js dashboards work.
 * Only the real server registers them (AppOptions.processMetrics): each call adds GC and event-loop observers
 * for the process's lifetime, which tests that build many apps do not need. Three of them carry a `_total` suffix
 * on gauges (nodejs_active_handles_total, …), which `promtool check metrics` flags; they are prom-client's names.
 */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
}
