/**
 * Whether a body is an HTML page, and its title. A feed answered with a page instead of data is a
 * firewall's block page (F5's "Request Rejected" comes with HTTP 200), a proxy's login page, a
 * maintenance page, or a feed URL that is the address of a dataset's web page instead of its API.
 * Read as data it was "not valid JSON" or "not CAP", which sends the operator to the provider when
 * the fix is on the network path or in the URL. Told by the body, not the Content-Type: PHP sends
 * every body, JSON included, as text/html unless told otherwise.
 *
 * Returns null when the body is not a page, else its title on one line (at most 120 characters,
 * '' when it has none).
 */
export function webPageTitle(text: string): string | null {
  const head = text.slice(0, 4_096).replace(PREAMBLE, '');
  if (!/^<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(head)) return null;
  const title = /<title[^>]*>([^<]{0,2000})<\/title>/i.exec(text.slice(0, 65_536))?.[1] ?? '';
  return decodeEntities(title).replace(/\s+/g, ' ').trim().slice(0, 120);
}

/** Spaces, a byte-order mark, an XML declaration and comments before the first element. */
const PREAMBLE = /^(?:\s|\uFEFF|<\?xml[^>]*\?>|<!--[^]*?-->)*/;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (all, e: string) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? all;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}
