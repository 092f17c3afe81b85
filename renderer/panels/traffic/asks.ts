/**
 * What the traffic panel asks for at each size (../ask.ts): the map from medium up, the trend
 * when large, and the breakdown by kind when large or in a medium band (a wide tile has room
 * for it beside the figures).
 */
import { defineAsks, LARGE, MEDIUM_UP } from '../ask';

export default defineAsks({ map: MEDIUM_UP, byKind: { sizes: LARGE, wide: MEDIUM_UP }, trend: LARGE });
