import { readFileSync } from 'node:fs';

/** One PromQL query of the shipped Grafana dashboard. */
export interface DashboardQuery {
  panel: string;
  refId: string;
  expr: string;
  legendFormat: string;
}

export const DASHBOARD_PATH = new URL('../../deploy/grafana/dashboards/tunechat.json', import.meta.url);

interface PanelJson {
  type: string;
  title: string;
  targets?: { refId: string; expr: string; legendFormat?: string }[];
  panels?: PanelJson[];
}

/** Every query of every panel (rows' nested panels included), in dashboard order. */
export function dashboardQueries(dashboard: { panels: PanelJson[] } = JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8'))): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  const visit = (panels: PanelJson[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) out.push({ panel: panel.title, refId: target.refId, expr: target.expr, legendFormat: target.legendFormat ?? '' });
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels);
  return out;
}

/**
 * Grafana's built-in variables replaced by concrete values, as Grafana does before sending a query. `rateInterval` must
 * hold at least two scrapes (Grafana's $__rate_interval is max(4 × scrape interval, $__interval + scrape interval)).
 */
export function concreteQuery(expr: string, ranges: { rateInterval: string; interval: string; range: string }): string {
  const concrete = expr.replaceAll('$__rate_interval', ranges.rateInterval).replaceAll('$__interval', ranges.interval).replaceAll('$__range', ranges.range);
  const left = /\$\{?\w+/.exec(concrete);
  if (left) throw new Error(`query has a variable the test does not substitute (${left[0]}): ${expr}`);
  return concrete;
}
