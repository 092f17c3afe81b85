/** One Open311 GeoReport v2 service request as a server lists it (a hotline report in Đồng Xoài), with fields replaced by `over`. */
export const open311Report = (id: string, over: Record<string, unknown> = {}) => ({
  service_request_id: id,
  status: 'open',
  service_code: 'hotline.infrastructure',
  service_name: 'Hạ tầng',
  description: `Phản ánh ${id}`,
  requested_datetime: '2026-11-20T08:00:00+07:00',
  updated_datetime: '2026-11-20T08:00:00+07:00',
  address: 'Đồng Xoài',
  lat: 11.53,
  long: 106.88,
  ...over,
});
