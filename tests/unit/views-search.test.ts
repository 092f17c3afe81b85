import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchEvents, searchMatch } from '../../host/views/search';
import { hotlineEvent } from './hotline-event';
import { makeFixture, type Fixture } from './views-fixture';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
  const ev = (id: string, over: Parameters<typeof hotlineEvent>[1]) => f.w.event(hotlineEvent(id, over));
  ev('hl:1022-0001', { title: 'Đèn đường không sáng', address: 'Đường Phú Riềng Đỏ, Tân Phú, Đồng Xoài', dueAt: '2025-03-14T03:00:00Z' });
  ev('hl:1022-0002', { title: 'Rác thải tồn đọng', address: 'Hẻm 12 Trần Hưng Đạo, Đồng Xoài', dueAt: '2025-03-12T03:00:00Z' });
  ev('hl:1022-0003', { title: 'ĐÈN ĐƯỜNG HỎNG', address: 'QL14, Bình Long', areaId: '690', status: 'resolved', closedAt: '2025-03-11T03:00:00Z' });
  // Decomposed text, as a keyboard set to "Unicode tổ hợp" writes it.
  ev('hl:1022-0004', { title: 'Ngập nước'.normalize('NFD'), address: 'Đồng Xoài'.normalize('NFD'), dueAt: null });
  f.w.event(hotlineEvent('tr:1', { domain: 'traffic', kind: 'traffic.accident', title: 'Tai nạn trên đường Phú Riềng Đỏ' }));
});
afterEach(() => f.close());

const ids = (q: string, extra: { areaId?: string; limit?: number } = {}) => searchEvents(f.db, { domain: 'hotline', q, limit: 50, ...extra }).map((r) => r.id.replace('hl:1022-', ''));

describe('the desk search', () => {
  it('finds words with or without diacritics, in either case, as the start of words', () => {
    expect(ids('den duong')).toEqual(['0001', '0003']);
    expect(ids('Đèn Đường')).toEqual(['0001', '0003']);
    expect(ids('DEN DUO')).toEqual(['0001', '0003']);
    expect(ids('dong xoai')).toEqual(['0002', '0001', '0004']);
    expect(ids('ngap')).toEqual(['0004']);
    expect(ids('hung dao')).toEqual(['0002']);
    // Every word must match; a word inside another is not a match.
    expect(ids('den rac')).toEqual([]);
    expect(ids('uong')).toEqual([]);
  });

  it("finds a report by its number, orders open before settled (most urgent first), keeps to a district and a domain", () => {
    expect(ids('0002')).toEqual(['0002']);
    expect(ids('1022')).toEqual(['0002', '0001', '0004', '0003']);
    expect(ids('1022', { limit: 2 })).toEqual(['0002', '0001']);
    expect(ids('duong', { areaId: '690' })).toEqual(['0003']);
    expect(searchEvents(f.db, { domain: 'traffic', q: 'phu rieng', limit: 50 }).map((r) => r.id)).toEqual(['tr:1']);
    const [hit] = searchEvents(f.db, { domain: 'hotline', q: '0003', limit: 50 });
    expect(hit).toMatchObject({ closed: true, statusName: { vi: 'Đã giải quyết' }, areaName: 'Bình Long' });
  });

  it('follows edits of the text, and what FTS5 would read as syntax is only text', () => {
    f.w.event(hotlineEvent('hl:1022-0002', { title: 'Cây đổ chắn đường', address: 'Đồng Xoài' }));
    expect(ids('rac thai')).toEqual([]);
    expect(ids('cay do')).toEqual(['0002']);
    for (const q of ['"', 'den OR', 'NEAR(den duong)', 'den* -duong', '^den', 'title:den', '((', 'AND', '***', ' ', '']) {
      expect(() => ids(q), q).not.toThrow();
    }
    expect(ids('title:den')).toEqual([]);
    // A letter the index's tokenizer takes for a separator (its Unicode tables are older): the
    // word is asked as the phrase of its pieces, not refused.
    f.w.event(hotlineEvent('hl:1022-0005', { title: 'Bản\u19B0tin' }));
    expect(ids('ban\u19B0tin')).toEqual(['0005']);
    expect(ids('đèn AND')).toEqual([]);
    expect(searchMatch('   ')).toBeNull();
    expect(searchMatch('d d d d d')).toBe('("d"* OR "đ"*) AND ("d"* OR "đ"*) AND ("d"* OR "đ"*) AND ("d"* OR "đ"*) AND ("d"* OR "đ"*)');
    expect(searchMatch('dddddd')!.split(' OR ')).toHaveLength(8);
  });
});
