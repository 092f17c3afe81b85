import type { Page } from '@playwright/test';

/**
 * Layout faults measured in the DOM of a rendered page, for the layout test:
 *
 * - clipped: text cut by an ancestor that hides overflow (or by the window), unless it is an
 *   intended ellipsis whose full text is reachable (a `title` or aria-label on the element or
 *   an ancestor up to the clipping box); a chart or map cut the same way. On a touch or mouse
 *   surface a scroll box is reachable and does not count; on the wall (`scrollIsClip`) it does.
 * - overlaps: a chart drawn over a map or another chart, or text drawn over either.
 * - labels: district labels on a map that overlap, leave their map or are drawn illegibly small.
 * - small targets: controls under `minTarget` px (the kiosk's 64).
 *
 * Runs in the page (self-contained: no closures over Node values).
 */
export interface LayoutFaults {
  clipped: string[];
  overlaps: string[];
  labels: string[];
  smallTargets: string[];
}

export interface AuditOptions {
  scrollIsClip?: boolean;
  minTarget?: number;
  /** Selector of the part of the page to audit (default the whole body). */
  root?: string;
}

export function auditLayout(page: Page, opts: AuditOptions = {}): Promise<LayoutFaults> {
  return page.evaluate((o) => {
    const TOL = 1.5;
    const root = (o.root ? document.querySelector(o.root) : document.body) as HTMLElement | null;
    const out = { clipped: [] as string[], overlaps: [] as string[], labels: [] as string[], smallTargets: [] as string[] };
    if (!root) return { ...out, clipped: [`no ${o.root}`] };
    type R = { left: number; top: number; right: number; bottom: number };
    const rectOf = (r: DOMRect): R => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const inter = (a: R, b: R): R | null => {
      const r = { left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) };
      return r.right - r.left > TOL && r.bottom - r.top > TOL ? r : null;
    };
    // vt: the glyph box of a line is taller than a tight line-height (1.1) without any glyph
    // being cut, so text gets that much leeway vertically, never horizontally.
    const within = (a: R, b: R, vt = TOL) => a.left >= b.left - TOL && a.top >= b.top - vt && a.right <= b.right + TOL && a.bottom <= b.bottom + vt;
    const name = (el: Element) => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
      const where = el.closest('[data-tile-id],[data-kiosk-panel],[data-domain],[data-tab]');
      const tag = where ? `[${[...where.attributes].filter((a) => a.name.startsWith('data-')).slice(0, 1).map((a) => `${a.name}=${a.value}`).join('')}] ` : '';
      return `${tag}${el.tagName.toLowerCase()}${cls}`;
    };
    const visible = (el: Element) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    const fixedLayer = (el: Element) => !!el.closest('.kmodal,.ktoast,.leaflet-popup,.sr-only,[aria-hidden="true"],.wall-canvas--hidden');
    const view: R = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    const docScrolls = document.documentElement.scrollHeight > innerHeight + 1 && getComputedStyle(document.body).overflowY !== 'hidden';

    /**
     * The boxes that show `el`: its clipping ancestors' padding boxes, intersected, in one walk.
     * `box` (is the content whole?) stops at a scroll box a person can scroll: what clips that box
     * does not cut the content. `drawn` (does it cover something?) goes on through it: content
     * scrolled out of its box is not drawn over what lies beyond it.
     */
    const clipOf = (el: Element): { box: R; by: Element | null; drawn: R } => {
      let box: R = { left: -1e9, top: -1e9, right: 1e9, bottom: 1e9 };
      let by: Element | null = null;
      let reach: { box: R; by: Element | null } | null = null;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const cs = getComputedStyle(a);
        const ox = cs.overflowX, oy = cs.overflowY;
        if (ox === 'visible' && oy === 'visible') continue;
        if (!reach && !o.scrollIsClip && /auto|scroll/.test(ox + oy)) reach = { box, by };
        const r = a.getBoundingClientRect();
        const bl = parseFloat(cs.borderLeftWidth), bt = parseFloat(cs.borderTopWidth);
        const sx = r.width / (a as HTMLElement).offsetWidth || 1;
        const pad: R = { left: r.left + bl * sx, top: r.top + bt * sx, right: r.left + (bl + a.clientWidth) * sx, bottom: r.top + (bt + a.clientHeight) * sx };
        const next = { left: Math.max(box.left, ox === 'visible' ? -1e9 : pad.left), top: Math.max(box.top, oy === 'visible' ? -1e9 : pad.top), right: Math.min(box.right, ox === 'visible' ? 1e9 : pad.right), bottom: Math.min(box.bottom, oy === 'visible' ? 1e9 : pad.bottom) };
        if (next.left > box.left || next.top > box.top || next.right < box.right || next.bottom < box.bottom) by = a;
        box = next;
      }
      const win = docScrolls ? { left: 0, top: -1e9, right: innerWidth, bottom: 1e9 } : view;
      const drawn = { left: Math.max(box.left, win.left), top: Math.max(box.top, win.top), right: Math.min(box.right, win.right), bottom: Math.min(box.bottom, win.bottom) };
      return reach ? { ...reach, drawn } : { box: drawn, by, drawn };
    };
    const fullTextReachable = (el: Element, text: string) => {
      for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
        const t = a.getAttribute('title') ?? a.getAttribute('aria-label');
        if (t && t.replace(/\s+/g, ' ').includes(text.replace(/\s+/g, ' ').trim().slice(0, 40))) return true;
      }
      return false;
    };

    // Text: every element with its own non-blank text node.
    const textEls: { el: Element; r: R; text: string }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      if (el.closest('.leaflet-container,svg,option,select,script,style') || fixedLayer(el) || !visible(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(el);
      const rr = range.getBoundingClientRect();
      if (rr.width < 1 || rr.height < 1) continue;
      const r = rectOf(rr);
      const text = (el.textContent ?? '').trim();
      const { box, by, drawn } = clipOf(el);
      // What overlaps is what is drawn: the part of the text its clipping boxes let through.
      const shown = inter(r, drawn);
      if (shown) textEls.push({ el, r: shown, text });
      const scale = rr.height / Math.max(1, (el as HTMLElement).offsetHeight || rr.height);
      if (within(r, box, Math.max(TOL, parseFloat(getComputedStyle(el).fontSize) * 0.22 * scale))) continue;
      if (fullTextReachable(el, text)) continue;
      out.clipped.push(`${name(el)} "${text.slice(0, 40)}" cut by ${by ? name(by) : 'window'}`);
    }

    // Charts and maps: whole, and never on top of each other or of text.
    const blocks = [...root.querySelectorAll('.chart canvas, .map, .kmap')]
      .filter((el) => visible(el) && !fixedLayer(el))
      .map((el) => ({ el, r: rectOf(el.getBoundingClientRect()) }))
      .filter((b) => b.r.right - b.r.left > 2 && b.r.bottom - b.r.top > 2);
    for (const b of blocks) {
      const { box, by, drawn } = clipOf(b.el);
      if (!within(b.r, box)) out.clipped.push(`${name(b.el)} cut by ${by ? name(by) : 'window'}`);
      b.r = inter(b.r, drawn) ?? { left: 0, top: 0, right: 0, bottom: 0 };
    }
    for (let i = 0; i < blocks.length; i++)
      for (let j = i + 1; j < blocks.length; j++) {
        const a = blocks[i]!, b = blocks[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        if (inter(a.r, b.r)) out.overlaps.push(`${name(a.el)} over ${name(b.el)}`);
      }
    for (const t of textEls)
      for (const b of blocks) {
        if (b.el.contains(t.el) || t.el.contains(b.el) || b.el.parentElement?.contains(t.el) && t.el.closest('.chart')) continue;
        if (t.el.closest('.map,.kmap') === b.el) continue;
        if (inter(t.r, b.r)) out.overlaps.push(`${name(t.el)} "${t.text.slice(0, 30)}" over ${name(b.el)}`);
      }

    // Map labels.
    for (const m of root.querySelectorAll('.leaflet-container')) {
      if (!visible(m)) continue;
      const mr = rectOf(m.getBoundingClientRect());
      const labels = [...m.querySelectorAll('.map-label')].filter(visible).map((el) => ({ el, r: rectOf(el.getBoundingClientRect()) }));
      for (const l of labels) {
        const scale = (l.r.bottom - l.r.top) / ((l.el as HTMLElement).offsetHeight || 1);
        const px = parseFloat(getComputedStyle(l.el).fontSize) * scale;
        // The console's wall preview is a thumbnail of the wall, legible where it is shown.
        if (px < 12 - 0.01 && !m.closest('.preview')) out.labels.push(`"${l.el.textContent}" drawn at ${px.toFixed(1)} px`);
        if (!within(l.r, mr)) out.labels.push(`"${l.el.textContent}" leaves its map`);
      }
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++)
          if (inter(labels[i]!.r, labels[j]!.r)) out.labels.push(`"${labels[i]!.el.textContent}" × "${labels[j]!.el.textContent}"`);
      // A name over a cluster's disc hides its count, and the count the name.
      const discs = [...m.querySelectorAll('.cluster-icon')].filter(visible).map((el) => ({ el, r: rectOf(el.getBoundingClientRect()) }));
      for (const l of labels)
        for (const d of discs) if (inter(l.r, d.r)) out.labels.push(`"${l.el.textContent}" over the disc "${d.el.textContent}"`);
    }

    if (o.minTarget) {
      for (const el of root.querySelectorAll('button, a[href], select, input, [role="button"], [role="tab"], .leaflet-control-zoom a')) {
        if (!visible(el) || fixedLayer(el) && !el.closest('.kmodal')) continue;
        const r = el.getBoundingClientRect();
        if (r.width < o.minTarget - 0.5 || r.height < o.minTarget - 0.5)
          out.smallTargets.push(`${name(el)} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  }, opts);
}

export const noFaults = (f: LayoutFaults) => f.clipped.length + f.overlaps.length + f.labels.length + f.smallTargets.length === 0;
