/**
 * Approximate centre lines (lon, lat) of the province's main roads, through the real towns they
 * serve. Traffic incidents cluster on them, as they do in the province's reports.
 */
export type Line = readonly (readonly [number, number])[];

export const CORRIDORS: { id: string; name: string; weight: number; line: Line }[] = [
  {
    id: 'QL13',
    name: 'Quốc lộ 13',
    weight: 0.36,
    // Bình Dương border → Chơn Thành → Hớn Quản → Bình Long (An Lộc) → Lộc Ninh → Hoa Lư border gate
    line: [
      [106.662, 11.335],
      [106.657, 11.43],
      [106.628, 11.545],
      [106.607, 11.65],
      [106.598, 11.745],
      [106.588, 11.836],
      [106.556, 11.925],
      [106.53, 11.99],
    ],
  },
  {
    id: 'QL14',
    name: 'Quốc lộ 14',
    weight: 0.32,
    // Chơn Thành → Đồng Xoài → Đồng Phú → Bù Đăng (Đức Phong) → Đắk Nông border
    line: [
      [106.657, 11.43],
      [106.76, 11.49],
      [106.839, 11.517],
      [106.95, 11.585],
      [107.05, 11.665],
      [107.15, 11.745],
      [107.243, 11.813],
      [107.34, 11.915],
    ],
  },
  {
    id: 'DT741',
    name: 'Đường tỉnh 741',
    weight: 0.22,
    // Phú Giáo (Bình Dương) → Đồng Xoài → Phú Riềng → Phước Long → Bù Gia Mập
    line: [
      [106.8, 11.34],
      [106.83, 11.44],
      [106.839, 11.517],
      [106.9, 11.63],
      [106.93, 11.72],
      [106.965, 11.8],
      [106.99, 11.84],
      [107.04, 11.95],
    ],
  },
];

/** District seats (lon, lat): health centres, one-stop desks and the densest reports sit here. */
export const DISTRICT_SEATS: Record<string, { name: string; lon: number; lat: number }> = {
  '688': { name: 'Phước Long', lon: 106.985, lat: 11.825 },
  '689': { name: 'Đồng Xoài', lon: 106.839, lat: 11.517 },
  '690': { name: 'An Lộc', lon: 106.607, lat: 11.652 },
  '691': { name: 'Phú Nghĩa', lon: 107.01, lat: 11.96 },
  '692': { name: 'Lộc Ninh', lon: 106.588, lat: 11.836 },
  '693': { name: 'Thanh Bình', lon: 106.8, lat: 11.99 },
  '694': { name: 'Tân Khai', lon: 106.62, lat: 11.59 },
  '695': { name: 'Tân Phú', lon: 106.94, lat: 11.56 },
  '696': { name: 'Đức Phong', lon: 107.243, lat: 11.813 },
  '697': { name: 'Chơn Thành', lon: 106.657, lat: 11.43 },
  '698': { name: 'Bù Nho', lon: 106.94, lat: 11.7 },
};
