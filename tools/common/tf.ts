/**
 * The one module that imports TensorFlow.js: everything else gets `tf` through `loadTf()`.
 *
 * Why one place: which backend runs is a product decision (issue 13). `@tensorflow/tfjs-node` is native and fastest,
 * but it downloads libtensorflow at install time, so it is an optional dependency that is usually absent offline;
 * then `@tensorflow/tfjs` with the wasm backend (about 2× the cpu backend on our models), and the pure-JS cpu backend
 * only when wasm cannot start. The choice and its reason are logged once and shown in `/healthz` (`tfStatus()`).
 */
export type Tf = typeof import('@tensorflow/tfjs');

export type TfBackendChoice = 'native' | 'wasm' | 'cpu';

export interface TfRuntime {
  tf: Tf;
  /** The tfjs backend name in use: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  backend: string;
  native: boolean;
}

export interface TfStatus {
  backend: string;
  native: boolean;
  /** Why this backend runs, e.g. "tfjs-node not installed". */
  reason: string;
}

export interface LoadTfOptions {
  /** Imports a module by specifier (tests inject failures); default: dynamic `import()`. */
  importer?: (specifier: string) => Promise<unknown>;
  /** Where the one backend line goes; default stderr (stdout may be JSON: `tunechat ask --json`). */
  logger?: (line: string) => void;
  /**
   * Start from this backend instead of native (it still falls back further down: wasm → cpu). Default: the
   * `TUNECHAT_TFJS_BACKEND` environment variable, else 'native'.
   */
  prefer?: TfBackendChoice;
}

const ORDER: TfBackendChoice[] = ['native', 'wasm', 'cpu'];

let loading: Promise<TfRuntime> | null = null;
let status: TfStatus | null = null;

/** Loads tfjs once per process (memoized; options of later calls are ignored) and returns the runtime. */
export function loadTf(options: LoadTfOptions = {}): Promise<TfRuntime> {
  loading ??= selectTfBackend(options).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** Which backend runs, for `/healthz` and the startup log; null before `loadTf()` finished. */
export function tfStatus(): TfStatus | null {
  return status;
}

/**
 * Tries native, then wasm, then cpu (from `prefer` on), logs the choice with the reason, and records it for
 * `tfStatus()`. Not memoized: `loadTf()` is what product code calls; tests call this with an injected importer.
 */
export async function selectTfBackend(options: LoadTfOptions = {}): Promise<TfRuntime> {
  const importer = options.importer ?? ((specifier: string) => import(specifier));
  const logger = options.logger ?? ((line: string) => console.error(line));
  const prefer = options.prefer ?? parseChoice(process.env.TUNECHAT_TFJS_BACKEND) ?? 'native';
  const why: string[] = ORDER.slice(0, ORDER.indexOf(prefer)).map((choice) => `${choice} not preferred`);

  for (const choice of ORDER.slice(ORDER.indexOf(prefer))) {
    try {
      const runtime = await start(choice, importer);
      const reason = why.length > 0 ? why.join('; ') : 'native backend loaded';
      status = { backend: runtime.backend, native: runtime.native, reason };
      logger(`tfjs backend: ${runtime.backend}${why.length > 0 ? ` (${reason})` : ''}`);
      return runtime;
    } catch (error) {
      why.push(`${choice === 'native' ? 'tfjs-node' : choice}: ${describeFailure(error)}`);
    }
  }
  throw Object.assign(new Error(`tfjs: no backend could start (${why.join('; ')})`), { code: 'TFJS_NO_BACKEND' });
}

async function start(choice: TfBackendChoice, importer: (specifier: string) => Promise<unknown>): Promise<TfRuntime> {
  if (choice === 'native') {
    // tfjs-node re-exports @tensorflow/tfjs and registers the 'tensorflow' backend as it loads.
    const tf = moduleOf(await importer('@tensorflow/tfjs-node')) as Tf;
    quiet(tf);
    if (!(await tf.setBackend('tensorflow'))) throw new Error('setBackend("tensorflow") returned false');
    await tf.ready();
    return { tf, backend: tf.getBackend(), native: true };
  }
  const tf = moduleOf(await importer('@tensorflow/tfjs')) as Tf;
  quiet(tf);
  if (choice === 'wasm') {
    const before = listenerSnapshot();
    await importer('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend("wasm") returned false');
    await tf.ready();
    dropEmscriptenListeners(before);
    return { tf, backend: tf.getBackend(), native: false };
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('setBackend("cpu") returned false');
  await tf.ready();
  return { tf, backend: tf.getBackend(), native: false };
}

/**
 * Production mode silences tfjs's console warnings, among them the cpu backend's "install tfjs-node to speed things up"
 * banner (the backend choice is already logged, with its reason, by this module).
 */
function quiet(tf: Tf): void {
  tf.env().set('PROD', true);
}

type ListenerSnapshot = Record<'uncaughtException' | 'unhandledRejection', Set<Function>>;

function listenerSnapshot(): ListenerSnapshot {
  return {
    uncaughtException: new Set<Function>(process.listeners('uncaughtException')),
    unhandledRejection: new Set<Function>(process.listeners('unhandledRejection')),
  };
}

/**
 * The wasm backend's Emscripten glue adds `uncaughtException`/`unhandledRejection` listeners that rethrow: any later
 * uncaught error would then be reported from inside the minified glue (its whole 30 kB line printed) instead of where
 * it happened, and a process's own handlers could not keep it alive. We remove exactly the listeners it added.
 */
function dropEmscriptenListeners(before: ListenerSnapshot): void {
  for (const listener of process.listeners('uncaughtException')) {
    if (!before.uncaughtException.has(listener)) process.off('uncaughtException', listener);
  }
  for (const listener of process.listeners('unhandledRejection')) {
    if (!before.unhandledRejection.has(listener)) process.off('unhandledRejection', listener);
  }
}

function moduleOf(imported: unknown): unknown {
  const m = imported as { default?: unknown; setBackend?: unknown };
  return typeof m.setBackend === 'function' ? m : (m.default ?? m);
}

function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'not installed';
  const message = error instanceof Error ? error.message : String(error);
  return (typeof code === 'string' ? `${code}: ` : '') + message.split('\n')[0]!.slice(0, 200);
}

function parseChoice(value: string | undefined): TfBackendChoice | undefined {
  return value === 'native' || value === 'wasm' || value === 'cpu' ? value : undefined;
}
