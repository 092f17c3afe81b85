import { economy } from './economy';
import { education } from './education';
import { environment } from './environment';
import { health } from './health';
import { hotline } from './hotline';
import { land } from './land';
import { publicAdmin } from './publicAdmin';
import { tourism } from './tourism';
import { traffic } from './traffic';
import { urbanOrder } from './urbanOrder';

/**
 * The domains, in the order the province's IOC announcement lists them (the order of the kiosk
 * grid, the console's lists and the alerts panel). A domain is one file in this folder plus its
 * line here; domains/ids.ts derives the ids (and the DomainId type) from this list, and every
 * other per-domain table is derived from the entries.
 */
export const DOMAINS = [economy, publicAdmin, traffic, urbanOrder, land, environment, health, education, tourism, hotline] as const;
