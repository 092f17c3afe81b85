import type { FeedError } from '../store';
import { MASK, redactUrl } from './url';

/**
 * Every failure the sync engine can meet, classified into a code and plain words (Vietnamese
 * first) that the console shows an operator: what happened and what to do.
 */
export type SyncErrorCode =
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'network_down'
  | 'reset'
  | 'truncated'
  | 'tls'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'server_error'
  | 'client_error'
  | 'too_large'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'parse'
  | 'proxy'
  | 'delivery_rejected'
  | 'insecure_redirect'
  | 'bad_redirect'
  | 'web_page'
  | 'secret_origin'
  | 'secret_missing'
  | 'disk_full'
  | 'bad_setting'
  | 'unknown';

/** The kind of failure an HTTP status (or the code of a server's error document) is. */
export function kindOfStatus(status: number): SyncErrorCode {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  return status >= 500 ? 'server_error' : 'client_error';
}

export class SyncError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: SyncErrorCode,
    readonly vi: string,
    readonly en: string,
    options: { status?: number; retryAfterMs?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(en, { cause: options.cause });
    this.name = 'SyncError';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
  }
  readonly status?: number;
  readonly retryAfterMs?: number;

  toFeedError(at = new Date()): FeedError {
    return { code: this.code, vi: this.vi, en: this.en, at: at.toISOString() };
  }
}

const RETRYABLE = new Set<SyncErrorCode>([
  'timeout',
  'reset',
  'truncated',
  'rate_limited',
  'unavailable',
  'server_error',
  'refused',
  'dns',
  'network_down',
]);

/** Errors that mean "we could not reach the network at all", used for the network-down banner. */
export const CONNECTIVITY_CODES = new Set<SyncErrorCode>(['dns', 'refused', 'network_down', 'timeout', 'proxy']);

const secs = (ms: number) => Math.round(ms / 100) / 10;

export const errors = {
  timeout: (ms: number) =>
    new SyncError(
      'timeout',
      `Máy chủ không trả lời sau ${secs(ms)} giây. Kiểm tra kết nối mạng hoặc tăng thời gian chờ của nguồn dữ liệu.`,
      `The server did not answer within ${secs(ms)} seconds. Check the network or raise the feed's timeout.`,
    ),
  dns: (host: string) =>
    new SyncError(
      'dns',
      `Không tìm thấy máy chủ "${host}". Kiểm tra địa chỉ nguồn dữ liệu và kết nối mạng (DNS).`,
      `Server "${host}" could not be found. Check the feed URL and the network (DNS).`,
    ),
  refused: (host: string) =>
    new SyncError(
      'refused',
      `Máy chủ ${host} từ chối kết nối (có thể đang tắt). Thử lại sau hoặc báo đơn vị quản lý nguồn dữ liệu.`,
      `Server ${host} refused the connection (it may be down). Try later or tell the data provider.`,
    ),
  networkDown: () =>
    new SyncError(
      'network_down',
      'Mất kết nối mạng. Dữ liệu cũ vẫn được hiển thị; hệ thống sẽ tự đồng bộ khi có mạng.',
      'The network is down. Old data stays on screen; sync resumes by itself when the network is back.',
    ),
  reset: () =>
    new SyncError(
      'reset',
      'Kết nối bị ngắt giữa chừng. Hệ thống sẽ thử lại.',
      'The connection was dropped mid-way. It will be retried.',
    ),
  truncated: () =>
    new SyncError(
      'truncated',
      'Dữ liệu nhận về bị thiếu (kết nối đứt trước khi nhận đủ). Hệ thống sẽ thử lại.',
      'The response was cut short (the connection closed early). It will be retried.',
    ),
  /**
   * A certificate refused, with the fix for its cause: adding a CA (the one fix offered before
   * 4 Dec 2026) mends only an unknown issuer; an expired certificate is the provider's to renew, a
   * certificate "not valid yet" is most often this machine's clock, a missing intermediate is the
   * server's chain (browsers fetch it themselves, Node does not), and a certificate for another name
   * wants the name it is for.
   */
  tls: (code: string, host: string) => {
    const [vi, en] = TLS_ADVICE[tlsCause(code)];
    return new SyncError('tls', `Không xác thực được chứng chỉ bảo mật của máy chủ ${host} (${code}): ${vi}`, `The TLS certificate of ${host} could not be verified (${code}): ${en}`);
  },
  auth: (status: number) =>
    new SyncError(
      'auth',
      `Máy chủ từ chối thông tin đăng nhập (HTTP ${status}). Kiểm tra khóa API, tài khoản hoặc mật khẩu của nguồn dữ liệu.`,
      `The server rejected the credentials (HTTP ${status}). Check the feed's API key, account or password.`,
      { status },
    ),
  /**
   * A refusal (401/403) at the end of a redirect to another address, where the feed's credentials
   * were not sent (they go only to the origin they were entered for): the fix is the feed's URL.
   */
  credentialsLeftBehind: (status: number, from: string, to: string) =>
    new SyncError(
      'auth',
      `Máy chủ chuyển nguồn dữ liệu từ ${from} sang ${to} và từ chối ở đó (HTTP ${status}): thông tin đăng nhập của nguồn chỉ gửi tới địa chỉ đã nhập nó, không gửi theo chuyển hướng. Đặt địa chỉ nguồn là địa chỉ mới (${to}…).`,
      `The server moved the feed from ${from} to ${to} and refused it there (HTTP ${status}): the feed's credentials go only to the address they were entered for, not along a redirect. Set the feed URL to the new address (${to}…).`,
      { status },
    ),
  forbidden: () =>
    new SyncError(
      'forbidden',
      'Máy chủ không cho phép truy cập dữ liệu này (HTTP 403). Liên hệ đơn vị cung cấp để được cấp quyền.',
      'The server forbids access to this data (HTTP 403). Ask the provider for access.',
      { status: 403 },
    ),
  notFound: () =>
    new SyncError(
      'not_found',
      'Không tìm thấy dữ liệu ở địa chỉ này (HTTP 404). Kiểm tra lại địa chỉ nguồn dữ liệu.',
      'Nothing was found at this address (HTTP 404). Check the feed URL.',
      { status: 404 },
    ),
  rateLimited: (retryAfterMs?: number) =>
    new SyncError(
      'rate_limited',
      `Máy chủ báo đang quá tải yêu cầu (HTTP 429)${retryAfterMs ? `, hẹn thử lại sau ${secs(retryAfterMs)} giây` : ''}.`,
      `The server is rate-limiting requests (HTTP 429)${retryAfterMs ? `, retry after ${secs(retryAfterMs)} s` : ''}.`,
      { status: 429, retryAfterMs },
    ),
  unavailable: (retryAfterMs?: number) =>
    new SyncError(
      'unavailable',
      `Máy chủ tạm thời không phục vụ (HTTP 503)${retryAfterMs ? `, hẹn thử lại sau ${secs(retryAfterMs)} giây` : ''}. Dữ liệu cũ vẫn được giữ.`,
      `The server is temporarily unavailable (HTTP 503)${retryAfterMs ? `, retry after ${secs(retryAfterMs)} s` : ''}. Old data is kept.`,
      { status: 503, retryAfterMs },
    ),
  serverError: (status: number) =>
    new SyncError(
      'server_error',
      `Máy chủ gặp lỗi (HTTP ${status}). Dữ liệu cũ vẫn được giữ; hệ thống sẽ thử lại.`,
      `The server failed (HTTP ${status}). Old data is kept; it will be retried.`,
      { status },
    ),
  clientError: (status: number) =>
    new SyncError(
      'client_error',
      `Máy chủ không chấp nhận yêu cầu (HTTP ${status}). Kiểm tra cấu hình nguồn dữ liệu.`,
      `The server did not accept the request (HTTP ${status}). Check the feed configuration.`,
      { status },
    ),
  tooLarge: (maxBytes: number) =>
    new SyncError(
      'too_large',
      `Dữ liệu trả về vượt giới hạn ${Math.round(maxBytes / 1024)} KB nên đã dừng tải. Tăng giới hạn (maxBytes) nếu nguồn này thật sự lớn.`,
      `The response exceeded the ${Math.round(maxBytes / 1024)} KB cap and was stopped. Raise maxBytes if this source is really that big.`,
    ),
  redirectLoop: () =>
    new SyncError(
      'redirect_loop',
      'Máy chủ chuyển hướng vòng lặp (địa chỉ chuyển về chính nó). Báo đơn vị quản lý nguồn dữ liệu.',
      'The server redirects in a loop. Tell the data provider.',
    ),
  tooManyRedirects: (n: number) =>
    new SyncError(
      'too_many_redirects',
      `Máy chủ chuyển hướng quá ${n} lần. Kiểm tra lại địa chỉ nguồn dữ liệu.`,
      `The server redirected more than ${n} times. Check the feed URL.`,
    ),
  parse: (what: string) =>
    new SyncError(
      'parse',
      `Dữ liệu nhận về không đúng định dạng ${what}. Báo đơn vị cung cấp; dữ liệu cũ vẫn được giữ.`,
      `The response is not valid ${what}. Tell the provider; old data is kept.`,
    ),
  /**
   * An error the server wrote in its standard's own error document (Open311's `errors` list)
   * under an HTTP 200: classed by the code it gives, its words quoted for the operator.
   */
  sourceSays: (standard: string, code: number | null, description: string) => {
    const said = `"${description.slice(0, 200)}"${code !== null ? ` (${code})` : ''}`;
    const kind = code === null ? 'client_error' : kindOfStatus(code);
    return new SyncError(
      kind,
      `Máy chủ ${standard} trả lời bằng một lỗi: ${said}. ${kind === 'auth' || kind === 'forbidden' ? 'Kiểm tra khóa API hoặc quyền truy cập của nguồn dữ liệu.' : 'Kiểm tra cấu hình nguồn dữ liệu hoặc báo đơn vị cung cấp.'} Dữ liệu cũ vẫn được giữ.`,
      `The ${standard} server answered with an error: ${said}. ${kind === 'auth' || kind === 'forbidden' ? "Check the feed's API key or access." : 'Check the feed configuration or tell the provider.'} Old data is kept.`,
      { status: code ?? undefined },
    );
  },
  /** ArcGIS Server's own JSON where GeoJSON is read: the feed URL asks for f=json. */
  arcgisJson: () =>
    new SyncError(
      'parse',
      'Địa chỉ nguồn trả về JSON riêng của ArcGIS (f=json), không phải GeoJSON. Sửa địa chỉ nguồn: dùng f=geojson thay cho f=json; dữ liệu cũ vẫn được giữ.',
      "The feed's address returns ArcGIS's own JSON (f=json), not GeoJSON. Fix the feed URL: f=geojson instead of f=json; old data is kept.",
      { retryable: false },
    ),
  /** Positions in metres of a projected system (VN-2000, UTM) where longitude/latitude are meant. */
  projected: (what: string, crs: string | null) =>
    new SyncError(
      'parse',
      `Tọa độ ${what} ở ${crs ? `hệ ${crs}` : 'một hệ tọa độ phẳng không ghi tên (số vượt ±180/±90)'}, không phải kinh độ/vĩ độ WGS 84 (dữ liệu GIS thường ở VN-2000, đơn vị mét). Đề nghị đơn vị cung cấp xuất kinh độ/vĩ độ WGS 84 (EPSG:4326, như GeoJSON RFC 7946); dữ liệu cũ vẫn được giữ.`,
      `The ${what} coordinates are in ${crs ?? 'an unnamed projected system (numbers beyond ±180/±90)'}, not WGS 84 longitude/latitude (GIS data is often in VN-2000, in metres). Ask the provider for WGS 84 longitude/latitude (EPSG:4326, as RFC 7946 GeoJSON has); old data is kept.`,
      { retryable: false },
    ),
  /** Positions written [latitude, longitude] where [longitude, latitude] is meant (RFC 7946, the feed's lat/lon columns). */
  swappedAxes: (what: string) =>
    new SyncError(
      'parse',
      `Tọa độ ${what} ghi [vĩ độ, kinh độ] ở chỗ cần [kinh độ, vĩ độ] (hoặc cột vĩ độ và kinh độ bị đổi chỗ). Đề nghị đơn vị cung cấp đổi thứ tự, hoặc sửa lat/lon trong ánh xạ; dữ liệu cũ vẫn được giữ.`,
      `The ${what} coordinates are written [latitude, longitude] where [longitude, latitude] is meant (or the latitude and longitude columns are swapped). Ask the provider to swap them, or fix lat/lon in the mapping; old data is kept.`,
      { retryable: false },
    ),
  charset: (what: string, charset: string) =>
    new SyncError(
      'parse',
      `Dữ liệu ${what} dùng bảng mã "${charset}" mà IOC Wall không đọc được. Đề nghị đơn vị cung cấp trả về UTF-8; dữ liệu cũ vẫn được giữ.`,
      `The ${what} response uses the charset "${charset}", which IOC Wall cannot decode. Ask the provider for UTF-8; old data is kept.`,
    ),
  /** An HTML page where data was expected (sync/text/web-page.ts). */
  webPage: (what: string, title: string) =>
    new SyncError(
      'web_page',
      `Máy chủ trả về một trang web${title ? ` ("${title}")` : ''} thay vì dữ liệu ${what}: thường là trang chặn của tường lửa, trang đăng nhập của proxy, trang bảo trì, hoặc địa chỉ nguồn là trang web của bộ dữ liệu chứ không phải API. Kiểm tra đường mạng tới máy chủ và địa chỉ nguồn; dữ liệu cũ vẫn được giữ.`,
      `The server answered with a web page${title ? ` ("${title}")` : ''} instead of ${what} data: usually a firewall's block page, a proxy's login page, a maintenance page, or a feed URL that is a dataset's web page rather than its API. Check the network path to the server and the feed URL; old data is kept.`,
    ),
  /** A Content-Encoding the client cannot undo (it asks for gzip or br only). */
  contentCoding: (coding: string) =>
    new SyncError(
      'parse',
      `Máy chủ nén dữ liệu bằng "${coding}", IOC Wall không giải nén được (IOC Wall chỉ đề nghị gzip hoặc br). Báo đơn vị cung cấp (hoặc người quản trị proxy); dữ liệu cũ vẫn được giữ.`,
      `The server compressed the response with "${coding}", which IOC Wall cannot undo (it asks for gzip or br only). Tell the provider (or whoever runs the proxy); old data is kept.`,
    ),
  /** A paged collection longer than a run reads (sync/adapters/geojson.ts MAX_PAGES). */
  tooManyPages: (what: string, pages: number) =>
    new SyncError(
      'parse',
      `Dữ liệu ${what} có hơn ${pages} trang. Tăng cỡ trang trong địa chỉ nguồn (ví dụ limit=1000 hoặc resultRecordCount=2000); dữ liệu cũ vẫn được giữ.`,
      `The ${what} collection has more than ${pages} pages. Ask for larger pages in the feed URL (e.g. limit=1000, or resultRecordCount=2000); old data is kept.`,
      { retryable: false },
    ),
  /** A 200 with nothing in it. */
  emptyBody: (what: string) =>
    new SyncError(
      'parse',
      `Máy chủ trả về nội dung rỗng thay vì dữ liệu ${what}. Báo đơn vị cung cấp; dữ liệu cũ vẫn được giữ.`,
      `The server answered with an empty body instead of ${what} data. Tell the provider; old data is kept.`,
    ),
  /** XML where JSON was expected: most servers answer XML unless the URL asks for JSON. */
  xmlNotJson: (what: string) =>
    new SyncError(
      'parse',
      `Máy chủ trả về XML thay vì ${what}. Địa chỉ nguồn có lẽ cần tham số yêu cầu JSON (SDMX: format=jsondata; WFS: outputFormat=application/json; ArcGIS: f=geojson); dữ liệu cũ vẫn được giữ.`,
      `The server answered XML where ${what} was expected. The feed URL probably needs the parameter that asks for JSON (SDMX: format=jsondata; WFS: outputFormat=application/json; ArcGIS: f=geojson); old data is kept.`,
    ),
  notUtf8: (what: string) =>
    new SyncError(
      'parse',
      `Dữ liệu ${what} không phải UTF-8 và máy chủ không ghi bảng mã. Đề nghị đơn vị cung cấp trả về UTF-8, hoặc ghi bảng mã máy chủ dùng vào mục "charset" của nguồn (ví dụ windows-1258); dữ liệu cũ vẫn được giữ.`,
      `The ${what} response is not UTF-8 and the server names no charset. Ask the provider for UTF-8, or set the feed's "charset" to what the server writes (e.g. windows-1258); old data is kept.`,
    ),
  /** A redirect whose Location is not a URL, or not http(s) (file:, ftp:): the server's fault, not the feed's settings. */
  badRedirect: (from: string, to: string, problem: string) =>
    new SyncError(
      'bad_redirect',
      `Máy chủ ${from} chuyển hướng sang "${to}", ${problem === 'not a URL' ? 'không phải một địa chỉ' : 'không phải địa chỉ http(s)'}; IOC Wall không đi theo. Báo đơn vị cung cấp, hoặc đặt địa chỉ nguồn dữ liệu là địa chỉ cuối cùng.`,
      `The server ${from} redirected to "${to}", ${problem}; IOC Wall does not follow it. Tell the provider, or set the feed URL to the final address.`,
      { retryable: false },
    ),
  insecureRedirect: (from: string, to: string) =>
    new SyncError(
      'insecure_redirect',
      `Máy chủ ${from} chuyển hướng sang địa chỉ không mã hoá (http) ${to}; IOC Wall không đi theo để không lộ dữ liệu và khoá truy cập. Sửa địa chỉ nguồn dữ liệu hoặc báo đơn vị cung cấp.`,
      `The server ${from} redirected to an unencrypted (http) address ${to}; IOC Wall does not follow it, so no data or keys leak. Fix the feed URL or tell the provider.`,
      { retryable: false },
    ),
  secretNotAllowed: (name: string, origin: string) =>
    new SyncError(
      'secret_origin',
      `Bí mật "${name}" không được phép gửi tới ${origin}. Nếu đúng là máy chủ này, quản trị viên thêm địa chỉ vào bí mật: ioc-wall secret set ${name} --origin ${origin} (hoặc trong bàn điều khiển, mục Bí mật).`,
      `The secret "${name}" may not be sent to ${origin}. If this server is right, an administrator adds it to the secret: ioc-wall secret set ${name} --origin ${origin} (or in the console's Secrets form).`,
      { retryable: false },
    ),
  secretMissing: (name: string) =>
    new SyncError(
      'secret_missing',
      `Chưa đặt bí mật "${name}". Quản trị viên đặt nó bằng: ioc-wall secret set ${name} (hoặc trong bàn điều khiển, mục Bí mật).`,
      `The secret "${name}" is not set. An administrator sets it with: ioc-wall secret set ${name} (or in the console's Secrets form).`,
      { retryable: false },
    ),
  proxy: (detail: string) =>
    new SyncError(
      'proxy',
      `Không kết nối được qua máy chủ proxy (${detail}). Kiểm tra cấu hình proxy.`,
      `Could not connect through the proxy (${detail}). Check the proxy settings.`,
    ),
  /** The endpoint refused the action (a 4xx, or an Open311 error list): its words quoted, at most 200 characters. */
  deliveryRejected: (status: number, said: string | null = null) => {
    const words = said ? said.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
    return new SyncError(
      'delivery_rejected',
      `Hệ thống nhận thao tác từ chối (HTTP ${status})${words ? `: "${words}"` : ''}. Thao tác chờ cán bộ gửi lại hoặc huỷ; các phản ánh khác vẫn được gửi.`,
      `The actions endpoint refused the action (HTTP ${status})${words ? `: "${words}"` : ''}. It waits for an operator to retry or discard it; other reports' actions still go.`,
      { status, retryable: false },
    );
  },
  /** A 404/405 that is not about the report (no Open311 error in it): the endpoint's address is wrong, not the action. */
  deliveryEndpointWrong: (status: number, said: string | null = null) => {
    const words = said ? ` ("${said.replace(/\s+/g, ' ').trim().slice(0, 200)}")` : '';
    return new SyncError(
      'not_found',
      `Địa chỉ hệ thống nhận thao tác trả lời HTTP ${status}${words} mà không nói về phản ánh nào: có lẽ địa chỉ sync.actionsEndpoint.url sai. Việc gửi tạm dừng và tự thử lại sau; các thao tác vẫn được giữ.`,
      `The actions endpoint answered HTTP ${status}${words} without naming a report: sync.actionsEndpoint.url probably points to the wrong address. Delivery pauses and is tried again later; the actions are kept.`,
      { status, retryable: true },
    );
  },
  /** The endpoint sent the action on to another origin: not followed, so the operator's words go nowhere else. */
  deliveryRedirected: (status: number, to: string) =>
    new SyncError(
      'bad_redirect',
      `Hệ thống nhận thao tác chuyển hướng (HTTP ${status}) sang địa chỉ khác${to ? ` (${to})` : ''}; IOC Wall không gửi thao tác của cán bộ tới máy chủ khác. Thường là trang đăng nhập của proxy; nếu hệ thống đã chuyển địa chỉ, sửa sync.actionsEndpoint.url. Việc gửi tạm dừng và tự thử lại sau; các thao tác vẫn được giữ.`,
      `The actions endpoint redirected (HTTP ${status}) to another address${to ? ` (${to})` : ''}; IOC Wall does not send an operator's action to another server. Usually a proxy's login page; if the endpoint moved, fix sync.actionsEndpoint.url. Delivery pauses and is tried again later; the actions are kept.`,
      { status, retryable: true },
    ),
  /** A web page where the endpoint's confirmation was expected (a proxy's login, a captive portal). */
  deliveryWebPage: (status: number, title: string) =>
    new SyncError(
      'web_page',
      `Hệ thống nhận thao tác trả về một trang web${title ? ` ("${title}")` : ''} (HTTP ${status}) thay vì xác nhận: thường là trang đăng nhập của proxy, trang chặn của tường lửa hoặc trang bảo trì. Thao tác chưa được tính là đã gửi; việc gửi tạm dừng và tự thử lại sau. Kiểm tra đường mạng và địa chỉ sync.actionsEndpoint.url.`,
      `The actions endpoint answered with a web page${title ? ` ("${title}")` : ''} (HTTP ${status}) instead of a confirmation: usually a proxy's login page, a firewall's block page or a maintenance page. The action is not counted as delivered; delivery pauses and is tried again later. Check the network path and sync.actionsEndpoint.url.`,
      { status, retryable: true },
    ),
  deliveryForeign: (feed: string | null, tied: string | null) =>
    tied === null
      ? new SyncError(
          'delivery_rejected',
          'Chưa xác định nguồn dữ liệu của hệ thống nhận thao tác (có nhiều nguồn Open311); chưa gửi. Khai báo sync.actionsEndpoint.feed rồi gửi lại.',
          'The actions endpoint is not tied to a feed (there are several Open311 feeds); not sent. Set sync.actionsEndpoint.feed, then retry.',
          { retryable: false },
        )
      : new SyncError(
          'delivery_rejected',
          `Phản ánh không đến từ nguồn "${tied}" của hệ thống nhận thao tác (nguồn: ${feed ?? 'không rõ'}); không gửi. Hãy huỷ thao tác này.`,
          `The report did not come from "${tied}", the feed tied to the actions endpoint (its source: ${feed ?? 'unknown'}); not sent. Discard this action.`,
          { retryable: false },
        ),
  diskFull: (detail: string) =>
    new SyncError(
      'disk_full',
      `Ổ đĩa đầy: không ghi được dữ liệu mới (${detail}). Đồng bộ tạm dừng đến khi có chỗ trống; dữ liệu đã có vẫn hiển thị.`,
      `Disk full: new data cannot be written (${detail}). Sync pauses until there is space; what is stored is still shown.`,
      { retryable: false },
    ),
  /** The feed's own settings cannot make a request (a header with a line break, an unreadable CA file). */
  badSetting: (detail: string) =>
    new SyncError(
      'bad_setting',
      `Cài đặt của nguồn dữ liệu không tạo được yêu cầu (${detail}). Kiểm tra địa chỉ, tiêu đề và xác thực của nguồn (khóa hay token dán kèm dấu xuống dòng?).`,
      `The feed's settings cannot make a request (${detail}). Check its address, headers and auth (a key or token pasted with a line break?).`,
      { retryable: false },
    ),
  caFile: (path: string, detail: string) =>
    new SyncError(
      'bad_setting',
      `Không dùng được tệp chứng chỉ CA "${path}" (${detail}). Sửa caFile trong cấu hình: một tệp PEM chứa chứng chỉ CA của cơ quan.`,
      `The CA file "${path}" cannot be used (${detail}). Fix caFile in the config: a PEM file holding the agency's CA certificate.`,
      { retryable: false },
    ),
  unknown: (detail: string) =>
    new SyncError('unknown', `Lỗi không xác định: ${detail}`, `Unexpected error: ${detail}`, { retryable: true }),
};

type TlsCause = 'expired' | 'notYetValid' | 'otherName' | 'chain' | 'unknownIssuer';

/** OpenSSL's verify codes (and Node's for the name check), by what fixes them. */
function tlsCause(code: string): TlsCause {
  if (code === 'CERT_HAS_EXPIRED') return 'expired';
  if (code === 'CERT_NOT_YET_VALID') return 'notYetValid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'otherName';
  if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') return 'chain';
  return 'unknownIssuer';
}

const TLS_ADVICE: Record<TlsCause, [vi: string, en: string]> = {
  expired: [
    'chứng chỉ đã hết hạn. Báo đơn vị cung cấp gia hạn chứng chỉ (thêm chứng chỉ CA không giúp được); nếu đồng hồ máy này chạy nhanh nhiều, hãy chỉnh lại.',
    'the certificate has expired. Ask the provider to renew it (adding a CA certificate will not help); if this machine\'s clock is far ahead, set it right.',
  ],
  notYetValid: [
    'chứng chỉ chưa tới ngày hiệu lực, thường do đồng hồ máy này chạy chậm. Kiểm tra ngày giờ của máy và máy chủ thời gian (NTP); nếu đúng, báo đơn vị cung cấp.',
    'the certificate is not valid yet, most often because this machine\'s clock is behind. Check its date and time and its time server (NTP); if they are right, tell the provider.',
  ],
  otherName: [
    'chứng chỉ cấp cho một tên miền khác. Dùng trong địa chỉ nguồn đúng tên mà chứng chỉ ghi (không dùng địa chỉ IP hay tên nội bộ), hoặc báo đơn vị cung cấp.',
    'the certificate is for another name. Use in the feed URL the name the certificate is for (not an IP address or an internal name), or tell the provider.',
  ],
  chain: [
    'máy chủ không gửi kèm chứng chỉ trung gian (trình duyệt tự tải về nên vẫn mở được, IOC Wall thì không). Đề nghị đơn vị cung cấp cấu hình đủ chuỗi chứng chỉ, hoặc thêm chứng chỉ trung gian vào caFile của nguồn.',
    'the server does not send its intermediate certificate (browsers fetch it themselves, so the site opens there; IOC Wall does not). Ask the provider to serve the full chain, or add the intermediate certificate to the feed\'s caFile.',
  ],
  unknownIssuer: [
    'chứng chỉ do một CA mà máy này không tin cậy cấp (CA riêng của cơ quan, hoặc tự ký). Thêm chứng chỉ CA của cơ quan vào caFile của nguồn.',
    'it is signed by a CA this machine does not trust (an agency\'s own CA, or self-signed). Add the agency\'s CA certificate to the feed\'s caFile.',
  ],
};

/** Maps a thrown network error (undici, Node) onto a SyncError. */
export function classifyNetworkError(err: unknown, host: string, phase: 'connect' | 'body'): SyncError {
  if (err instanceof SyncError) return err;
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const msg = `${e?.message ?? ''} ${e?.cause?.message ?? ''}`;
  // undici refuses what the request was built from (a header value with a line break, say)
  // before anything is sent: a setting to fix, not a network fault to retry.
  if (code === 'UND_ERR_INVALID_ARG') return errors.badSetting(e?.message || code);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return errors.dns(host);
  if (code === 'ECONNREFUSED') return errors.refused(host);
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN') return errors.networkDown();
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return errors.timeout(0);
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code) || /certificate/i.test(msg)) return errors.tls(code || 'TLS', host);
  if (/proxy/i.test(msg) && phase === 'connect') return errors.proxy(code || 'proxy');
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(msg))
    return errors.truncated();
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || /other side closed|socket/i.test(msg))
    return phase === 'body' ? errors.truncated() : errors.reset();
  return errors.unknown(code || e?.name || 'error');
}

/** A URL written in a text: up to a space, a quote or an angle bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
/**
 * `name=value` outside a URL (a server's words, a form body echoed back): the value of a name
 * that is a key or a token by its look. Inside a URL every value is hidden (redactUrl).
 */
const KEY_LIKE_PAIR = /(\b(?:[a-z0-9_-]*(?:key|token|secret|passw(?:or)?d|pwd|sig|signature|auth|credential|session|code)|appid|app_id|client_id|sas)=)[^&\s#"']+/gi;

/**
 * Removes secrets from any text that might reach a log or the console: known secret values, then
 * every URL in it as redactUrl shows one (userinfo and every query value hidden, whatever the
 * parameter's name), then key-like `name=value` pairs outside URLs. A text that is one URL comes
 * out exactly as redactUrl gives it.
 */
export function redact(text: string, secrets: readonly (string | undefined | null)[] = []): string {
  let out = text;
  // Longest first: a value that holds a shorter one (a token and its prefix) goes whole.
  const known = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 3))].sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join(MASK);
  out = out.replace(URL_IN_TEXT, (u) => redactUrl(u));
  out = out.replace(/\/\/([^/@\s:]+):([^/@\s]+)@/g, '//***@');
  out = out.replace(KEY_LIKE_PAIR, (_m, name: string) => `${name}${MASK}`);
  return out;
}

/** The error with the feed's secrets taken out of its words (a server may echo a key it refuses). */
export function redactError(e: SyncError, secrets: string[]): SyncError {
  const vi = redact(e.vi, secrets);
  const en = redact(e.en, secrets);
  // Nothing to hide: the error itself, its cause kept.
  if (vi === e.vi && en === e.en) return e;
  const r = new SyncError(e.code, vi, en, {
    status: e.status,
    retryAfterMs: e.retryAfterMs,
    retryable: e.retryable,
  });
  return r;
}

/** The error with what the server said appended, quoted (serverWords). */
export function withServerWords(e: SyncError, said: string | null): SyncError {
  if (!said) return e;
  return new SyncError(e.code, `${e.vi} Máy chủ nói: "${said}".`, `${e.en} The server says: "${said}".`, {
    status: e.status,
    retryAfterMs: e.retryAfterMs,
    retryable: e.retryable,
  });
}
