import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressProblem, CameraRefusal, checkedLookup, type AddressPolicy } from './guard';

/**
 * One GET to a camera or gateway, with its basic auth added here on the host. Resolves with the
 * response (body unread) or rejects with words for the operator; `signal` aborts it.
 */
export function getUpstream(
  url: URL,
  opts: { authorization: string | null; signal?: AbortSignal; timeoutMs?: number; accept?: string; range?: string; policy?: AddressPolicy | null },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    // A camera a feed named: an address written as such is checked here (Node does no lookup
    // for it); a name is checked by the lookup, which also picks the address connected to.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (opts.policy && isIP(host)) {
      const problem = addressProblem(host, opts.policy);
      if (problem) return reject(new CameraRefusal(problem));
    }
    const headers: Record<string, string> = { 'user-agent': 'ioc-wall-camera-proxy' };
    if (opts.authorization) headers.authorization = opts.authorization;
    if (opts.accept) headers.accept = opts.accept;
    if (opts.range) headers.range = opts.range;
    const req: ClientRequest = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'GET',
      headers,
      signal: opts.signal,
      ...(opts.policy ? { lookup: checkedLookup(opts.policy) } : {}),
    });
    const timeoutMs = opts.timeoutMs ?? 10_000;
    // Time to the response headers only: an MJPEG body is meant to go on for hours.
    const timer = setTimeout(() => req.destroy(new CameraRefusal(`Camera không trả lời trong ${timeoutMs / 1000} giây / no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.once('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    req.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

/**
 * Why a camera's answer cannot be used, in words for the operator, or null when it can (2xx).
 * Redirects are not followed, on purpose: following one would send the camera's login to
 * wherever it points (another host, or http from https). A camera that redirects is told apart
 * from one that fails, so the installer knows to enter the stream's final URL.
 */
export function upstreamStatusProblem(status: number | undefined): string | null {
  const s = status ?? 0;
  if (s >= 300 && s < 400) {
    return `Camera chuyển hướng (${s}), không đi theo: hãy nhập địa chỉ cuối của luồng / the camera redirects (${s}); redirects are not followed: set the stream's final URL`;
  }
  if (s >= 400 || s < 200) return `Camera trả lỗi ${s} / the camera answered ${s}`;
  return null;
}

/**
 * Words for a failed fetch, by error code only: Node's message names the camera's address
 * ("connect ETIMEDOUT 10.0.0.9:80", a certificate's altnames) and these words reach walls and
 * kiosks (health, 502 bodies). The full message goes to the host's log.
 */
export function describeUpstreamError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e instanceof CameraRefusal) return e.message;
  if (e?.name === 'AbortError') return 'Đã huỷ / aborted';
  const code = typeof e?.code === 'string' ? e.code : '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'Camera từ chối kết nối / connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Không tìm thấy địa chỉ camera / camera host not found';
    case 'ECONNRESET':
      return 'Camera ngắt kết nối / connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'Không tới được camera / camera unreachable';
    case 'ETIMEDOUT':
      return 'Camera không trả lời kịp / the camera timed out';
    case 'EPROTO':
      return 'Camera nói sai giao thức (http/https?) / protocol error talking to the camera (http or https?)';
  }
  console.warn(`[cameras] ${code || 'error'}: ${e?.message ?? String(err)}`);
  if (code.startsWith('ERR_TLS_') || code.startsWith('CERT_') || code.includes('CERT') || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return `Chứng chỉ của camera không được chấp nhận (${code}) / the camera's certificate was not accepted (${code})`;
  }
  return code ? `Không kết nối được camera (mã ${code}) / cannot reach the camera (code ${code})` : 'Không kết nối được camera / cannot reach the camera';
}

export function readAll(res: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        res.destroy();
        reject(new Error(`answer larger than ${max} bytes`));
      } else chunks.push(c);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
    // Aborted mid-body (the asker left, a deadline): 'close' without 'end' must not leave this
    // pending for ever; after 'end' it changes nothing.
    res.on('close', () => reject(new Error('the camera closed the answer before its end')));
  });
}
