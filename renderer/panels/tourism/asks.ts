/** What the tourism panel asks for at each size (../ask.ts): the shared site-map overview's views. */
import { SITE_MAP_ASKS } from '../shared/overview-asks';

export default SITE_MAP_ASKS;
