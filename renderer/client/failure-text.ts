import type { TFunction } from 'i18next';
import { HostError } from '../../host/api/client/HostClient';

/**
 * A command's failure in the operator's words: `failedKey` ("Không thực hiện được: {{message}}")
 * with the host's message, except a change whose answer never came ('unconfirmed': the connection
 * was lost before the host answered, host/api/client/HostClient.ts). That one may well have been
 * carried out, so it does not say "did not work": it says to check, then try again.
 */
export function failureText(t: TFunction, failedKey: string, e: unknown): string {
  if (e instanceof HostError && e.code === 'unconfirmed') return t('conn.unconfirmed');
  return t(failedKey, { message: e instanceof Error ? e.message : String(e) });
}
