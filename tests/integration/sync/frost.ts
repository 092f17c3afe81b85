import type { IncomingMessage } from 'node:http';
import { useRouteServer, type RouteHandler } from './route-server';

/**
 * A local SensorThings 1.1 server as FROST-Server answers, for a test file: its Things, Datastreams,
 * MultiDatastreams and Observations in FROST's shapes (self links, navigation links, expanded
 * entities), every request recorded. Call once at the top of a file (it registers the server's
 * hooks); `routes` answers by path under `/v1.1`.
 */
export function useFrost() {
  /** Every request: its decoded path and its query. */
  const asked: { path: string; query: URLSearchParams }[] = [];
  const server = useRouteServer((req: IncomingMessage) => {
    const url = new URL(req.url!, 'http://x');
    asked.push({ path: decodeURIComponent(url.pathname), query: url.searchParams });
  });
  const routes = server.routes;
  const root = () => `${server.base}/v1.1`;
  /** An entity's path as FROST writes it: numbers bare, strings quoted. */
  const path = (set: string, id: unknown) => `${root()}/${set}(${JSON.stringify(id)})`;

  const op = (id: number, name: string | null, definition: string | null) => ({
    '@iot.selfLink': path('ObservedProperties', id),
    '@iot.id': id,
    ...(name === null ? {} : { name }),
    ...(definition === null ? {} : { definition }),
    description: `${name ?? 'unnamed'} observed property`,
    properties: {},
    'Datastreams@iot.navigationLink': `${path('ObservedProperties', id)}/Datastreams`,
    'MultiDatastreams@iot.navigationLink': `${path('ObservedProperties', id)}/MultiDatastreams`,
  });

  /**
   * A Thing as FROST lists it with `$expand=Locations,Datastreams($expand=ObservedProperty)`;
   * `linked`: it links MultiDatastreams (FROST with the extension links them on every Thing).
   */
  const thing = (id: number | string, datastreams: unknown[] = [], linked = true) => ({
    '@iot.selfLink': path('Things', id),
    '@iot.id': id,
    name: `Trạm quan trắc ${String(id)}`,
    description: 'Trạm quan trắc không khí tự động',
    properties: { areaId: null },
    Locations: [
      {
        '@iot.selfLink': path('Locations', id),
        '@iot.id': id,
        name: `Vị trí ${String(id)}`,
        encodingType: 'application/geo+json',
        // Ids past a few dozen (a test's odd ids) stand at one place inside the province.
        location: { type: 'Point', coordinates: [106.88 + (typeof id === 'number' && id < 50 ? id : 1) / 100, 11.53] },
      },
    ],
    Datastreams: datastreams,
    'HistoricalLocations@iot.navigationLink': `${path('Things', id)}/HistoricalLocations`,
    ...(linked ? { 'MultiDatastreams@iot.navigationLink': `${path('Things', id)}/MultiDatastreams` } : {}),
  });

  /** A MultiDatastream as FROST lists it with `$expand=Thing,ObservedProperties`; `thingId` null: no Thing. */
  const multi = (id: unknown, thingId: unknown, props: unknown[], over: Record<string, unknown> = {}) => ({
    '@iot.selfLink': path('MultiDatastreams', id),
    '@iot.id': id,
    name: `Không khí ${String(id)}`,
    description: 'Bụi và khí, một bộ phân tích',
    observationType: `${OM}OM_ComplexObservation`,
    multiObservationDataTypes: props.map(() => `${OM}OM_Measurement`),
    unitOfMeasurements: props.map(() => UG),
    properties: {},
    ...(thingId === null ? {} : { Thing: { '@iot.selfLink': path('Things', thingId), '@iot.id': thingId, name: `Trạm quan trắc ${String(thingId)}` } }),
    ObservedProperties: props,
    'Sensor@iot.navigationLink': `${path('MultiDatastreams', id)}/Sensor`,
    'Observations@iot.navigationLink': `${path('MultiDatastreams', id)}/Observations`,
    ...over,
  });

  /**
   * An entity's Observations as FROST answers them: `phenomenonTime gt` honoured, `$top` a page, an
   * absolute `@iot.nextLink` with `$skip` for the rest. `entity` as the raw URL path writes it.
   * Returns what each request was answered with.
   */
  const observations = (entity: string, list: () => Obs[]): Obs[][] => {
    const answered: Obs[][] = [];
    routes.set(`/v1.1/${entity}/Observations`, (req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const gt = /^phenomenonTime gt (\S+)$/.exec(q.get('$filter') ?? '')?.[1];
      const all = list().filter((o) => !gt || Date.parse(o.phenomenonTime) > Date.parse(gt));
      const skip = Number(q.get('$skip') ?? 0);
      const top = Number(q.get('$top') ?? 100);
      const page = all.slice(skip, skip + top);
      answered.push(page);
      const next = new URL(`${root()}/${entity}/Observations`);
      for (const [k, v] of q) next.searchParams.set(k, v);
      next.searchParams.set('$skip', String(skip + top));
      reply({ value: page, ...(skip + top < all.length ? { '@iot.nextLink': next.toString() } : {}) })(req, res);
    });
    return answered;
  };

  return { asked, routes, root, op, thing, multi, observations };
}

/** An answer: JSON unless the body is text already. */
export const reply =
  (body: unknown, status = 200, type = 'application/json'): RouteHandler =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader('content-type', type);
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

export const OM = 'http://www.opengis.net/def/observationType/OGC-OM/2.0/';
export const UG = { name: 'microgram per cubic meter', symbol: 'µg/m³', definition: 'http://unitsofmeasure.org/ucum.html#para-30' };
export const MG = { name: 'milligram per cubic meter', symbol: 'mg/m³', definition: 'http://unitsofmeasure.org/ucum.html#para-30' };
export const CELSIUS = { name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' };
/** EEA air-quality pollutant vocabulary, as FROST air-quality deployments name ObservedProperties. */
export const EIONET = 'http://dd.eionet.europa.eu/vocabulary/aq/pollutant/';

export interface Obs {
  '@iot.id': number;
  phenomenonTime: string;
  result: unknown;
}
/** An Observation at hour `h` of 1 Dec 2026. */
export const at = (id: number, h: number, result: unknown): Obs => ({ '@iot.id': id, phenomenonTime: `2026-12-01T0${h}:00:00.000Z`, result });
