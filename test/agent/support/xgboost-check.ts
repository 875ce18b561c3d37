import { spawnSync } from 'node:child_process';

/** Why the XGBoost example cannot run here (python3-xgboost / python3-sklearn missing), or null when it can. */
export function xgboostUnavailable(): string | null {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import xgboost, sklearn'], { encoding: 'utf8', timeout: 20_000 });
  return probe.status === 0 ? null : `the XGBoost example needs /usr/bin/python3 with xgboost and sklearn (apt: python3-xgboost python3-sklearn): ${probe.stderr?.trim() || probe.error?.message}`;
}
