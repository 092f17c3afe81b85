/**
 * The enrollment screen's strings, merged into the app's i18n under `enroll.*` (Vietnamese
 * first). Kept beside the screen so its wording can change without touching the shared catalogs.
 */
import { i18n } from '../i18n';

const vi = {
  enroll: {
    title: 'Nhập mã đăng ký',
    lead: 'Máy này cần được đăng ký với máy chủ IOC trước khi hiển thị.',
    howTo: 'Lấy mã ở máy chủ: thẻ «Máy trạm» trên bàn điều hành, hoặc lệnh ioc-wall nodes add. Mã dùng một lần, hết hạn sau 15 phút.',
    host: 'Máy chủ',
    codeLabel: 'Mã đăng ký (8 ký tự)',
    submit: 'Đăng ký',
    sending: 'Đang kiểm tra mã…',
    done: 'Đã đăng ký: {{name}} ({{role}}). Đang mở màn hình…',
    revoked: 'Máy chủ không còn chấp nhận máy này (đã bị thu hồi hoặc đăng ký lại). Hãy xin mã mới và nhập lại.',
    noBridge: 'Trang này chỉ dùng trong ứng dụng IOC Wall trên máy trạm.',
    roles: { wall: 'màn hình tường', console: 'bàn điều hành', kiosk: 'kiosk lãnh đạo' },
  },
};

const en: typeof vi = {
  enroll: {
    title: 'Enter the enrollment code',
    lead: 'This machine must be enrolled with the IOC host before it can show anything.',
    howTo: 'Get a code on the host: the “Nodes” tab of the operator console, or ioc-wall nodes add. A code works once and expires after 15 minutes.',
    host: 'Host',
    codeLabel: 'Enrollment code (8 characters)',
    submit: 'Enroll',
    sending: 'Checking the code…',
    done: 'Enrolled: {{name}} ({{role}}). Opening the screens…',
    revoked: 'The host no longer accepts this machine (revoked or enrolled again). Ask for a new code and enter it.',
    noBridge: 'This page only works inside the IOC Wall desktop app.',
    roles: { wall: 'video wall', console: 'operator console', kiosk: 'leaders’ kiosk' },
  },
};

i18n.addResourceBundle('vi', 'translation', vi, true, true);
i18n.addResourceBundle('en', 'translation', en, true, true);
