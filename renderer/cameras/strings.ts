/** Camera strings, merged into the app's i18n under `camera.*` (Vietnamese first). */
import { i18n } from '../i18n';

const vi = {
  camera: {
    signalLost: 'Mất tín hiệu',
    connecting: 'Đang kết nối…',
    lastFrame: 'khung cuối {{time}}',
    noCamera: 'Chưa chọn camera',
    unknown: 'Không có camera «{{id}}»',
    needsHttp: 'Camera chỉ xem được qua máy chủ HTTP của phòng điều hành',
    retryIn: 'thử lại sau {{s}} giây',
    titleOne: 'Camera',
    titleGrid: 'Lưới camera',
    titleTour: 'Tuần tra camera',
    search: 'Tìm theo tên hoặc mã',
    checkAll: 'Kiểm tra tất cả',
    checkOne: 'Kiểm tra',
    checking: 'Đang kiểm tra…',
    none: 'Chưa có camera. Thêm trong tệp cấu hình («cameras»), từ nguồn dữ liệu, hoặc bên dưới.',
    count: '{{shown}} / {{total}} camera · {{down}} mất tín hiệu',
    cols: { name: 'Camera', id: 'Mã', state: 'Trạng thái', lastFrame: 'Khung cuối', error: 'Lỗi', source: 'Nguồn' },
    state: { ok: 'Hoạt động', down: 'Mất tín hiệu', unknown: 'Chưa kiểm tra' },
    preview: 'Xem trực tiếp',
    add: 'Thêm camera (quản trị)',
    addFields: { id: 'Mã', name: 'Tên', lat: 'Vĩ độ', lon: 'Kinh độ', protocol: 'Giao thức', url: 'Địa chỉ luồng (HLS hoặc MJPEG)', credentials: 'Tài khoản camera (user:mật khẩu), lưu trong kho bí mật' },
    save: 'Thêm',
    saved: 'Đã thêm camera {{id}}.',
    failed: 'Không thêm được: {{message}}',
  },
};
const en = {
  camera: {
    signalLost: 'No signal',
    connecting: 'Connecting…',
    lastFrame: 'last frame {{time}}',
    noCamera: 'No camera chosen',
    unknown: 'No camera “{{id}}”',
    needsHttp: 'Cameras play only through the control room host’s HTTP server',
    retryIn: 'retrying in {{s}} s',
    titleOne: 'Camera',
    titleGrid: 'Camera grid',
    titleTour: 'Camera tour',
    search: 'Search by name or id',
    checkAll: 'Check all',
    checkOne: 'Check',
    checking: 'Checking…',
    none: 'No cameras yet. Add them in the config file ("cameras"), from a feed, or below.',
    count: '{{shown}} / {{total}} cameras · {{down}} down',
    cols: { name: 'Camera', id: 'Id', state: 'State', lastFrame: 'Last frame', error: 'Error', source: 'Source' },
    state: { ok: 'OK', down: 'Down', unknown: 'Not checked' },
    preview: 'Live view',
    add: 'Add a camera (admin)',
    addFields: { id: 'Id', name: 'Name', lat: 'Latitude', lon: 'Longitude', protocol: 'Protocol', url: 'Stream URL (HLS or MJPEG)', credentials: 'Camera login (user:password), kept in the secret store' },
    save: 'Add',
    saved: 'Camera {{id}} added.',
    failed: 'Could not add it: {{message}}',
  },
};

i18n.addResourceBundle('vi', 'translation', vi, true, true);
i18n.addResourceBundle('en', 'translation', en, true, true);
