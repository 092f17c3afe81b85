/**
 * What the generator knows about each district beyond its boundary: weights for spreading the
 * province's published totals. Population weights approximate the 2019 census shares; the others
 * (industry, tourism, forest) are judgements from the province's own descriptions, used only to
 * make the breakdown believable. Every province total comes from the facts file, not from here.
 */
export interface DistrictProfile {
  id: string;
  name: string;
  population2019: number;
  /** Share of industry and services (industrial parks in Chơn Thành, Đồng Phú, Đồng Xoài). */
  industry: number;
  tourism: number;
  urban: boolean;
  /** Perennial crops (cashew, rubber, pepper): the rural east and north. */
  crops: number;
}

export const DISTRICT_PROFILES: DistrictProfile[] = [
  { id: '688', name: 'Phước Long', population2019: 50_000, industry: 0.7, tourism: 3.2, urban: true, crops: 0.4 },
  { id: '689', name: 'Đồng Xoài', population2019: 108_600, industry: 2.2, tourism: 1.0, urban: true, crops: 0.4 },
  { id: '690', name: 'Bình Long', population2019: 60_000, industry: 1.0, tourism: 0.6, urban: true, crops: 0.6 },
  { id: '691', name: 'Bù Gia Mập', population2019: 86_000, industry: 0.5, tourism: 1.6, urban: false, crops: 1.6 },
  { id: '692', name: 'Lộc Ninh', population2019: 128_000, industry: 0.8, tourism: 1.2, urban: false, crops: 1.4 },
  { id: '693', name: 'Bù Đốp', population2019: 57_000, industry: 0.5, tourism: 0.4, urban: false, crops: 1.0 },
  { id: '694', name: 'Hớn Quản', population2019: 105_000, industry: 1.1, tourism: 0.3, urban: false, crops: 1.3 },
  { id: '695', name: 'Đồng Phú', population2019: 95_000, industry: 1.6, tourism: 0.4, urban: false, crops: 1.2 },
  { id: '696', name: 'Bù Đăng', population2019: 154_000, industry: 0.6, tourism: 1.4, urban: false, crops: 1.8 },
  { id: '697', name: 'Chơn Thành', population2019: 79_000, industry: 2.6, tourism: 0.2, urban: true, crops: 0.7 },
  { id: '698', name: 'Phú Riềng', population2019: 99_000, industry: 0.7, tourism: 0.3, urban: false, crops: 1.5 },
];

export function profileOf(id: string): DistrictProfile | undefined {
  return DISTRICT_PROFILES.find((p) => p.id === id);
}
