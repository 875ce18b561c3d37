import type { SpaceTemplate } from './template.ts';

/** Fine-tuning a pretrained text encoder with a classification head (examples/text-finetune, tfjs). */
export const textFinetuneTemplate: SpaceTemplate = {
  name: 'text-finetune',
  description: 'Fine-tuning a pretrained text encoder (BERT-style, tfjs): learning rate, warm-up, epochs, batch size, dropout, frozen layers',
  space: {
    learning_rate: { type: 'float', low: 1e-4, high: 1e-2, log: true },
    warmup: { type: 'float', low: 0.0, high: 0.3 },
    epochs: { type: 'int', low: 2, high: 12 },
    batch_size: { type: 'categorical', choices: [16, 32, 64] },
    dropout: { type: 'float', low: 0.0, high: 0.5 },
    frozen_layers: { type: 'int', low: 0, high: 2 },
  },
  notes: {
    learning_rate: 'Adam peak learning rate, log scale; fine-tuning wants it lower than training from scratch',
    warmup: 'linear warm-up as a fraction of all steps, then cosine decay to 0',
    epochs: 'passes over the fine-tune split; validation accuracy is reported after each, so a pruner can stop bad runs early',
    batch_size: 'messages per step',
    dropout: 'dropout on the pooled sentence vector before the classification head',
    frozen_layers: 'encoder layers kept fixed from the bottom (with the embeddings): 0 = full fine-tuning, 2 = train only the head',
  },
  // examples/text-finetune/fine-tune.ts FINETUNE_DEFAULTS.
  baseline: { learning_rate: 2e-3, warmup: 0.1, epochs: 8, batch_size: 32, dropout: 0.1, frozen_layers: 0 },
};
