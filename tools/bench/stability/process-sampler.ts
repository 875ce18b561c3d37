import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ToolError } from '../../common/errors.ts';
import { round } from '../stats.ts';
import type { ProcessSample } from '../types.ts';

/** Linux USER_HZ: /proc/<pid>/stat reports CPU time in these ticks (100 on every mainstream kernel config). */
const CLOCK_TICKS_PER_SECOND = 100;

interface Reading {
  cpuMs: number;
  rssKb: number;
}

/** CPU time (utime + stime, fields 14 and 15 of /proc/<pid>/stat) and VmRSS of a process. */
export function readProcess(pid: number): Reading {
  let stat: string;
  let status: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    throw new ToolError('not_found', `no process with pid ${pid} can be read from /proc (it exited, or this is not Linux)`, { details: { parameter: 'pid', pid }, cause: error });
  }
  // The command name (field 2) may contain spaces and parentheses: split after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+)/.exec(status);
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssKb: rss ? Number(rss[1]) : 0 };
}

/**
 * Samples a process once a second: CPU % (of one core) and RSS from /proc, and for tunechat's own process
 * (pid = process.pid) the event-loop delay p99 from `monitorEventLoopDelay`, which shows GC and blocking pauses.
 */
export function startProcessSampler(pid: number, intervalMs = 1000): { stop(): ProcessSample[] } {
  const own = pid === process.pid;
  const loop = own ? monitorEventLoopDelay({ resolution: 10 }) : null;
  loop?.enable();
  const samples: ProcessSample[] = [];
  const t0 = performance.now();
  let last = { at: t0, reading: own ? ownReading() : readProcess(pid) };
  const timer = setInterval(() => {
    let reading: Reading;
    try {
      reading = own ? ownReading() : readProcess(pid);
    } catch {
      return;
    }
    const at = performance.now();
    samples.push({
      t_s: round((at - t0) / 1000, 3),
      cpu_percent: round(((reading.cpuMs - last.reading.cpuMs) / (at - last.at)) * 100, 1),
      rss_kb: reading.rssKb,
      event_loop_p99_ms: loop ? round(loop.percentile(99) / 1e6, 3) : null,
    });
    loop?.reset();
    last = { at, reading };
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      loop?.disable();
      return samples;
    },
  };
}

function ownReading(): Reading {
  const cpu = process.cpuUsage();
  return { cpuMs: (cpu.user + cpu.system) / 1000, rssKb: Math.round(process.memoryUsage.rss() / 1024) };
}
