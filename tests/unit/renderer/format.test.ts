import { afterEach, describe, expect, it } from 'vitest';
import {
  formatDate,
  formatFigure,
  formatSignedPercent,
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

  it('a headline figure fits a card whatever its size; a change past ±999 % is said as more than', () => {
    // 8e13 (đồng sent where tỷ đồng is meant) printed whole ran under the next card.
    // Intl puts a no-break space before the scale word.
    const figure = (n: number) => formatFigure(n).replace(/[\u00a0\u202f]/g, ' ');
    expect(figure(80_000_000_000_000)).toBe('80 NT');
    expect(figure(-3e15)).toBe('-3000 NT');
    expect(figure(1_834_000)).toBe('1,8 Tr');
    expect(formatFigure(137_056)).toBe('137.056');
    expect(formatFigure(123.7)).toBe('124');
    expect(formatFigure(97.34)).toBe('97,3');
    expect(formatFigure(460)).toBe('460');
    expect(formatFigure(0.004)).toBe('0,004');
    expect(formatFigure(0.000000001234)).toBe('0,0000000012');
    expect(formatFigure(0)).toBe('0');
    expect(formatFigure(Number.POSITIVE_INFINITY)).toBe('–');
    expect(formatSignedPercent(0.052)).toBe('+5,2%');
    expect(formatSignedPercent(31_510_499_999_999)).toBe('+999%+');
    expect(formatSignedPercent(-12)).toBe('−999%+');
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
