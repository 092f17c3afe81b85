/** What the hotline panel asks for at each size (../ask.ts): the latest reports from medium up, by status and the map when large. */
import { defineAsks, LARGE, MEDIUM_UP } from '../ask';

export default defineAsks({ recent: MEDIUM_UP, byStatus: LARGE, map: LARGE });
