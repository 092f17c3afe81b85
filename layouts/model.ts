import { z } from 'zod';
import { cleanText } from '../base/clean-text';
import { DOMAIN_IDS } from '../domains/ids';

/**
 * The wall and layout model (DESIGN.md "Walls and layouts"). Pure: no I/O, no DOM.
 * Canvas units are pixels of the wall's virtual canvas: displays laid out at their resolution
 * with their bezels between them, so a tile that spans a seam keeps its geometry continuous.
 */

export const FORMAT_VERSION = 1;

/**
 * Bounds on what a file, an import or the editor may hold. Far above any real wall; what they stop
 * is a file gone wrong (or hostile) making the host check tiles in pairs for minutes and answer
 * with millions of problems. The schedule's ids are at most 80 characters, so presets' are too.
 */
export const MAX_ID = 80;
/** A display in every cell of the largest grid (32×32). */
export const MAX_DISPLAYS = 32 * 32;
/** A tile on every display of the largest wall. */
export const MAX_TILES = MAX_DISPLAYS;

/**
 * A name people gave (a wall, a preset, a playlist): shown in lists beside others, on the wall and
 * in the log. Cleaned as every outside text is (base/clean-text.ts): a preset named
 * "\u202Egnp.exe Bố cục\u0000\uD800" from a layout file showed reversed, cut at the NUL, with
 * half a character. Nothing printable left is no name, and refused as such.
 */
export const nameSchema = z
  .string()
  // overwrite, not transform: the limits below are checked on the cleaned text, and the JSON
  // Schema of the file format (the input side) stays a plain string of 1–120 characters.
  .overwrite(cleanText)
  .min(1)
  .max(120);

/** Bezel widths in canvas pixels (the physical bezel converted at the display's pixel pitch). */
export const bezelSchema = z.object({
  top: z.number().min(0).max(500),
  right: z.number().min(0).max(500),
  bottom: z.number().min(0).max(500),
  left: z.number().min(0).max(500),
});

export const displaySchema = z.object({
  /** Our id for this display of the wall, e.g. 'r1c2'. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'display id: letters, digits, - and _, at most 40'),
  /** Grid position (0-based). */
  col: z.number().int().min(0).max(31),
  row: z.number().int().min(0).max(31),
  width: z.number().int().min(320).max(16384),
  height: z.number().int().min(240).max(16384),
  /** Physical size in millimetres (active area), for drawing the wall to scale. */
  widthMm: z.number().positive().max(10000).optional(),
  heightMm: z.number().positive().max(10000).optional(),
  bezel: bezelSchema,
  /** How to find this display among the OS displays: by id first, then label, then position. */
  match: z
    .object({
      osId: z.union([z.string().max(200), z.number()]).optional(),
      label: z.string().max(200).optional(),
      x: z.number().int().optional(),
      y: z.number().int().optional(),
    })
    .default({}),
});

export const wallSchema = z.object({
  id: z.string().min(1).max(MAX_ID),
  name: nameSchema,
  cols: z.number().int().min(1).max(32),
  rows: z.number().int().min(1).max(32),
  displays: z.array(displaySchema).min(1).max(MAX_DISPLAYS),
});

/** Camera tiles (layouts/cameras.ts): one camera, a grid of N×N, a tour with a dwell time. */
export const CAMERA_KINDS = ['camera', 'cameraGrid', 'cameraTour'] as const;
export const PANEL_KINDS = [...DOMAIN_IDS, 'clock', 'alerts', 'text', ...CAMERA_KINDS] as const;
export const panelKindSchema = z.enum(PANEL_KINDS);

export const rectSchema = z.object({
  x: z.number().min(0),
  y: z.number().min(0),
  w: z.number().positive(),
  h: z.number().positive(),
});

export const tileSchema = z.object({
  id: z.string().min(1).max(MAX_ID),
  panel: panelKindSchema,
  /** One of the panel's views (domains/ catalog), or '' for the panel's default. */
  view: z.string().max(MAX_ID).default(''),
  options: z
    .object({
      areaId: z.string().max(MAX_ID).optional(),
      period: z.string().max(40).optional(),
      /** For 'text' tiles: the announcement. */
      text: z.string().max(2000).optional(),
      /** For camera tiles: camera ids (camera: the first; grid: row by row, '' = empty cell; tour: in order). */
      cameras: z.array(z.string().max(80)).max(64).optional(),
      /** For 'cameraGrid': 2, 3 or 4 cameras a side. */
      grid: z.union([z.literal(2), z.literal(3), z.literal(4)]).optional(),
      /** For 'cameraTour': seconds on each camera. */
      dwellSec: z.number().int().min(5).max(3600).optional(),
    })
    .default({}),
  rect: rectSchema,
});

export const layoutSchema = z.object({
  id: z.string().min(1).max(MAX_ID),
  name: nameSchema,
  wallId: z.string().min(1).max(MAX_ID),
  tiles: z.array(tileSchema).max(MAX_TILES),
});

export type Bezel = z.infer<typeof bezelSchema>;
export type WallDisplay = z.infer<typeof displaySchema>;
export type Wall = z.infer<typeof wallSchema>;
export type PanelKind = z.infer<typeof panelKindSchema>;
export type Rect = z.infer<typeof rectSchema>;
export type Tile = z.infer<typeof tileSchema>;
export type Layout = z.infer<typeof layoutSchema>;
