import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { HostClient, HostError } from '../../../host/api/client/HostClient';
import type { ConnState, Transport } from '../../../host/api/client/transport';
import { failureText } from '../../../renderer/client/failure-text';
import { en } from '../../../renderer/i18n/en';
import { vi as viStrings } from '../../../renderer/i18n/vi';

/**
 * How the console words a failed command (layout editor, hotline desk, requests, cameras): an
 * 'unconfirmed' change (the connection was lost before the host answered, so it may have been
 * carried out) says so and to check, in the page's language — not "did not work".
 */
async function translator(lng: 'vi' | 'en') {
  const i = i18next.createInstance();
  await i.init({
    resources: { vi: { translation: { ...viStrings, failed: 'Không thực hiện được: {{message}}' } }, en: { translation: { ...en, failed: 'That did not work: {{message}}' } } },
    lng,
    interpolation: { escapeValue: false },
  });
  return i.t;
}

/** A real HostClient whose host never comes back: its change ends 'unconfirmed'. */
function unreachable(): HostClient {
  let onState: (s: ConnState, info: object) => void = () => {};
  const t: Transport = { send: () => {}, onMessage: () => {}, onState: (cb) => void (onState = cb), start: () => onState('down', {}), close: () => {} };
  return new HostClient(t, { mutationDeadlineMs: 10 });
}

describe('failureText', () => {
  it("words an unconfirmed change as 'may not have been carried out: check, then try again', in Vietnamese and English", async () => {
    const err = await unreachable()
      .call('preset.activate', { id: 'emergency' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unconfirmed' });
    const vi = failureText(await translator('vi'), 'failed', err);
    expect(vi).toMatch(/^Có thể chưa được thực hiện/);
    expect(vi).toMatch(/kiểm tra lại rồi thử lại/);
    expect(vi).not.toMatch(/Không thực hiện được/);
    const enText = failureText(await translator('en'), 'failed', err);
    expect(enText).toMatch(/^It may not have been carried out/);
    expect(enText).toMatch(/Check, then try again/);
  });

  it("keeps the host's own words for any other refusal", async () => {
    const t = await translator('vi');
    expect(failureText(t, 'failed', new HostError('forbidden', 'không được phép / not allowed'))).toBe('Không thực hiện được: không được phép / not allowed');
    expect(failureText(t, 'failed', new Error('x'))).toBe('Không thực hiện được: x');
  });
});
