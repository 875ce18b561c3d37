/**
 * Knowledge distillation loss (Hinton, Vinyals & Dean, "Distilling the Knowledge in a Neural Network", 2015):
 *
 *   loss = α·T²·KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − α)·CE(smoothed labels, student)
 *
 * The T² factor keeps the soft term's gradients at the same scale as the hard term's when T changes (the soft
 * gradients shrink as 1/T²). Label smoothing (Szegedy et al. 2016) mixes the one-hot labels with the uniform
 * distribution: y·(1 − ε) + ε/K. Both terms are means over the batch.
 */
import type { Tf } from '../../tools/common/tf.ts';

type Tensor = ReturnType<Tf['tensor']>;
type Scalar = ReturnType<Tf['scalar']>;

export interface KdLossInput {
  studentLogits: Tensor;
  teacherLogits: Tensor;
  /** One-hot labels, batch × K. */
  labels: Tensor;
  temperature: number;
  alpha: number;
  labelSmoothing: number;
}

/** KL(softmax(teacher/T) ‖ softmax(student/T)), mean over the batch (not scaled by T²). */
export function softTargetKl(tf: Tf, studentLogits: Tensor, teacherLogits: Tensor, temperature: number): Scalar {
  return tf.tidy(() => {
    const teacherLog = tf.logSoftmax(tf.div(teacherLogits, temperature));
    const studentLog = tf.logSoftmax(tf.div(studentLogits, temperature));
    return tf.mean(tf.sum(tf.mul(tf.exp(teacherLog), tf.sub(teacherLog, studentLog)), -1)) as Scalar;
  });
}

/** Cross-entropy of the student against labels smoothed by ε, mean over the batch. */
export function smoothedCrossEntropy(tf: Tf, studentLogits: Tensor, labels: Tensor, labelSmoothing: number): Scalar {
  return tf.tidy(() => {
    const classes = labels.shape[labels.shape.length - 1]!;
    const smoothed = tf.add(tf.mul(labels, 1 - labelSmoothing), labelSmoothing / classes);
    return tf.mean(tf.neg(tf.sum(tf.mul(smoothed, tf.logSoftmax(studentLogits)), -1))) as Scalar;
  });
}

export function kdLoss(tf: Tf, input: KdLossInput): Scalar {
  return tf.tidy(() => {
    const soft = tf.mul(softTargetKl(tf, input.studentLogits, input.teacherLogits, input.temperature), input.alpha * input.temperature ** 2);
    const hard = tf.mul(smoothedCrossEntropy(tf, input.studentLogits, input.labels, input.labelSmoothing), 1 - input.alpha);
    return tf.add(soft, hard) as Scalar;
  });
}
