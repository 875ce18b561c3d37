/**
 * Telling a process apart from a later one that got the same pid. Linux only (`/proc`); elsewhere every function
 * returns null, and callers must then assume nothing (the start-up cleanup kills nothing it cannot identify).
 */
import { readFileSync } from 'node:fs';

/** A running process as `/proc/<pid>/stat` shows it. */
export interface ProcessStat {
  pid: number;
  /** Field 3: R, S, D, Z (zombie: exited, not yet reaped), T… */
  state: string;
  /** Field 5: the process group it is in now. */
  pgrp: number;
  /** Field 22: when it started, in clock ticks since boot. With the boot id, no other process has the same one. */
  startTime: string;
}

/** `/proc/<pid>/stat` parsed, or null when the process does not exist (or there is no `/proc`). */
export function readProcessStat(pid: number, procRoot = '/proc'): ProcessStat | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let text: string;
  try {
    text = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses and may itself contain spaces and ')': fields 3… follow the last ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).trim().split(' ');
  const state = fields[0];
  const pgrp = Number(fields[2]);
  const startTime = fields[19];
  if (!state || !Number.isInteger(pgrp) || !startTime || !/^\d+$/.test(startTime)) return null;
  return { pid, state, pgrp, startTime };
}

/** This boot's id (`/proc/sys/kernel/random/boot_id`): start times count from boot, so they only compare within one. */
export function readBootId(procRoot = '/proc'): string | null {
  try {
    return readFileSync(`${procRoot}/sys/kernel/random/boot_id`, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Whether `pid` is a live (not zombie) process that started at `startTime`: the same process that was recorded. */
export function isSameLiveProcess(pid: number, startTime: string, procRoot = '/proc'): boolean {
  const stat = readProcessStat(pid, procRoot);
  return stat !== null && stat.state !== 'Z' && stat.startTime === startTime;
}
