/**
 * The feed view's strings, in their own key ('feedsView') added to the app's one i18n instance,
 * so this folder does not edit the shared vi.ts/en.ts.
 */
import { i18n } from '../../i18n';

const vi = {
  title: 'Nguồn dữ liệu',
  networkDown: 'Mất kết nối mạng. Màn hình vẫn hiển thị dữ liệu đã lưu; hệ thống tự đồng bộ lại khi có mạng.',
  runAll: 'Chạy tất cả',
  runNow: 'Chạy ngay',
  running: 'Đang chạy…',
  empty: 'Chưa cấu hình nguồn dữ liệu nào. Thêm mục "feeds" vào tệp cấu hình (xem README, phần "Nguồn dữ liệu").',
  col: {
    feed: 'Nguồn',
    state: 'Trạng thái',
    lastSuccess: 'Lần thành công gần nhất',
    nextRun: 'Lần chạy tới',
    counts: 'Lần chạy gần nhất',
    action: '',
  },
  state: { ok: 'Bình thường', error: 'Lỗi', never: 'Chưa chạy', running: 'Đang chạy', disabled: 'Tạm dừng' },
  never: 'chưa có',
  failures: '{{n}} lần lỗi liên tiếp',
  counts: 'nhận {{fetched}} · thêm {{inserted}} · cập nhật {{updated}} · cách ly {{quarantined}}',
  notModified: 'không đổi (304)',
  quarantinedTotal: 'Tổng số bản ghi bị cách ly: {{n}}',
  result: {
    ok: '{{id}}: xong — nhận {{fetched}}, thêm {{inserted}}, cập nhật {{updated}}.',
    notModified: '{{id}}: dữ liệu không thay đổi (304).',
    failed: '{{id}}: lỗi — {{error}}',
  },
  outbox: {
    title: 'Thao tác chờ gửi',
    none: 'Không có thao tác nào đang chờ gửi.',
    noEndpoint: 'Chưa cấu hình địa chỉ nhận thao tác (sync.actionsEndpoint): thao tác chỉ được lưu trên máy này.',
    waiting: '{{n}} thao tác đang chờ gửi',
    seq: 'STT',
    action: 'Thao tác',
    report: 'Phản ánh',
    created: 'Lúc',
    attempts: 'Số lần thử',
    lastError: 'Lỗi gần nhất',
    nextAttempt: 'Thử lại',
    kinds: { acknowledge: 'Xác nhận đã tiếp nhận', assign: 'Chuyển đơn vị xử lý', note: 'Thêm ghi chú', resolve: 'Đã giải quyết' },
  },
};

const en: typeof vi = {
  title: 'Data feeds',
  networkDown: 'The network is down. Screens keep showing the stored data; sync resumes by itself when the network is back.',
  runAll: 'Run all',
  runNow: 'Run now',
  running: 'Running…',
  empty: 'No feeds configured yet. Add a "feeds" list to the config file (see README, "Feeds").',
  col: { feed: 'Feed', state: 'State', lastSuccess: 'Last success', nextRun: 'Next run', counts: 'Last run', action: '' },
  state: { ok: 'OK', error: 'Failing', never: 'Not run yet', running: 'Running', disabled: 'Paused' },
  never: 'never',
  failures: '{{n}} failures in a row',
  counts: 'fetched {{fetched}} · new {{inserted}} · updated {{updated}} · quarantined {{quarantined}}',
  notModified: 'unchanged (304)',
  quarantinedTotal: 'Quarantined records in total: {{n}}',
  result: {
    ok: '{{id}}: done — fetched {{fetched}}, new {{inserted}}, updated {{updated}}.',
    notModified: '{{id}}: data unchanged (304).',
    failed: '{{id}}: failed — {{error}}',
  },
  outbox: {
    title: 'Actions waiting to be sent',
    none: 'No actions are waiting.',
    noEndpoint: 'No actions endpoint is configured (sync.actionsEndpoint): actions are kept on this machine only.',
    waiting: '{{n}} action(s) waiting',
    seq: '#',
    action: 'Action',
    report: 'Report',
    created: 'At',
    attempts: 'Attempts',
    lastError: 'Last error',
    nextAttempt: 'Next try',
    kinds: { acknowledge: 'Acknowledge', assign: 'Assign to agency', note: 'Add a note', resolve: 'Resolve' },
  },
};

i18n.addResourceBundle('vi', 'translation', { feedsView: vi }, true, true);
i18n.addResourceBundle('en', 'translation', { feedsView: en }, true, true);
