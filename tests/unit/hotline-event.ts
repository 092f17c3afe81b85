import type { DomainEvent } from '../../domains';

/** A hotline report in Đồng Xoài opened 10 March 2025, with what a test changes on top. */
export const hotlineEvent = (id: string, over: Partial<DomainEvent> = {}): DomainEvent => ({
  id,
  domain: 'hotline',
  kind: 'hotline.order',
  status: 'received',
  areaId: '689',
  lat: 11.5,
  lon: 106.8,
  title: 't',
  description: '',
  address: '',
  agency: null,
  openedAt: '2025-03-10T03:00:00Z',
  updatedAt: '2025-03-10T03:00:00Z',
  dueAt: '2025-03-13T03:00:00Z',
  closedAt: null,
  source: 'test',
  attrs: {},
  ...over,
});
