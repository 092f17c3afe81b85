/**
 * Vietnamese report texts for the demo, written the way citizens phone or message the 1022
 * hotline. A few carry markup on purpose: the UI must show it as text and run nothing.
 */
export const HOTLINE_TEXTS: Record<string, { title: string; description: string }[]> = {
  'hotline.infrastructure': [
    { title: 'Ổ gà lớn trên đường', description: 'Mặt đường có nhiều ổ gà sâu, xe máy đi ban đêm rất nguy hiểm, đề nghị vá sớm.' },
    { title: 'Đèn đường không sáng', description: 'Cả đoạn đường khoảng 500 m đèn chiếu sáng bị tắt nhiều ngày nay.' },
    { title: 'Cống thoát nước bị nghẹt', description: 'Mưa xuống là nước tràn lên mặt đường, ngập vào nhà dân.' },
    { title: 'Biển báo giao thông bị gãy', description: 'Biển báo tại ngã ba bị xe tông gãy, nằm dưới lề đường.' },
  ],
  'hotline.environment': [
    { title: 'Rác thải không được thu gom', description: 'Rác tồn đọng gần một tuần chưa có xe đến thu gom, bốc mùi hôi.' },
    { title: 'Khói bụi từ lò điều', description: 'Cơ sở chế biến hạt điều xả khói đen vào buổi tối, người dân khó thở.' },
    { title: 'Nước thải chảy ra suối', description: 'Nước thải màu đen từ trang trại chảy thẳng ra suối, cá chết.' },
    { title: 'Đốt rác gây ô nhiễm', description: 'Hộ dân đốt rác, lá cao su mỗi chiều, khói bay vào khu dân cư.' },
  ],
  'hotline.order': [
    { title: 'Tụ tập gây mất trật tự', description: 'Nhóm thanh niên tụ tập chạy xe lạng lách, nẹt pô sau 22 giờ.' },
    { title: 'Karaoke gây ồn', description: 'Quán karaoke mở nhạc lớn đến khuya, ảnh hưởng người già và trẻ nhỏ.' },
    { title: 'Họp chợ lấn chiếm lòng đường', description: 'Người bán hàng bày sạp xuống lòng đường vào buổi sáng, gây ùn tắc.' },
  ],
  'hotline.utilities': [
    { title: 'Mất điện kéo dài', description: 'Khu vực mất điện từ sáng đến giờ chưa có điện lại, không có thông báo trước.' },
    { title: 'Nước sinh hoạt yếu', description: 'Nước máy chảy rất yếu vào giờ cao điểm, có ngày không có nước.' },
    { title: 'Dây điện võng thấp', description: 'Dây điện võng thấp sát đầu người đi đường, sợ mưa gió gây chập.' },
  ],
  'hotline.administration': [
    { title: 'Hồ sơ chậm trả kết quả', description: 'Nộp hồ sơ cấp giấy chứng nhận đã quá hẹn nhưng chưa được trả kết quả.' },
    { title: 'Thái độ cán bộ tiếp dân', description: 'Cán bộ bộ phận một cửa hướng dẫn không rõ, phải đi lại nhiều lần.' },
    { title: 'Dịch vụ công trực tuyến bị lỗi', description: 'Không nộp được hồ sơ trực tuyến, trang báo lỗi khi tải tệp đính kèm.' },
  ],
  'hotline.other': [
    { title: 'Chó thả rông', description: 'Nhiều chó thả rông không rọ mõm trên đường đến trường của các cháu.' },
    { title: 'Góp ý về giá vé xe buýt', description: 'Đề nghị xem xét giảm giá vé xe buýt cho học sinh, sinh viên.' },
  ],
  'hotline.call113': [{ title: 'Tin báo trộm cắp tài sản', description: 'Người dân gọi 113 báo mất trộm xe máy trước nhà.' }],
  'hotline.call114': [{ title: 'Cháy rẫy, cháy thực bì', description: 'Gọi 114 báo cháy thực bì lan gần khu dân cư.' }],
  'hotline.call115': [{ title: 'Gọi cấp cứu', description: 'Gọi 115 cấp cứu người bị ngã xe, chấn thương đầu.' }],
};

/** Reports whose text contains markup: the renderer must display it literally. */
export const MARKUP_REPORTS: { kind: string; title: string; description: string }[] = [
  {
    kind: 'hotline.infrastructure',
    title: 'Đường <b>hư hỏng nặng</b> cần sửa gấp',
    description: 'Đoạn đường trước trường học <b>sụt lún</b>, người dân viết: <script>alert("xss")</script> xin xử lý.',
  },
  {
    kind: 'hotline.environment',
    title: 'Ảnh hiện trường <img src=x onerror=alert(1)>',
    description: 'Tôi gửi kèm ảnh <img src=x onerror="document.body.innerHTML=\'hacked\'"> bãi rác tự phát & khói <i>đen</i>.',
  },
  {
    kind: 'hotline.order',
    title: 'Phản ánh <a href="javascript:alert(1)">xem chi tiết</a>',
    description: 'Tiếng ồn > 90 dB sau 23h; "quán nhậu" <Hẻm 12> không chấp hành.',
  },
];

export const TRAFFIC_TEXTS: Record<string, string[]> = {
  'traffic.accident': ['Va chạm giữa xe tải và xe máy', 'Xe máy tự ngã', 'Va chạm giữa hai xe máy', 'Xe khách va chạm xe con', 'Xe container lật'],
  'traffic.congestion': ['Ùn tắc kéo dài', 'Ùn ứ giờ cao điểm', 'Ùn tắc do xe hỏng giữa đường'],
  'traffic.roadDamage': ['Mặt đường sụt lún', 'Ổ gà lớn', 'Hư hỏng mặt đường sau mưa'],
  'traffic.flooding': ['Ngập nước sau mưa lớn', 'Nước tràn qua đường'],
  'traffic.obstruction': ['Cây đổ chắn đường', 'Đất đá sạt xuống đường', 'Hàng hóa rơi trên đường'],
};

export const URBAN_TEXTS: Record<string, string[]> = {
  'urbanOrder.sidewalk': ['Kinh doanh lấn chiếm vỉa hè', 'Để xe lấn chiếm lòng đường', 'Dựng mái che lấn ra vỉa hè'],
  'urbanOrder.construction': ['Xây dựng nhà không có giấy phép', 'Xây dựng sai giấy phép được cấp', 'Cơi nới công trình trái phép'],
  'urbanOrder.advertising': ['Treo băng rôn quảng cáo trái phép', 'Dán quảng cáo lên cột điện'],
  'urbanOrder.waste': ['Đổ xà bần ra lề đường', 'Xả nước thải ra cống chung'],
  'urbanOrder.noise': ['Gây ồn sau 22 giờ', 'Tụ tập đông người gây mất trật tự'],
};

export const LAND_TEXTS: Record<string, string[]> = {
  'land.dispute': ['Tranh chấp ranh giới đất rẫy', 'Tranh chấp quyền sử dụng đất thừa kế', 'Tranh chấp lối đi chung'],
  'land.complaint': ['Khiếu nại về giá bồi thường', 'Khiếu nại quyết định thu hồi đất', 'Khiếu nại chậm cấp giấy chứng nhận'],
  'land.encroachment': ['Lấn chiếm đất hành lang đường', 'Lấn chiếm đất rừng phòng hộ', 'Rào chiếm đất công'],
};

export const STREETS = [
  'Phú Riềng Đỏ', 'Hùng Vương', 'Lê Duẩn', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Quốc lộ 14', 'Quốc lộ 13', 'ĐT741',
  'Trường Chinh', 'Nguyễn Văn Linh', 'Lý Thường Kiệt', 'Hai Bà Trưng', 'Điểu Ong', 'Nguyễn Tất Thành',
];
