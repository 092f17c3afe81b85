import type { Place } from '../../domains';
import { FACTS, DEMO_SOURCE } from './facts';
import type { DemoDistricts } from './areas';
import { DISTRICT_SEATS } from './corridors';
import { CORRIDORS } from './corridors';
import { alongLine } from './lines';
import type { Random } from './random';

/**
 * Places: tourist sites and provincial hospitals at their real (approximate) locations; health
 * centres at the district seats; schools and commune health stations spread over each district
 * (demo positions, named as such); traffic cameras along the corridors (577, the IOC's count).
 */

const SITES: { name: string; kind: string; lon: number; lat: number; district: string; note: string }[] = [
  { name: 'Núi Bà Rá', kind: 'site.nature', lon: 106.996, lat: 11.832, district: '688', note: 'Cao khoảng 733–736 m, khu du lịch sinh thái – tâm linh' },
  { name: 'Hồ Thác Mơ', kind: 'site.lake', lon: 107.02, lat: 11.852, district: '688', note: 'Hồ thủy điện khoảng 12.000 ha' },
  { name: 'Vườn quốc gia Bù Gia Mập', kind: 'site.nature', lon: 107.2, lat: 12.17, district: '691', note: 'Rừng đặc dụng 26.032 ha' },
  { name: 'Sóc Bom Bo', kind: 'site.heritage', lon: 107.205, lat: 11.885, district: '696', note: 'Khu bảo tồn văn hóa dân tộc S’tiêng' },
  { name: 'Khu di tích Tà Thiết', kind: 'site.heritage', lon: 106.535, lat: 11.73, district: '692', note: 'Di tích quốc gia đặc biệt' },
  { name: 'Trảng cỏ Bù Lạch', kind: 'site.nature', lon: 107.3, lat: 11.98, district: '696', note: 'Trảng cỏ tự nhiên, mùa hoa tháng 7–10' },
];

const HOSPITALS: { name: string; lon: number; lat: number; district: string; beds: number }[] = [
  { name: 'Bệnh viện Đa khoa tỉnh Bình Phước', lon: 106.893, lat: 11.522, district: '689', beds: 1000 },
  { name: 'Bệnh viện Y học cổ truyền tỉnh Bình Phước', lon: 106.871, lat: 11.538, district: '689', beds: 200 },
];

const SCHOOL_LEVELS = [
  { kind: 'school.preschool', label: 'Trường Mầm non', count: FACTS.schools.preschool },
  { kind: 'school.primary', label: 'Trường Tiểu học', count: FACTS.schools.primary },
  { kind: 'school.lowerSecondary', label: 'Trường THCS', count: FACTS.schools.lowerSecondary },
  { kind: 'school.upperSecondary', label: 'Trường THPT', count: FACTS.schools.upperSecondary },
];

export function generatePlaces(
  rng: Random,
  districts: DemoDistricts,
  /** School counts per level per district, as the education observations have them. */
  schoolsByDistrict: (kind: string) => Map<string, number>,
  emit: (p: Place) => void,
): void {
  const place = (p: Omit<Place, 'source'>) => emit({ ...p, source: DEMO_SOURCE });
  const locate = (lon: number, lat: number, fallback: string) => districts.locate(lon, lat) ?? fallback;

  SITES.forEach((s, i) =>
    place({ id: `demo:site:${i + 1}`, domain: 'tourism', kind: s.kind, name: s.name, areaId: locate(s.lon, s.lat, s.district), lat: s.lat, lon: s.lon, attrs: { note: s.note } }),
  );
  HOSPITALS.forEach((h, i) =>
    place({ id: `demo:hospital:${i + 1}`, domain: 'health', kind: 'hospital.provincial', name: h.name, areaId: h.district, lat: h.lat, lon: h.lon, attrs: { beds: h.beds, note: `${h.beds} giường bệnh (mẫu)` } }),
  );
  const r = rng.fork('places');
  for (const id of districts.ids()) {
    const seat = DISTRICT_SEATS[id]!;
    const [lon, lat] = districts.randomPoint(r, id, { lon: seat.lon, lat: seat.lat, spread: 0.005 });
    place({ id: `demo:healthcentre:${id}`, domain: 'health', kind: 'hospital.district', name: `Trung tâm Y tế ${districts.name(id)}`, areaId: id, lat, lon, attrs: { note: 'Vị trí mẫu' } });
    for (let k = 1; k <= 10; k++) {
      const [clon, clat] = districts.randomPoint(r, id);
      place({ id: `demo:clinic:${id}:${k}`, domain: 'health', kind: 'clinic.commune', name: `Trạm y tế xã (mẫu ${k}) – ${districts.name(id)}`, areaId: id, lat: clat, lon: clon, attrs: { note: 'Vị trí mẫu' } });
    }
  }
  for (const level of SCHOOL_LEVELS) {
    const counts = schoolsByDistrict(level.kind);
    for (const id of districts.ids()) {
      const seat = DISTRICT_SEATS[id]!;
      for (let k = 1; k <= (counts.get(id) ?? 0); k++) {
        const near = r.chance(0.5) ? { lon: seat.lon, lat: seat.lat, spread: 0.03 } : undefined;
        const [lon, lat] = districts.randomPoint(r, id, near);
        place({
          id: `demo:${level.kind}:${id}:${k}`,
          domain: 'education',
          kind: level.kind,
          name: `${level.label} (mẫu ${k}) – ${districts.name(id)}`,
          areaId: id,
          lat,
          lon,
          attrs: { note: 'Vị trí mẫu' },
        });
      }
    }
  }
  place({ id: 'demo:waste:1', domain: 'environment', kind: 'wastePlant', name: 'Khu xử lý chất thải rắn Đồng Xoài (mẫu)', areaId: '689', lat: 11.585, lon: 106.86, attrs: { note: 'Vị trí mẫu' } });
  place({ id: 'demo:waste:2', domain: 'environment', kind: 'wastePlant', name: 'Khu xử lý chất thải rắn Bình Long (mẫu)', areaId: locate(106.57, 11.68, '690'), lat: 11.68, lon: 106.57, attrs: { note: 'Vị trí mẫu' } });
  place({ id: 'demo:onestop:1', domain: 'publicAdmin', kind: 'serviceCentre', name: 'Trung tâm Phục vụ hành chính công tỉnh', areaId: '689', lat: 11.5355, lon: 106.8937, attrs: {} });

  // Cameras: along the corridors, denser in towns.
  const cr = rng.fork('cameras');
  for (let k = 1; k <= FACTS.cameras; k++) {
    const c = cr.weighted(CORRIDORS, CORRIDORS.map((x) => x.weight));
    let [lon, lat] = alongLine(c.line, cr.next());
    lon += 0.001 * cr.normal();
    lat += 0.001 * cr.normal();
    const areaId = districts.locate(lon, lat);
    if (!areaId) {
      const seat = DISTRICT_SEATS['689']!;
      [lon, lat] = districts.randomPoint(cr, '689', { lon: seat.lon, lat: seat.lat, spread: 0.02 });
    }
    place({
      id: `demo:camera:${String(k).padStart(3, '0')}`,
      domain: 'traffic',
      kind: 'camera',
      name: `Camera ${c.id} số ${k}`,
      areaId: areaId ?? '689',
      lat: Math.round(lat * 1e5) / 1e5,
      lon: Math.round(lon * 1e5) / 1e5,
      attrs: { road: c.id },
    });
  }
}
