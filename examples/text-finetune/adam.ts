/** Adam whose learning rate a schedule sets before every step. */
import type { Tf } from '../../tools/common/tf.ts';

export type ScheduledAdam = ReturnType<Tf['train']['adam']> & { setLearningRate(value: number): void };

export function scheduledAdam(tf: Tf, learningRate: number): ScheduledAdam {
  const optimizer = tf.train.adam(learningRate);
  // tfjs optimizers read `learningRate` at every step but expose no setter (the field is protected in the typings).
  return Object.assign(optimizer, {
    setLearningRate(value: number) {
      (optimizer as unknown as { learningRate: number }).learningRate = value;
    },
  });
}
