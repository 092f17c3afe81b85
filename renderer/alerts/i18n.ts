/**
 * Alert strings (wall band, alerts tile, console inbox) in their own key ('alertsUi') added to
 * the app's one i18n instance, so this folder does not edit the shared vi.ts / en.ts.
 */
import { i18n } from '../i18n';

const vi = {
  severity: { severe: 'NGHIÊM TRỌNG', warning: 'Cảnh báo', info: 'Thông tin' },
  state: { raised: 'Mới', acknowledged: 'Đã tiếp nhận', cleared: 'Đã hết', resolved: 'Đã xử lý' },
  band: '{{count}} cảnh báo nghiêm trọng',
  bandMore: 'và {{n}} cảnh báo khác',
  age: '{{age}}',
  open: 'Đang mở',
  acknowledged: 'Đã tiếp nhận',
  closed: 'Đã đóng',
  none: 'Không có cảnh báo.',
  figures: 'Chỉ số cần chú ý',
  cap: 'Cảnh báo thiên tai (CAP)',
  capExpires: 'hết hiệu lực {{at}}',
  inbox: {
    title: 'Hộp cảnh báo',
    ack: 'Tiếp nhận',
    resolve: 'Đã xử lý',
    note: 'Ghi chú (bắt buộc)',
    notePlaceholder: 'Ví dụ: đã cử tổ công tác kiểm tra',
    save: 'Lưu',
    cancel: 'Huỷ',
    jump: 'Xem lĩnh vực tại {{area}}',
    closeJump: 'Đóng',
    wallAsk: 'Quy tắc này muốn chuyển tường sang "{{preset}}" tại {{area}}.',
    wallYes: 'Chuyển tường',
    wallNo: 'Không chuyển',
    wallActive: 'Tường đang hiển thị "{{preset}}" vì cảnh báo này.',
    sound: 'Âm báo khi có cảnh báo mới',
    value: 'Giá trị',
    detail: 'Chi tiết',
    raisedAt: 'Phát sinh',
    by: '{{who}} lúc {{at}}',
    noteRequired: 'Cần ghi chú.',
    failed: 'Không thực hiện được: {{msg}}',
  },
};

const en: typeof vi = {
  severity: { severe: 'SEVERE', warning: 'Warning', info: 'Info' },
  state: { raised: 'New', acknowledged: 'Acknowledged', cleared: 'Cleared', resolved: 'Resolved' },
  band: '{{count}} severe alert(s)',
  bandMore: 'and {{n}} more',
  age: '{{age}}',
  open: 'Open',
  acknowledged: 'Acknowledged',
  closed: 'Closed',
  none: 'No alerts.',
  figures: 'Figures needing attention',
  cap: 'Disaster warnings (CAP)',
  capExpires: 'expires {{at}}',
  inbox: {
    title: 'Alert inbox',
    ack: 'Acknowledge',
    resolve: 'Resolve',
    note: 'Note (required)',
    notePlaceholder: 'e.g. a team has been sent to check',
    save: 'Save',
    cancel: 'Cancel',
    jump: 'Open the panel at {{area}}',
    closeJump: 'Close',
    wallAsk: 'This rule wants to switch the wall to "{{preset}}" at {{area}}.',
    wallYes: 'Switch the wall',
    wallNo: 'Do not switch',
    wallActive: 'The wall shows "{{preset}}" because of this alert.',
    sound: 'Sound on new alerts',
    value: 'Value',
    detail: 'Detail',
    raisedAt: 'Raised',
    by: '{{who}} at {{at}}',
    noteRequired: 'A note is required.',
    failed: 'Could not do it: {{msg}}',
  },
};

i18n.addResourceBundle('vi', 'translation', { alertsUi: vi }, true, true);
i18n.addResourceBundle('en', 'translation', { alertsUi: en }, true, true);
