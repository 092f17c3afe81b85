/** What the urban-order panel asks for at each size (../ask.ts): the shared event-map overview's views, violations by kind as the large tile's chart. */
import { eventMapAsks } from '../shared/overview-asks';

export default eventMapAsks('byKind');
