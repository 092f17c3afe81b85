/** What the economy panel asks for at each size (../ask.ts): the trend from medium up, the district bars when large. */
import { defineAsks, LARGE, MEDIUM_UP } from '../ask';

export default defineAsks({ trend: MEDIUM_UP, byArea: { sizes: LARGE, province: true } });
