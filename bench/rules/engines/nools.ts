// @ts-expect-error nools ships no type declarations
import nools from 'nools';
import type { WorkloadA, WorkloadB } from '../workloads.ts';
import type { BenchEngine } from './bench-engine.ts';

interface NoolsSession {
  assert(fact: object): void;
  modify(fact: object): void;
  retract(fact: object): void;
  match(): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function factClass(): new (fields: Record<string, unknown>) => Record<string, unknown> {
  return function (this: Record<string, unknown>, fields: Record<string, unknown>) {
    Object.assign(this, fields);
  } as any;
}

/**
 * nools 0.4 (a Rete engine). After `modify` nools re-activates every rule over the fact, so the rules fired
 * after an update are exactly the current matches (A) or the current matches of the trial (B).
 */
export function createNools(): BenchEngine {
  let session: NoolsSession;
  let fired: number[] = [];
  let fact: Record<string, unknown> = {};
  const trials = new Map<string, Record<string, unknown>>();
  const Obj = factClass();
  const Trial = factClass();
  const Constraint = factClass();
  const Study = factClass();
  const flowName = () => `bench-${process.pid}-${Math.random()}`;
  const op = (o: string) => (o === '==' ? '==' : o);
  const matchNow = async () => {
    fired = [];
    await session.match();
  };
  return {
    name: 'nools',
    async loadA(workload: WorkloadA) {
      const flow = (nools as any).flow(flowName(), (f: any) => {
        workload.rules.forEach((rule, i) => f.rule(`r${i}`, [Obj, 'o', `o.${rule.field} ${op(rule.operator)} ${rule.value}`], () => void fired.push(i)));
      });
      session = flow.getSession();
      fact = new Obj(workload.initial);
      session.assert(fact);
      await matchNow();
    },
    async updateA(change) {
      Object.assign(fact, change);
      session.modify(fact);
      await matchNow();
    },
    async evaluateA(fields) {
      session.retract(fact);
      fact = new Obj(fields);
      session.assert(fact);
      await matchNow();
    },
    matchedA: () => fired,
    async loadB(workload: WorkloadB) {
      const flow = (nools as any).flow(flowName(), (f: any) => {
        workload.rules.forEach((rule, i) =>
          f.rule(
            `j${i}`,
            [
              [Trial, 't', `t.metric == '${rule.metric}'`],
              [Constraint, 'c', `c.study == t.study && c.metric == t.metric && t.value > c.max + ${rule.offset}`],
              [Study, 's', `s.id == t.study && s.status == 'running'`],
            ],
            () => void fired.push(i),
          ),
        );
      });
      session = flow.getSession();
      for (const s of workload.studies) session.assert(new Study(s));
      for (const c of workload.constraints) session.assert(new Constraint(c));
      await matchNow();
    },
    async stepB(step) {
      if (step.op === 'insert') {
        const trial = new Trial(step.trial);
        trials.set(step.trial.id, trial);
        session.assert(trial);
      } else {
        const trial = trials.get(step.id)!;
        trial.value = step.value;
        session.modify(trial);
      }
      await matchNow();
    },
    matchedB: () => fired,
  };
}
