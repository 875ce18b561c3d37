import type { Rng } from '../../common/rng.ts';

// Short, common English words: each is a single token in the GPT/Llama BPE vocabularies, so a prompt of
// N words is close to N tokens (the count is still flagged as an estimate unless the server sends usage).
const WORDS = 'the of and to in is was for on that with as by at from it his an were are which this be or has had not but one have all their also new its after more who they first two been can other when time she into over only most would during some there out may years up than about many under these them made state while city where three through no him both being year early between then each such later'.split(' ');

/** A synthetic prompt of about `tokens` tokens, deterministic for a given rng. */
export function syntheticPrompt(rng: Rng, tokens: number): string {
  const words: string[] = [];
  for (let i = 0; i < tokens; i++) words.push(WORDS[rng.int(0, WORDS.length - 1)]!);
  return words.join(' ');
}

/** Prompt lengths (tokens) from a normal(mean, stddev) distribution, clamped to ≥ 1 (LLMPerf's sonnet prompts use 550 ± 150). */
export function promptLengths(options: { rng: Rng; mean: number; stddev: number; count: number }): number[] {
  return Array.from({ length: options.count }, () => Math.max(1, Math.round(options.mean + options.stddev * options.rng.normal())));
}

/**
 * Token estimate for text when the server sends no `usage`: about 4 characters per token (OpenAI's rule of
 * thumb for English). vLLM re-tokenizes with the model's tokenizer instead; we have none offline, so results
 * computed from this are flagged `tokens_estimated`.
 */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.round(text.length / 4));
}
