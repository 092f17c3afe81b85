import { describe, expect, it } from 'vitest';
import { holidayChecker, holidaysOf, statutoryHolidays } from '../../../layouts/holidays';
import { lunarToSolar, solarToLunar } from '../../../layouts/lunar';

const iso = (s: { year: number; month: number; day: number } | null) =>
  s ? `${s.year}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}` : null;

describe('Vietnamese lunar calendar (UTC+7)', () => {
  // Mùng 1 Tết as published in Vietnamese calendars.
  const tet: [number, string][] = [
    [1968, '1968-01-29'],
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ];
  it.each(tet)('Tết %i is on %s', (year, date) => {
    expect(iso(lunarToSolar(1, 1, year))).toBe(date);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    expect(solarToLunar(d, m, y)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it('differs from the Chinese calendar (UTC+8) where the new moon falls near midnight', () => {
    expect(iso(lunarToSolar(1, 1, 1985, false, 8))).toBe('1985-02-20');
    expect(iso(lunarToSolar(1, 1, 2007, false, 8))).toBe('2007-02-18');
  });

  const hung: [number, string][] = [
    [2021, '2021-04-21'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ];
  it.each(hung)('Giỗ Tổ Hùng Vương %i is on %s', (year, date) => {
    expect(iso(lunarToSolar(10, 3, year))).toBe(date);
  });

  it('knows the leap months (tháng nhuận) of 2023 and 2025', () => {
    expect(solarToLunar(22, 3, 2023)).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(solarToLunar(20, 2, 2023)).toEqual({ day: 1, month: 2, year: 2023, leap: false });
    expect(solarToLunar(25, 7, 2025)).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(iso(lunarToSolar(1, 2, 2023, true))).toBe('2023-03-22');
    expect(lunarToSolar(1, 3, 2023, true)).toBeNull();
    expect(lunarToSolar(1, 3, 2024, true)).toBeNull();
  });

  it('round-trips every day of several years', () => {
    for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const l = solarToLunar(d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear());
      expect(iso(lunarToSolar(l.day, l.month, l.year, l.leap))).toBe(d.toISOString().slice(0, 10));
    }
  });
});

describe('public holidays', () => {
  it('lists 2026 with Tết (5 days) and Giỗ Tổ computed, and the solar days', () => {
    const list = statutoryHolidays(2026);
    expect(list.map((h) => [h.date, h.lunar])).toEqual([
      ['2026-01-01', false],
      ['2026-02-16', true],
      ['2026-02-17', true],
      ['2026-02-18', true],
      ['2026-02-19', true],
      ['2026-02-20', true],
      ['2026-04-26', true],
      ['2026-04-30', false],
      ['2026-05-01', false],
      ['2026-09-02', false],
    ]);
    expect(list.find((h) => h.date === '2026-04-26')!.name).toMatch(/Giỗ Tổ Hùng Vương/);
  });

  it('the last day of the lunar year is the 29th when the 12th month is short (Tết 2025)', () => {
    // Tháng Chạp Giáp Thìn had 29 days: 28 January 2025 was "29 Tết".
    expect(solarToLunar(28, 1, 2025)).toMatchObject({ day: 29, month: 12, year: 2024 });
    expect(statutoryHolidays(2025).filter((h) => h.lunar && h.name.startsWith('Tết')).map((h) => h.date)[0]).toBe('2025-01-28');
  });

  it('adds the configured extra days of that year only, once', () => {
    const extra = [
      { date: '2025-09-01', name: 'Quốc khánh (ngày liền kề)' },
      { date: '2025-01-01', name: 'duplicate' },
      { date: '2026-01-02', name: 'other year' },
    ];
    const list = holidaysOf(2025, extra);
    expect(list.filter((h) => h.date === '2025-01-01')).toHaveLength(1);
    expect(list.some((h) => h.date === '2025-09-01' && h.name.startsWith('Quốc khánh'))).toBe(true);
    expect(list.some((h) => h.date.startsWith('2026'))).toBe(false);
    const isHoliday = holidayChecker(extra);
    expect(isHoliday(2025, 9, 1)).toBe(true);
    expect(isHoliday(2025, 9, 3)).toBe(false);
    expect(isHoliday(2026, 1, 2)).toBe(true);
  });
});
