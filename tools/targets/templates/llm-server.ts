import type { SpaceTemplate } from './template.ts';

/**
 * An LLM inference server (vLLM-style engine arguments): batching and memory knobs that trade
 * throughput against time to first token and per-token latency.
 */
export const llmServerTemplate: SpaceTemplate = {
  name: 'llm-server',
  description: 'LLM server (vLLM/llama.cpp-like): max sequences, batched tokens, KV-cache memory, prefill chunking',
  space: {
    max_num_seqs: { type: 'int', low: 8, high: 512, log: true },
    max_num_batched_tokens: { type: 'int', low: 1024, high: 16384, log: true },
    gpu_memory_utilization: { type: 'float', low: 0.7, high: 0.95, step: 0.05 },
    enable_chunked_prefill: { type: 'categorical', choices: [true, false] },
    block_size: { type: 'categorical', choices: [8, 16, 32] },
    batch_size: { type: 'int', low: 1, high: 64, log: true },
  },
  notes: {
    max_num_seqs: 'concurrent sequences per batch; higher = throughput, worse TTFT under load',
    max_num_batched_tokens: 'tokens per scheduler step; bounds prefill size',
    gpu_memory_utilization: 'fraction of accelerator memory for weights + KV cache',
    enable_chunked_prefill: 'split long prefills so decodes keep flowing (lower ITL)',
    block_size: 'KV-cache block (paged attention)',
    batch_size: 'for servers with a static batch (llama.cpp --batch-size, TGI)',
  },
};
