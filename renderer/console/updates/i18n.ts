/** The "Cập nhật" tab's strings and the console-wide notices (own namespace, shared i18n instance). */
import { i18n } from '../../i18n';

const vi = {
  title: 'Cập nhật phần mềm',
  server: 'Máy chủ cập nhật',
  builtIn: 'máy chủ ghi trong bộ cài',
  channel: 'Kênh',
  channels: { stable: 'ổn định', beta: 'thử nghiệm (beta)' },
  group: 'Nhóm triển khai',
  groups: { canary: 'canary — nhận bản mới trước', general: 'chung — theo tỉ lệ triển khai (stagingPercentage)' },
  window: 'Khung giờ cài đặt',
  windowText: '{{from}}–{{to}} ({{timeZone}}), khi bàn điều khiển không có thao tác trong {{idle}} phút',
  insecure: 'Cập nhật qua HTTP không mã hoá (updates.allowInsecure): chỉ dùng trong phòng thử nghiệm — bản cập nhật có thể bị tráo trên đường truyền.',
  lanDown: 'Máy chủ mạng LAN không chạy: {{error}} Màn hình trên máy này vẫn hoạt động; các màn hình trình duyệt trong mạng LAN không kết nối được cho đến khi cổng được giải phóng và ứng dụng khởi động lại.',
  bundle: {
    title: 'Nhập gói cập nhật',
    hint: 'Gói ngoại tuyến (.iocbundle) từ USB: bố cục, nguồn dữ liệu, ranh giới, bộ cài. Gói được kiểm tra chữ ký và mã băm trước khi áp dụng; cơ sở dữ liệu được sao lưu trước.',
    choose: 'Chọn tệp gói…',
    path: 'Đường dẫn tệp gói trên máy chủ',
    verify: 'Kiểm tra',
    apply: 'Nhập gói',
    verified: 'Gói hợp lệ — ký bởi {{signer}}, tạo lúc {{at}} bởi {{by}} (IOC Wall {{version}})',
    applied: 'Đã nhập: {{parts}}.',
    backup: 'Bản sao lưu trước khi nhập: {{file}}',
    update: 'Bộ cài đã chờ trong {{dir}}: khởi động lại ứng dụng để cài trong khung giờ cài đặt.',
    refused: 'Không nhập: {{message}}',
    adminOnly: 'Chỉ quản trị viên (máy chủ) mới nhập được gói cập nhật.',
    kinds: { config: 'nguồn dữ liệu', layouts: 'bố cục', boundaries: 'ranh giới', data: 'dữ liệu', update: 'bộ cài' },
  },
};

const en: typeof vi = {
  title: 'Software updates',
  server: 'Update server',
  builtIn: 'the server built into the installer',
  channel: 'Channel',
  channels: { stable: 'stable', beta: 'beta' },
  group: 'Rollout group',
  groups: { canary: 'canary — gets new releases first', general: 'general — follows the staged rollout (stagingPercentage)' },
  window: 'Install window',
  windowText: '{{from}}–{{to}} ({{timeZone}}), once the console has had no input for {{idle}} minutes',
  insecure: 'Updates over unencrypted HTTP (updates.allowInsecure): for a lab only — an update can be swapped on the way.',
  lanDown: 'The LAN server is not running: {{error}} The screens of this machine work; browser displays on the LAN cannot connect until the port is free and the app restarts.',
  bundle: {
    title: 'Import an update bundle',
    hint: 'An offline bundle (.iocbundle) from a USB stick: layouts, feeds, boundaries, an installer. Its signature and hashes are checked before anything is applied; the database is backed up first.',
    choose: 'Choose bundle file…',
    path: 'Bundle file path on the host machine',
    verify: 'Check',
    apply: 'Import bundle',
    verified: 'Bundle is valid — signed by {{signer}}, made {{at}} by {{by}} (IOC Wall {{version}})',
    applied: 'Imported: {{parts}}.',
    backup: 'Backup made before importing: {{file}}',
    update: 'The installer waits in {{dir}}: restart the app to install it in the install window.',
    refused: 'Not imported: {{message}}',
    adminOnly: 'Only an administrator (the host) may import update bundles.',
    kinds: { config: 'feeds', layouts: 'layouts', boundaries: 'boundaries', data: 'data', update: 'installer' },
  },
};

i18n.addResourceBundle('vi', 'translation', { updatesView: vi }, true, true);
i18n.addResourceBundle('en', 'translation', { updatesView: en }, true, true);
