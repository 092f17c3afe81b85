/**
 * The province's published figures the demo dataset is built to agree with. Each is copied from
 * ../shared/data/binh-phuoc-facts.json (which names its public sources); the tests compare the
 * generated totals against that file, so a typo here fails a test.
 */
export const FACTS = {
  population2024: 1_060_448,
  grdp2024BnVnd: 115_357,
  grdpGrowth: { 2023: 0.0834, 2024: 0.0932 } as Record<number, number>,
  budgetRevenue9m2022BnVnd: 11_500,
  exports9m2022MUsd: 3_140,
  fdi2023: { projects: 48, millionUsd: 739.23 },
  perennialCropsHa: 436_689,
  schools: { preschool: 155, primary: 163, lowerSecondary: 107, upperSecondary: 35 },
  pupils2016: 245_178,
  tourism2024: { visitors: 1_500_000, revenueBnVnd: 1_200 },
  tourismVisitorsTarget2025: 1_700_000,
  cameras: 577,
} as const;

/** Label of every record the generator writes (the store defines it: feeds may replace demo figures). */
export { DEMO_SOURCE } from '../store/records';
