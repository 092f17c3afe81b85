/** What the public-administration panel asks for at each size (../ask.ts): by agency from medium up, the district bars when large. */
import { defineAsks, LARGE, MEDIUM_UP } from '../ask';

export default defineAsks({ byAgency: MEDIUM_UP, byArea: { sizes: LARGE, province: true } });
