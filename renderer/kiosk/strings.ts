/**
 * The kiosk's own strings, merged into the app's i18n under `kiosk.*` (Vietnamese first).
 * Kept beside the kiosk so its wording can change without touching the shared catalogs.
 */
import { i18n } from '../i18n';

const vi = {
  kiosk: {
    home: 'Trang chủ',
    heading: 'Tổng quan tỉnh Bình Phước',
    tapDomain: 'Chạm vào một lĩnh vực để xem chi tiết',
    noFigure: 'Chưa có số liệu',
    vsPrev: 'so với cùng kỳ',
    points: 'điểm %',
    area: 'Địa bàn',
    wholeProvince: 'Toàn tỉnh',
    mapLabel: 'Bản đồ chọn địa bàn {{domain}}',
    toWall: 'Đưa lên tường',
    confirmTitle: 'Đưa lên màn hình tường?',
    confirmText: 'Yêu cầu sẽ được gửi tới cán bộ điều hành. Khi được duyệt, «{{what}}» hiển thị trên toàn bộ màn hình tường cho đến lần chuyển lịch tiếp theo.',
    confirmYes: 'Đưa lên tường',
    cancel: 'Huỷ',
    sending: 'Đang gửi yêu cầu…',
    pending: 'Đã gửi yêu cầu «{{what}}». Đang chờ cán bộ điều hành duyệt…',
    sent: 'Đã đưa «{{what}}» lên màn hình tường.',
    declined: 'Cán bộ điều hành chưa đưa «{{what}}» lên tường.',
    superseded: 'Yêu cầu trước đã được thay bằng yêu cầu mới.',
    failed: 'Không đưa lên tường được: {{message}}. Hãy thử lại hoặc báo cán bộ trực.',
    requestName: 'Kiosk: {{what}}',
    panelMissing: 'Lĩnh vực này chưa có bảng hiển thị.',
    idleHint: 'Tự về trang chủ sau {{minutes}} phút không dùng',
    prev: 'Lĩnh vực trước: {{name}}',
    next: 'Lĩnh vực sau: {{name}}',
    overview: 'Tổng quan',
    compare: 'So sánh địa bàn',
    trend: 'Diễn biến theo tháng',
    noTrend: 'Chưa có số liệu theo tháng',
    tapBar: 'Chạm vào một cột để đọc số liệu',
    mapHint: 'Chạm vào huyện để xem riêng · hai ngón để phóng to, kéo để di chuyển · vuốt ngang ngoài bản đồ để đổi lĩnh vực',
    rankedBy: 'Xếp hạng theo {{name}}',
    vsLastYear: 'so với năm trước',
    noChange: 'chưa so sánh được',
  },
};

const en: typeof vi = {
  kiosk: {
    home: 'Home',
    heading: 'Bình Phước province overview',
    tapDomain: 'Tap a domain to see its details',
    noFigure: 'No figure yet',
    vsPrev: 'vs same period',
    points: 'pts',
    area: 'Area',
    wholeProvince: 'Whole province',
    mapLabel: 'Map to choose an area for {{domain}}',
    toWall: 'Show on the wall',
    confirmTitle: 'Show this on the video wall?',
    confirmText: 'The request goes to the duty operator. Once approved, “{{what}}” fills the whole video wall until the next scheduled change.',
    confirmYes: 'Show on the wall',
    cancel: 'Cancel',
    sending: 'Sending the request…',
    pending: 'Request for “{{what}}” sent. Waiting for the operator to approve…',
    sent: '“{{what}}” is now on the video wall.',
    declined: 'The operator did not put “{{what}}” on the wall.',
    superseded: 'The earlier request was replaced by a newer one.',
    failed: 'Could not show it on the wall: {{message}}. Try again, or ask the duty officer.',
    requestName: 'Kiosk: {{what}}',
    panelMissing: 'This domain has no panel yet.',
    idleHint: 'Returns home after {{minutes}} min without use',
    prev: 'Previous domain: {{name}}',
    next: 'Next domain: {{name}}',
    overview: 'Overview',
    compare: 'Compare areas',
    trend: 'Month by month',
    noTrend: 'No monthly figures yet',
    tapBar: 'Tap a bar to read it',
    mapHint: 'Tap a district to see it alone · two fingers to zoom, drag to move · swipe sideways off the map to change domain',
    rankedBy: 'Ranked by {{name}}',
    vsLastYear: 'vs last year',
    noChange: 'no comparison yet',
  },
};

// deep = true, overwrite = true: adds to the shared `kiosk` keys without dropping them.
i18n.addResourceBundle('vi', 'translation', vi, true, true);
i18n.addResourceBundle('en', 'translation', en, true, true);
