import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent, Observation } from '../../domains';
import { migrate } from '../../host/db/migrate';
import { RecordWriter } from '../../host/store/records';
import { hotlineEvent } from './hotline-event';

/**
 * A tiny hand-made province for view tests: province 70 and two districts with square
 * boundaries. Each test adds the few records whose answers it knows.
 */
export interface Fixture {
  db: Database.Database;
  w: RecordWriter;
  close(): void;
  obs(o: Partial<Observation> & Pick<Observation, 'indicator' | 'areaId' | 'period' | 'value'>): void;
  ev(e: Partial<DomainEvent> & Pick<DomainEvent, 'id' | 'openedAt'>): void;
}

const square = (x: number, y: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]],
});

export function makeFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-views-'));
  const db = new Database(join(dir, 'v.db'));
  migrate(db);
  const w = new RecordWriter(db);
  w.area({ id: '70', version: '2019', level: 'province', parentId: null, name: 'Bình Phước', kind: 'tỉnh', geometry: null, lat: 11.7, lon: 106.9 });
  w.area({ id: '689', version: '2019', level: 'district', parentId: '70', name: 'Đồng Xoài', kind: 'thành phố', geometry: square(106.8, 11.5), lat: 11.55, lon: 106.85 });
  w.area({ id: '690', version: '2019', level: 'district', parentId: '70', name: 'Bình Long', kind: 'thị xã', geometry: square(106.6, 11.6), lat: 11.65, lon: 106.65 });
  return {
    db,
    w,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
    obs(o) {
      const domain = (o.domain ?? o.indicator.split('.')[0]) as Observation['domain'];
      w.observation({ source: 'test', updatedAt: '2025-01-01T00:00:00Z', ...o, domain });
    },
    ev(e) {
      w.event(hotlineEvent(e.id, { lat: 11.55, lon: 106.85, title: 'Phản ánh', updatedAt: e.openedAt, dueAt: null, ...e }));
    },
  };
}

/** Local (UTC+7) wall-clock time as a UTC ISO string: at('2025-01-10 09:00'). */
export function at(local: string): string {
  const [d, t = '00:00'] = local.split(' ');
  return new Date(Date.parse(`${d}T${t}:00+07:00`)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
