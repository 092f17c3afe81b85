/**
 * What the environment panel asks for at each size (../ask.ts): its headline is the worst
 * station now, so the stations at every size and the period's figures only when large.
 */
import { defineAsks, EVERY_SIZE, LARGE, MEDIUM_UP } from '../ask';

export default defineAsks({ kpis: LARGE, stations: EVERY_SIZE, map: MEDIUM_UP, trend: LARGE });
