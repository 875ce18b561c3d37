/**
 * The number of finished trials of a study, kept across asks: `auto` reads it for every trial, and counting
 * every trial each time costs O(n) per ask. Finished trials stay finished and trial numbers are dense and
 * 0-based (storage.ts), so only new trials and those still unfinished at the last look are read.
 */
import { FINISHED_STATES } from '../../types.ts';
import type { SamplerStudyView } from '../../types.ts';

export class FinishedCount {
  private studyId: string | null = null;
  private seen = 0;
  private finished = 0;
  private readonly open = new Set<number>();

  of(study: SamplerStudyView): number {
    const all = study.trials();
    if (study.studyId !== this.studyId || all.length < this.seen) this.reset(study.studyId);
    for (const number of [...this.open]) {
      const trial = all[number];
      if (trial?.number !== number) return this.recount(study);
      if (!FINISHED_STATES.includes(trial.state)) continue;
      this.open.delete(number);
      this.finished++;
    }
    for (let number = this.seen; number < all.length; number++) {
      const trial = all[number]!;
      if (trial.number !== number) return this.recount(study);
      if (FINISHED_STATES.includes(trial.state)) this.finished++;
      else this.open.add(number);
    }
    this.seen = all.length;
    return this.finished;
  }

  /** Numbers not dense (not a storage this code knows): count them all, and start over next time. */
  private recount(study: SamplerStudyView): number {
    this.reset(null);
    return study.trials(FINISHED_STATES).length;
  }

  private reset(studyId: string | null): void {
    this.studyId = studyId;
    this.seen = 0;
    this.finished = 0;
    this.open.clear();
  }
}
