/** What the education panel asks for at each size (../ask.ts): pupils by district from medium up, the schools' map and the trend when large. */
import { defineAsks, LARGE, MEDIUM_UP } from '../ask';

export default defineAsks({ byArea: MEDIUM_UP, map: LARGE, trend: LARGE });
