/**
 * Leaflet in the host's first-frame build (renderer/first-frame): Leaflet reads `document` and
 * `navigator` as it loads, and a few of our modules extend its classes when they load. The host
 * never draws a Leaflet map (a map in a static frame draws SVG, components/static-frame.ts), so
 * this stands in for the module: every member is callable and constructible and gives another
 * such stand-in, and nothing it gives is ever drawn.
 */
type Inert = ((...args: unknown[]) => Inert) & { readonly [key: string]: Inert };

function inert(): Inert {
  return new Proxy(function () {}, {
    get: (_target, key) => (key === 'prototype' ? {} : key === Symbol.toPrimitive ? () => '' : inert()),
    apply: () => inert(),
    construct: () => inert(),
  }) as unknown as Inert;
}

const L = inert();
export default L;
