import { describe, expect, it } from 'vitest';
import { AlertError } from '../../../host/alerts/errors';
import { ApiError } from '../../../host/api/errors';
import { mappingRefusals, refusalApiError } from '../../../host/api/handlers/refusals';
import { LayoutError } from '../../../host/layouts/errors';

describe('store refusals reach the caller as ApiErrors', () => {
  const problems = [{ path: 'wall.presetId', message: 'không có bố cục "x" / unknown preset "x"' }];
  const handlers = mappingRefusals({
    alertSync: (): number => {
      throw new AlertError('invalid_params', 'Quy tắc cảnh báo chưa lưu được / The alert rule was not saved', problems);
    },
    layoutAsync: async (): Promise<number> => {
      throw new LayoutError('not_found', 'Không có bố cục "x" / No preset "x"');
    },
    broken: (): number => {
      throw new TypeError('a bug');
    },
    fine: (n: number) => n * 2,
    fineAsync: async (n: number) => n + 1,
  });

  it('keeps code, message and fields of an alert refusal thrown at once', () => {
    let caught: unknown;
    try {
      handlers.alertSync();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect(caught).toMatchObject({ code: 'invalid_params', message: expect.stringContaining('The alert rule was not saved'), issues: problems });
  });

  it('maps a layout refusal of an async handler', async () => {
    const err = await handlers.layoutAsync().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not_found', message: 'Không có bố cục "x" / No preset "x"' });
  });

  it('leaves other errors (bugs become "internal" in the dispatcher) and results alone', async () => {
    expect(() => handlers.broken()).toThrow(TypeError);
    expect(refusalApiError(new RangeError('x'))).toBeInstanceOf(RangeError);
    expect(handlers.fine(4)).toBe(8);
    await expect(handlers.fineAsync(4)).resolves.toBe(5);
  });
});
