import { afterEach, describe, expect, it } from 'vitest';
import {
  formatDate,
  formatInteger,
  formatNumber,
  formatPercent,
  formatPercentValue,
  formatPeriod,
  formatPeriodShort,
  formatRelativeAge,
  formatTime,
  formatUpdated,
  setFormatLanguage,
} from '../../../renderer/format';
import { parseRoute } from '../../../renderer/router';
import { sizeForPixels } from '../../../renderer/panels/types';
import { isStale } from '../../../renderer/panels/staleness';

afterEach(() => setFormatLanguage('vi'));

describe('format (vi-VN, Asia/Ho_Chi_Minh)', () => {
  it('numbers and percentages in Vietnamese notation', () => {
    expect(formatNumber(1234567.891)).toBe('1.234.567,9');
    expect(formatInteger(12345.6)).toBe('12.346');
    expect(formatPercent(0.953)).toBe('95,3%');
    expect(formatPercentValue(95.3)).toBe('95,3%');
    expect(formatNumber(null)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
  });

  it('times in the province, whatever the machine zone', () => {
    // 01:15 UTC is 08:15 in Hồ Chí Minh City (UTC+7); 20:00 UTC is already the next day there.
    expect(formatTime('2026-11-25T01:15:00Z')).toBe('08:15');
    expect(formatDate('2026-11-25T20:00:00Z')).toBe('26/11/2026');
  });

  it('freshness: time today with its age, date on another day', () => {
    const now = new Date('2026-11-25T03:00:00Z');
    expect(formatUpdated('2026-11-25T02:57:00Z', now)).toBe('09:57 · 3 phút trước');
    expect(formatUpdated('2026-11-24T01:00:00Z', now)).toBe('24/11 08:00 · hôm qua');
    expect(formatRelativeAge('2026-11-25T02:59:40Z', now)).toBe('vừa xong');
    setFormatLanguage('en');
    expect(formatRelativeAge('2026-11-25T02:57:00Z', now)).toBe('3 minutes ago');
  });

  it('periods as words', () => {
    expect(formatPeriod('2024')).toBe('Năm 2024');
    expect(formatPeriod('2024-Q2')).toBe('Quý 2/2024');
    expect(formatPeriod('2024-05')).toBe('Tháng 5/2024');
    expect(formatPeriodShort('2024-05')).toBe('T5/24');
    setFormatLanguage('en');
    expect(formatPeriod('2024-Q2')).toBe('Q2 2024');
  });
});

describe('routes, sizes, staleness', () => {
  it('parses the three routes', () => {
    expect(parseRoute({ pathname: '/wall', search: '?display=d2&token=x' })).toEqual({ name: 'wall', displayId: 'd2' });
    expect(parseRoute({ pathname: '/console/', search: '?tab=about' })).toEqual({ name: 'console', tab: 'about' });
    expect(parseRoute({ pathname: '/kiosk', search: '' })).toEqual({ name: 'kiosk' });
    expect(parseRoute({ pathname: '/nope', search: '' })).toEqual({ name: 'notFound', path: '/nope' });
  });

  it('sizes tiles by their pixels', () => {
    expect(sizeForPixels(400, 300)).toBe('small');
    expect(sizeForPixels(480, 540)).toBe('medium');
    expect(sizeForPixels(960, 1080)).toBe('large');
  });

  it('stale after the domain’s own threshold', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(isStale('traffic', '2026-11-25T10:30:00Z', now)).toBe(true);
    expect(isStale('economy', '2026-11-01T00:00:00Z', now)).toBe(false);
  });
});
