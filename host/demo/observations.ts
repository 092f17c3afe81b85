import type { DomainId, Observation } from '../../domains';
import { FACTS, DEMO_SOURCE } from './facts';
import { DISTRICT_PROFILES, type DistrictProfile } from './profile';
import { apportion, type Random } from './random';
import { daysInMonth } from './time';

/**
 * Observations: monthly flows ('YYYY-MM', aggregate 'sum' or 'avg') and yearly stocks and rates
 * ('YYYY', aggregate 'last'), for the province (70) and each district, from January 2023 to the
 * current month. Where the province publishes a figure, the year's province total is exactly
 * that figure and the districts add up to it; other years move by the published growth rates.
 */

export const FIRST_YEAR = 2023;
const PROVINCE = '70';

type Annual = (year: number) => number;

/** Years without a published figure continue at the last published growth rate. */
function grown(base: number, baseYear: number, rate: number): Annual {
  return (y) => base * Math.pow(1 + rate, y - baseYear);
}

const GRDP: Record<number, number> = {
  2023: Math.round(FACTS.grdp2024BnVnd / (1 + FACTS.grdpGrowth[2024]!)),
  2024: FACTS.grdp2024BnVnd,
};
const GROWTH_PCT: Record<number, number> = { 2023: 8.34, 2024: 9.32, 2025: 8.9, 2026: 9.1, 2027: 9 };

function grdp(y: number): number {
  if (GRDP[y] !== undefined) return GRDP[y]!;
  let v = FACTS.grdp2024BnVnd;
  for (let k = 2025; k <= y; k++) v *= 1 + (GROWTH_PCT[k] ?? 9) / 100;
  return Math.round(v);
}

// The 9-month 2022 figures as a year (×12/9), carried forward at the published GRDP growth.
const budget2022 = (FACTS.budgetRevenue9m2022BnVnd * 12) / 9;
const exports2022 = (FACTS.exports9m2022MUsd * 12) / 9;
const scaledLikeGrdp = (base2022: number): Annual => (y) => (base2022 * grdp(y)) / (grdp(2023) / (1 + FACTS.grdpGrowth[2023]!));

const TOURISM_VISITORS: Record<number, number> = { 2023: 1_350_000, 2024: FACTS.tourism2024.visitors, 2025: 1_650_000, 2026: 1_790_000 };
const TOURISM_REVENUE: Record<number, number> = { 2023: 1_050, 2024: FACTS.tourism2024.revenueBnVnd, 2025: 1_340, 2026: 1_480 };
const FDI_MUSD: Record<number, number> = { 2023: FACTS.fdi2023.millionUsd, 2024: 812.4, 2025: 865.75, 2026: 910.3 };
const FDI_PROJECTS: Record<number, number> = { 2023: FACTS.fdi2023.projects, 2024: 52, 2025: 55, 2026: 57 };
const DENGUE: Record<number, number> = { 2023: 2_430, 2024: 1_880, 2025: 2_760, 2026: 2_120 };
const CERTIFICATES: Record<number, number> = { 2023: 22_500, 2024: 24_100, 2025: 25_600, 2026: 26_300 };
const table = (t: Record<number, number>, fallback: Annual): Annual => (y) => t[y] ?? fallback(y);

// Month weights (Jan..Dec). Tết (late Jan / Feb) lifts tourism; the rainy season (May–Oct) lifts dengue.
const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const ECONOMY_SEASON = [0.88, 0.78, 0.98, 1, 1.02, 1.03, 1.02, 1.03, 1.04, 1.05, 1.06, 1.11];
const BUDGET_SEASON = [1.1, 0.8, 0.9, 1.05, 0.95, 0.95, 1, 0.95, 0.95, 1, 1.05, 1.3];
const TOURISM_SEASON = [1.25, 1.6, 1.05, 1.1, 0.95, 0.85, 0.95, 0.9, 0.75, 0.75, 0.8, 1.05];
const DENGUE_SEASON = [0.4, 0.3, 0.25, 0.3, 0.7, 1.2, 1.6, 1.9, 1.8, 1.5, 1.1, 0.6];

interface SumSpec {
  domain: DomainId;
  id: string;
  annual: Annual;
  decimals: number;
  season: readonly number[];
  weight: (d: DistrictProfile) => number;
  /** Month-to-month spread of each district's share. */
  noise: number;
}

const pop = (d: DistrictProfile) => d.population2019;

const SUMS: SumSpec[] = [
  { domain: 'economy', id: 'economy.grdp', annual: grdp, decimals: 0, season: ECONOMY_SEASON, weight: (d) => pop(d) * d.industry, noise: 0.03 },
  { domain: 'economy', id: 'economy.budgetRevenue', annual: scaledLikeGrdp(budget2022), decimals: 0, season: BUDGET_SEASON, weight: (d) => pop(d) * d.industry ** 1.5, noise: 0.12 },
  { domain: 'economy', id: 'economy.exports', annual: scaledLikeGrdp(exports2022), decimals: 1, season: ECONOMY_SEASON, weight: (d) => pop(d) * d.industry ** 2, noise: 0.1 },
  { domain: 'tourism', id: 'tourism.visitors', annual: table(TOURISM_VISITORS, grown(1_790_000, 2026, 0.08)), decimals: 0, season: TOURISM_SEASON, weight: (d) => pop(d) * d.tourism, noise: 0.08 },
  { domain: 'tourism', id: 'tourism.revenue', annual: table(TOURISM_REVENUE, grown(1_480, 2026, 0.1)), decimals: 1, season: TOURISM_SEASON, weight: (d) => pop(d) * d.tourism * (d.urban ? 1.3 : 1), noise: 0.08 },
  { domain: 'health', id: 'health.outpatientVisits', annual: grown(3_050_000, 2024, 0.03), decimals: 0, season: FLAT, weight: (d) => pop(d) * (d.id === '689' ? 2.4 : 1), noise: 0.05 },
  { domain: 'health', id: 'health.inpatients', annual: grown(188_000, 2024, 0.03), decimals: 0, season: FLAT, weight: (d) => pop(d) * (d.id === '689' ? 3 : 1), noise: 0.06 },
  { domain: 'health', id: 'health.dengueCases', annual: table(DENGUE, grown(2_120, 2026, 0)), decimals: 0, season: DENGUE_SEASON, weight: (d) => pop(d) * (d.urban ? 1.4 : 1), noise: 0.3 },
  { domain: 'environment', id: 'environment.wasteCollected', annual: grown(246_000, 2024, 0.03), decimals: 0, season: FLAT, weight: (d) => pop(d) * (d.urban ? 1.5 : 0.8), noise: 0.04 },
  { domain: 'land', id: 'land.certificates', annual: table(CERTIFICATES, grown(26_300, 2026, 0.03)), decimals: 0, season: ECONOMY_SEASON, weight: (d) => pop(d) * d.crops, noise: 0.15 },
];

interface StockSpec {
  domain: DomainId;
  id: string;
  annual: Annual;
  weight: (d: DistrictProfile) => number;
}

const pupils2024 = Math.round(FACTS.pupils2016 * 1.08);
const STOCKS: StockSpec[] = [
  ...(['preschool', 'primary', 'lowerSecondary', 'upperSecondary'] as const).map(
    (level): StockSpec => ({ domain: 'education', id: `education.schools.${level}`, annual: () => FACTS.schools[level], weight: pop }),
  ),
  // Average population: 2024 as published; other years at about 1.1 % a year.
  { domain: 'economy', id: 'economy.population', annual: grown(FACTS.population2024, 2024, 0.011), weight: pop },
  { domain: 'education', id: 'education.pupils', annual: grown(pupils2024, 2024, 0.008), weight: pop },
  { domain: 'health', id: 'health.beds', annual: (y) => 3_650 + 60 * (y - 2024), weight: (d) => pop(d) * (d.id === '689' ? 3.2 : 1) },
  { domain: 'land', id: 'land.perennialCropsHa', annual: (y) => FACTS.perennialCropsHa + 420 * (y - 2024), weight: (d) => pop(d) * d.crops ** 2 },
];

interface RateSpec {
  domain: DomainId;
  id: string;
  base: number;
  spread: number;
  perYear: number;
  max?: number;
  districts: boolean;
  monthly?: boolean;
}

const RATES: RateSpec[] = [
  { domain: 'economy', id: 'economy.cpi', base: 103.6, spread: 0.5, perYear: -0.1, districts: false, monthly: true },
  { domain: 'health', id: 'health.bedOccupancy', base: 88, spread: 6, perYear: 0.5, districts: true, monthly: true },
  { domain: 'tourism', id: 'tourism.overnightShare', base: 31, spread: 4, perYear: 1, districts: false, monthly: true },
  { domain: 'health', id: 'health.vaccinationCoverage', base: 96.2, spread: 1.5, perYear: 0.3, max: 99.6, districts: true },
  { domain: 'education', id: 'education.graduationRate', base: 98.4, spread: 0.9, perYear: 0.2, max: 99.9, districts: true },
  { domain: 'education', id: 'education.enrolmentRate', base: 99.6, spread: 0.3, perYear: 0.05, max: 100, districts: true },
  { domain: 'environment', id: 'environment.wasteCollectionRate', base: 91.5, spread: 3, perYear: 1, max: 99, districts: true },
  { domain: 'publicAdmin', id: 'publicAdmin.serviceIndex', base: 82.4, spread: 2, perYear: 2.2, max: 95, districts: false },
];

/** Plan targets the generator sets for the demo (the province's own plans replace them via a feed). */
const PLANS: { domain: DomainId; id: string; plan: (year: number) => number | null }[] = [
  { domain: 'economy', id: 'economy.grdp', plan: (y) => Math.round(grdp(y - 1) * 1.085) },
  { domain: 'economy', id: 'economy.grdpGrowth', plan: (y) => (y === 2023 ? 7.5 : 8.5) },
  { domain: 'economy', id: 'economy.budgetRevenue', plan: (y) => Math.round(scaledLikeGrdp(budget2022)(y) * 0.97) },
  { domain: 'economy', id: 'economy.exports', plan: (y) => Math.round(scaledLikeGrdp(exports2022)(y) * 1.02) },
  { domain: 'tourism', id: 'tourism.visitors', plan: (y) => (y === 2025 ? FACTS.tourismVisitorsTarget2025 : Math.round(TOURISM_VISITORS[y - 1] ?? 1_800_000) * 1.08) },
  { domain: 'tourism', id: 'tourism.revenue', plan: (y) => Math.round((TOURISM_REVENUE[y - 1] ?? 1_480) * 1.12) },
  { domain: 'health', id: 'health.vaccinationCoverage', plan: () => 95 },
  { domain: 'education', id: 'education.graduationRate', plan: () => 98 },
  { domain: 'environment', id: 'environment.wasteCollectionRate', plan: () => 95 },
  { domain: 'land', id: 'land.certificates', plan: (y) => Math.round((CERTIFICATES[y] ?? 26_000) * 1.05) },
  { domain: 'publicAdmin', id: 'publicAdmin.onTimeRate', plan: () => 95 },
  { domain: 'publicAdmin', id: 'publicAdmin.onlineShare', plan: () => 60 },
  { domain: 'hotline', id: 'hotline.resolvedRate', plan: () => 90 },
];

export interface ObservationSink {
  (o: Observation): void;
}

export function generateObservations(rng: Random, now: Date, lastYear: number, lastMonth: number, emit: ObservationSink): void {
  const updatedAt = now.toISOString();
  const districts = DISTRICT_PROFILES;
  const obs = (domain: DomainId, indicator: string, areaId: string, period: string, value: number) =>
    emit({ domain, indicator, areaId, period, value, source: DEMO_SOURCE, updatedAt });

  for (const spec of SUMS) {
    const r = rng.fork(spec.id);
    const unit = 10 ** spec.decimals;
    for (let y = FIRST_YEAR; y <= lastYear; y++) {
      const total = Math.round(spec.annual(y) * unit);
      const season = spec.season.map((w, i) => w * daysInMonth(y, i + 1) * (1 + 0.03 * r.normal()));
      const months = apportion(total, season);
      for (let m = 1; m <= (y === lastYear ? lastMonth : 12); m++) {
        const period = `${y}-${String(m).padStart(2, '0')}`;
        const weights = districts.map((d) => Math.max(0.05, spec.weight(d) * (1 + spec.noise * r.normal())));
        const parts = apportion(months[m - 1]!, weights);
        districts.forEach((d, i) => obs(spec.domain, spec.id, d.id, period, parts[i]! / unit));
        obs(spec.domain, spec.id, PROVINCE, period, months[m - 1]! / unit);
      }
    }
  }

  // FDI arrives in a few lumpy months, mostly to the industrial districts.
  {
    const r = rng.fork('economy.fdi');
    for (let y = FIRST_YEAR; y <= lastYear; y++) {
      const projects = apportion(FDI_PROJECTS[y] ?? 58, FLAT.map(() => 0.3 + r.next()));
      const money = apportion(Math.round((FDI_MUSD[y] ?? 950) * 100), projects.map((p) => p * (0.5 + r.next())));
      for (let m = 1; m <= (y === lastYear ? lastMonth : 12); m++) {
        const period = `${y}-${String(m).padStart(2, '0')}`;
        const w = districts.map((d) => d.industry ** 3 * (0.5 + r.next()));
        const p = apportion(projects[m - 1]!, w);
        const v = apportion(money[m - 1]!, p.map((x, i) => x * w[i]!));
        districts.forEach((d, i) => {
          obs('economy', 'economy.fdiProjects', d.id, period, p[i]!);
          obs('economy', 'economy.fdi', d.id, period, v[i]! / 100);
        });
        obs('economy', 'economy.fdiProjects', PROVINCE, period, projects[m - 1]!);
        obs('economy', 'economy.fdi', PROVINCE, period, money[m - 1]! / 100);
      }
    }
  }

  // Schools of all levels: the sum of the four levels, district by district.
  const schools = new Map<number, number[]>();
  for (const spec of STOCKS) {
    const r = rng.fork(spec.id);
    const weights = districts.map((d) => spec.weight(d) * (1 + 0.05 * r.normal()));
    for (let y = FIRST_YEAR; y <= lastYear; y++) {
      const total = Math.round(spec.annual(y));
      const parts = apportion(total, weights);
      districts.forEach((d, i) => obs(spec.domain, spec.id, d.id, String(y), parts[i]!));
      obs(spec.domain, spec.id, PROVINCE, String(y), total);
      if (spec.id.startsWith('education.schools.')) {
        const acc = schools.get(y) ?? districts.map(() => 0);
        parts.forEach((p, i) => (acc[i]! += p));
        schools.set(y, acc);
      }
    }
  }
  for (const [y, parts] of schools) {
    districts.forEach((d, i) => obs('education', 'education.schools', d.id, String(y), parts[i]!));
    obs('education', 'education.schools', PROVINCE, String(y), parts.reduce((a, b) => a + b, 0));
  }

  for (let y = FIRST_YEAR; y <= lastYear; y++) {
    obs('economy', 'economy.grdpGrowth', PROVINCE, String(y), GROWTH_PCT[y] ?? 9);
  }

  for (const spec of RATES) {
    const r = rng.fork(spec.id);
    const offsets = districts.map(() => spec.spread * r.normal());
    const clamp = (v: number) => Math.round(Math.min(spec.max ?? Infinity, v) * 10) / 10;
    for (let y = FIRST_YEAR; y <= lastYear; y++) {
      const level = spec.base + spec.perYear * (y - 2024);
      const periods = spec.monthly
        ? Array.from({ length: y === lastYear ? lastMonth : 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`)
        : [String(y)];
      for (const period of periods) {
        const month = period.length > 4 ? Number(period.slice(5)) : 6;
        const seasonal = spec.id === 'health.bedOccupancy' ? 4 * Math.sin(((month - 3) / 12) * 2 * Math.PI) : 0;
        const values = districts.map((_, i) => clamp(level + seasonal + offsets[i]! + (spec.spread / 3) * r.normal()));
        if (spec.districts) districts.forEach((d, i) => obs(spec.domain, spec.id, d.id, period, values[i]!));
        const provinceValue = spec.districts
          ? clamp(values.reduce((a, b) => a + b, 0) / values.length)
          : clamp(level + seasonal + (spec.spread / 3) * r.normal());
        obs(spec.domain, spec.id, PROVINCE, period, provinceValue);
      }
    }
  }

  for (const p of PLANS) {
    for (let y = 2024; y <= lastYear; y++) {
      const v = p.plan(y);
      if (v !== null) obs(p.domain, `${p.id}.plan`, PROVINCE, String(y), v);
    }
  }
}
