import type { Area } from '../../../domains';
import type { coreMethods, Freshness, HostInfo } from '../contract/core';
import { VERSION } from '../../version';
import { stmt } from '../../db/statements';
import type { Handlers } from './types';
import { audit } from '../../store/audit';
import { boundaryOf } from '../../geo/boundary-levels';

/** Shown in the About box and by host.info; the GPL data ships as a separate file beside its licence. */
export const BUNDLED_BOUNDARIES_ATTRIBUTION = {
  what: 'Ranh giới hành chính / Administrative boundaries',
  text: 'Boundaries © daohoangson/dvhcvn (GPL-3.0), from gis.chinhphu.vn / GSO',
  licence: 'GPL-3.0',
};

interface AreaRow {
  id: string;
  version: string;
  level: Area['level'];
  parent_id: string | null;
  name: string;
  kind: string;
  geometry: string | null;
  lat: number | null;
  lon: number | null;
}

export const coreHandlers: Handlers<typeof coreMethods> = {
  // Every panel frame asks host.info and freshness.list, again on each `changed`: statements come
  // from the views' per-database cache rather than being prepared per request.
  'host.info'(_params, ctx) {
    const demo = stmt(ctx.db, `SELECT value FROM meta WHERE key='demo'`).pluck().get() === '1';
    const attributions: HostInfo['attributions'] = [];
    if (ctx.config.boundaries.file) {
      attributions.push({
        what: BUNDLED_BOUNDARIES_ATTRIBUTION.what,
        text: `Boundaries from ${ctx.config.boundaries.file} (provided by the installer)`,
        licence: 'see the file’s source',
      });
    } else {
      attributions.push(BUNDLED_BOUNDARIES_ATTRIBUTION);
    }
    return { version: VERSION, role: ctx.config.role, demo, attributions, now: new Date().toISOString() };
  },

  'areas.list'({ version, withGeometry }, ctx) {
    // Without a version the newest stored set is meant: the wall shows one administrative map.
    const v = version ?? (stmt(ctx.db, `SELECT max(version) FROM areas`).pluck().get() as string | null);
    if (v === null) return [];
    const rows = stmt(ctx.db, `SELECT * FROM areas WHERE version = ? ORDER BY level = 'province' DESC, id`).all(v) as AreaRow[];
    return rows.map((r) => {
      const b = withGeometry && r.geometry ? boundaryOf(ctx.db, v, r.id, r.geometry) : null;
      return {
        id: r.id,
        version: r.version,
        level: r.level,
        parentId: r.parent_id,
        name: r.name,
        kind: r.kind,
        geometry: (b?.geometry ?? null) as Area['geometry'],
        detail: b?.detail ?? null,
        lat: r.lat,
        lon: r.lon,
      };
    });
  },

  'freshness.list'(_params, ctx) {
    return stmt(ctx.db, `SELECT domain, updated_at AS updatedAt, source FROM domain_freshness ORDER BY domain`).all() as Freshness[];
  },

  'observation.put'(obs, ctx) {
    // Value, freshness and audit row land together or not at all.
    ctx.db.transaction(() => {
      ctx.records.manualObservation(obs);
      ctx.records.touch(obs.domain, obs.updatedAt, obs.source);
      audit(ctx.db, ctx.actor, 'observation.put', obs);
    })();
    ctx.services.views.changed([obs.domain]);
    return obs;
  },
};
