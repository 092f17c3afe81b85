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
  },
};

i18n.addResourceBundle('vi', 'translation', vi, true, true);
i18n.addResourceBundle('en', 'translation', en, true, true);
