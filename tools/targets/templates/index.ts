import { distillTemplate } from './distill.ts';
import { lightgbmTemplate } from './lightgbm.ts';
import { llmServerTemplate } from './llm-server.ts';
import { mlpTemplate } from './mlp.ts';
import { randomForestTemplate } from './random-forest.ts';
import type { SpaceTemplate } from './template.ts';
import { textFinetuneTemplate } from './text-finetune.ts';
import { xgboostTemplate } from './xgboost.ts';

export type { SpaceTemplate } from './template.ts';

/** Family name → template. Aliases let a target say `family: "pytorch-mlp"` or `"random_forest"`. */
export const SPACE_TEMPLATES: Readonly<Record<string, SpaceTemplate>> = Object.freeze({
  xgboost: xgboostTemplate,
  lightgbm: lightgbmTemplate,
  'random-forest': randomForestTemplate,
  mlp: mlpTemplate,
  'llm-server': llmServerTemplate,
  distill: distillTemplate,
  'text-finetune': textFinetuneTemplate,
});

const ALIASES: Record<string, string> = {
  xgb: 'xgboost', lgbm: 'lightgbm', 'light-gbm': 'lightgbm', rf: 'random-forest', random_forest: 'random-forest', randomforest: 'random-forest',
  'tfjs-mlp': 'mlp', 'pytorch-mlp': 'mlp', 'torch-mlp': 'mlp', tfjs: 'mlp', pytorch: 'mlp', neural_net: 'mlp',
  llm: 'llm-server', vllm: 'llm-server', 'llama.cpp': 'llm-server', llm_server: 'llm-server',
};

/** The template for a family or alias (case-insensitive), or null. */
export function findTemplate(family: string | undefined): SpaceTemplate | null {
  if (!family) return null;
  const key = family.toLowerCase();
  return SPACE_TEMPLATES[key] ?? SPACE_TEMPLATES[ALIASES[key] ?? ''] ?? null;
}
