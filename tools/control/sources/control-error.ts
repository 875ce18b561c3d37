/**
 * The two failure codes of the control loop's plug-ins (tools/control/types.ts): a source that cannot be read
 * (`source_unavailable`) and an actuator the service refused or that could not reach it (`actuator_failed`).
 * They are ToolErrors like every other failure; the controller turns them into `held` and `failed` decisions.
 */
import { ToolError, type ToolErrorCode } from '../../common/errors.ts';

export type ControlErrorCode = Extract<ToolErrorCode, 'source_unavailable' | 'actuator_failed'>;

export function controlError(code: ControlErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}): ToolError {
  return new ToolError(code, message, options);
}

/** The message of anything thrown, for reasons in words. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) && !ToolError.isInstance(error) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
