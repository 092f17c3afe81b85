/** What the land panel asks for at each size (../ask.ts): the shared event-map overview's views, its trend as the large tile's chart. */
import { eventMapAsks } from '../shared/overview-asks';

export default eventMapAsks('trend');
