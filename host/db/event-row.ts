import type { DomainId } from '../../domains/ids';

/**
 * A row of the events table as `SELECT *` reads it (its columns since migration 001). Queries
 * that read fewer columns say which with Pick/Omit of this, so the columns are written once.
 */
export interface EventTableRow {
  id: string;
  domain: DomainId;
  kind: string;
  status: string;
  area_id: string | null;
  lat: number | null;
  lon: number | null;
  title: string;
  description: string;
  address: string;
  agency: string | null;
  opened_at: string;
  updated_at: string;
  due_at: string | null;
  closed_at: string | null;
  source: string;
  /** JSON text, '{}' when there are none. */
  attrs: string;
}
