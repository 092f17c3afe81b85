import type { layoutsMethods } from '../contract/layouts';
import { mayCall } from '../dispatcher';
import { ApiError } from '../errors';
import { LayoutError } from '../../layouts/errors';
import * as store from '../../layouts/store';
import type { HandlerCtx, Handlers } from './types';
import { audit as auditRow } from '../../store/audit';
import { mappingRefusals } from './refusals';

const runtime = (ctx: HandlerCtx) => ctx.services.layouts;

/** What the displays prepare ahead ('layout.ahead') may have changed: they ask again. */
const presetsChanged = (ctx: HandlerCtx) => ctx.emit('presets.changed', { at: new Date().toISOString() });

const audit = (ctx: HandlerCtx, action: string, detail: Record<string, unknown>) => auditRow(ctx.db, ctx.actor, action, detail);

/**
 * Walls, presets, schedule: every change that alters what the wall shows is announced at once;
 * reads change nothing. The store's refusals reach the caller as ApiErrors with the same code.
 */
export const layoutsHandlers: Handlers<typeof layoutsMethods> = mappingRefusals({
  'wall.get'(_p, ctx) {
    return store.getWall(ctx.db);
  },
  'wall.save'({ wall }, ctx) {
    const rt = runtime(ctx);
    const out = store.saveWall(ctx.db, wall);
    audit(ctx, 'wall.save', { cols: wall.cols, rows: wall.rows, displays: wall.displays.length });
    rt.announce();
    presetsChanged(ctx);
    return out;
  },
  'layout.active'(_p, ctx) {
    return runtime(ctx).current();
  },
  'layout.ahead'(_p, ctx) {
    return store.layoutsAhead(ctx.db);
  },
  'preset.list'(_p, ctx) {
    return store.listPresets(ctx.db);
  },
  'preset.get'({ id }, ctx) {
    return store.getPreset(ctx.db, id);
  },
  'preset.save'({ layout }, ctx) {
    const rt = runtime(ctx);
    const rec = store.savePreset(ctx.db, layout);
    audit(ctx, 'preset.save', { id: layout.id, name: layout.name, tiles: layout.tiles.length });
    rt.announce();
    presetsChanged(ctx);
    return rec;
  },
  'preset.delete'({ id }, ctx) {
    const rt = runtime(ctx);
    store.deletePreset(ctx.db, id);
    audit(ctx, 'preset.delete', { id });
    rt.announce();
    presetsChanged(ctx);
    return { id };
  },
  'preset.duplicate'({ id, name }, ctx) {
    const rec = store.duplicatePreset(ctx.db, id, name);
    audit(ctx, 'preset.duplicate', { from: id, id: rec.id });
    presetsChanged(ctx);
    return rec;
  },
  'preset.activate'({ id, until }, ctx) {
    const rt = runtime(ctx);
    store.getPreset(ctx.db, id);
    store.setOverride(ctx.db, { target: { kind: 'preset', id }, at: new Date().toISOString(), until });
    audit(ctx, 'preset.activate', { id, until });
    // Always re-sent: "show on wall" also recovers a display that missed the last change.
    return rt.announce(true);
  },
  'preset.cue'({ id }, ctx) {
    const { bundled: _b, updatedAt: _u, ...layout } = store.getPreset(ctx.db, id);
    ctx.emit('layout.cued', { wall: store.getWall(ctx.db), layout });
    return { id };
  },
  'playlist.start'({ id, until }, ctx) {
    const rt = runtime(ctx);
    const cfg = store.getSchedule(ctx.db);
    if (!cfg.playlists.some((p) => p.id === id)) {
      throw new ApiError('not_found', `Không có danh sách phát "${id}" / No playlist "${id}": reload the schedule.`);
    }
    store.setOverride(ctx.db, { target: { kind: 'playlist', id }, at: new Date().toISOString(), until });
    audit(ctx, 'playlist.start', { id, until });
    return rt.announce(true);
  },
  'layout.release'(_p, ctx) {
    const rt = runtime(ctx);
    store.setOverride(ctx.db, null);
    audit(ctx, 'layout.release', {});
    return rt.announce();
  },
  'schedule.get'(_p, ctx) {
    return store.getSchedule(ctx.db);
  },
  'schedule.save'(cfg, ctx) {
    const rt = runtime(ctx);
    const out = store.saveSchedule(ctx.db, cfg);
    audit(ctx, 'schedule.save', { entries: cfg.entries.length, playlists: cfg.playlists.length });
    rt.announce();
    presetsChanged(ctx);
    return out;
  },
  'layouts.export'(opts, ctx) {
    return store.exportFile(ctx.db, opts);
  },
  'layouts.import'({ file, replace, wall }, ctx) {
    const rt = runtime(ctx);
    // A file may change only what its caller may change: its wall is taken from whoever may call
    // 'wall.save' (one rule for both), refused whole from anyone else, left out when asked.
    const fileWall = !wall ? 'leave' : mayCall(ctx.caller, 'wall.save') ? 'take' : 'refuse';
    let summary;
    try {
      summary = store.importFile(ctx.db, file, replace, fileWall);
    } catch (err) {
      // Logged as the dispatcher logs a method refused by role.
      if (err instanceof LayoutError && err.code === 'forbidden') console.warn(`[host] forbidden: ${ctx.actor} (role ${ctx.caller.role}) imported a layouts file with a wall`);
      throw err;
    }
    audit(ctx, 'layouts.import', { ...summary, replace, ...(wall ? {} : { wallLeftOut: true }) });
    rt.announce();
    presetsChanged(ctx);
    return summary;
  },
});
