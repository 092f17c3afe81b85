import { z } from 'zod';

/**
 * What an operator may do to a hotline report, and the rules for it. The host validates
 * 'hotline.act' with this schema and the console's desk checks its form with the same one,
 * so the two cannot drift (an assignment needs an agency; a note needs a text).
 */
export const HOTLINE_ACTIONS = ['acknowledge', 'assign', 'note', 'resolve'] as const;
export type HotlineAction = (typeof HOTLINE_ACTIONS)[number];

export const hotlineActSchema = z
  .object({
    eventId: z.string().min(1),
    action: z.enum(HOTLINE_ACTIONS),
    agency: z.string().min(1).max(200).optional(),
    note: z.string().min(1).max(2000).optional(),
  })
  .refine((p) => p.action !== 'assign' || p.agency, { message: 'assign needs an agency', path: ['agency'] })
  .refine((p) => p.action !== 'note' || p.note, { message: 'note needs a text', path: ['note'] });

export type HotlineActParams = z.input<typeof hotlineActSchema>;
