/**
 * Strings of leaders' wall requests in the console (banner on every tab and the list), in their
 * own key ('requestsView') added to the app's one i18n instance.
 */
import { i18n } from '../../i18n';

const vi = {
  title: 'Yêu cầu đưa lên tường',
  banner: {
    // Vietnamese has one plural form; _one is there for the shape English needs.
    pending_one: 'Có {{count}} yêu cầu đưa lên tường đang chờ duyệt',
    pending_other: 'Có {{count}} yêu cầu đưa lên tường đang chờ duyệt',
    from: '“{{node}}” xin hiển thị: {{what}} · {{ago}}',
    open: 'Xem trước',
    auto: '“{{node}}” đã đưa thẳng lên tường: {{what}} (không cần duyệt, kiosk.requireApproval = false) · {{ago}}',
    dismiss: 'Đã biết',
  },
  pending: 'Đang chờ duyệt',
  recent: 'Đã xử lý gần đây',
  none: 'Không có yêu cầu nào đang chờ.',
  noneRecent: 'Chưa có yêu cầu nào.',
  from: 'Từ',
  kiosk: 'Máy kiosk',
  wholeProvince: 'Toàn tỉnh',
  at: 'Lúc',
  note: 'Lời nhắn của lãnh đạo',
  decisionNote: 'Ghi chú gửi kiosk (không bắt buộc)',
  approve: 'Duyệt',
  decline: 'Từ chối',
  state: { pending: 'Chờ duyệt', approved: 'Đã duyệt', declined: 'Đã từ chối', expired: 'Đã thay thế' },
  decidedBy: 'bởi {{by}} lúc {{time}}',
  auto: 'tự động (không cần duyệt)',
  approved: 'Đã duyệt: “{{what}}” đang hiển thị trên tường đến lần đổi theo lịch tiếp theo.',
  declined: 'Đã từ chối: “{{what}}”. Tường không thay đổi.',
  failed: 'Không xử lý được yêu cầu: {{message}}',
};

const en: typeof vi = {
  title: 'Wall requests',
  banner: {
    pending_one: 'A wall request is waiting for approval',
    pending_other: '{{count}} wall requests are waiting for approval',
    from: '“{{node}}” asks to show: {{what}} · {{ago}}',
    open: 'Preview',
    auto: '“{{node}}” put this on the wall directly: {{what}} (no approval, kiosk.requireApproval = false) · {{ago}}',
    dismiss: 'Got it',
  },
  pending: 'Waiting for approval',
  recent: 'Recently handled',
  none: 'No request is waiting.',
  noneRecent: 'No requests yet.',
  from: 'From',
  kiosk: 'Kiosk',
  wholeProvince: 'Whole province',
  at: 'At',
  note: 'Leader’s note',
  decisionNote: 'Note for the kiosk (optional)',
  approve: 'Approve',
  decline: 'Decline',
  state: { pending: 'Waiting', approved: 'Approved', declined: 'Declined', expired: 'Superseded' },
  decidedBy: 'by {{by}} at {{time}}',
  auto: 'automatically (no approval needed)',
  approved: 'Approved: “{{what}}” is on the wall until the next scheduled change.',
  declined: 'Declined: “{{what}}”. The wall is unchanged.',
  failed: 'Could not handle the request: {{message}}',
};

i18n.addResourceBundle('vi', 'translation', { requestsView: vi }, true, true);
i18n.addResourceBundle('en', 'translation', { requestsView: en }, true, true);
