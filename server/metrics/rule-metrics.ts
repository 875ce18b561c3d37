import { Counter, Gauge, type Registry } from 'prom-client';

/** What the rule metrics read from the RuleService (tools/rules/rule-service.ts). */
export interface RuleSource {
  /** Absent when the caller counts alerts itself through `countAlert` (server/app.ts, from its one alert subscription). */
  onAlert?(listener: (alert: unknown) => void): () => void;
  /** Activations fired per engine run (RuleService.onFire). */
  onFire?(listener: (fired: number) => void): () => void;
  engine?: { rules(): readonly unknown[] };
}

/** The rule engine: activations fired and alerts raised (no rule ids as labels: they are user text), rules loaded. */
export class RuleMetrics {
  readonly activations: Counter;
  readonly alerts: Counter;
  readonly loaded: Gauge;
  private source: RuleSource | null = null;

  constructor(registry: Registry) {
    const registers = [registry];
    this.activations = new Counter({ name: 'tunechat_rule_activations_total', help: 'Rule activations fired by the rule engine (each runs the rule\'s actions once).', registers });
    this.alerts = new Counter({ name: 'tunechat_alerts_total', help: 'Alerts raised by rules (trigger_alert).', registers });
    const read = () => this.source;
    this.loaded = new Gauge({
      name: 'tunechat_rules_loaded',
      help: 'Rules loaded in the rule engine now.',
      registers,
      collect() {
        this.set(read()?.engine?.rules().length ?? 0);
      },
    });
  }

  /** One alert raised (for a caller that already follows the alerts). */
  countAlert(): void {
    this.alerts.inc();
  }

  watch(source: RuleSource): () => void {
    this.source = source;
    const offs = [source.onAlert?.(() => this.countAlert()), source.onFire?.((fired) => this.activations.inc(fired))];
    return () => {
      for (const off of offs) off?.();
      if (this.source === source) this.source = null;
    };
  }
}
