"""The word and phrase bank the synthetic portal is written from.

Written for the benchmark, not taken from the seed documents: the vocabulary of
a commune's news (meetings, propagation, procedures, farming, security) so that
syllable frequencies, and with them the cost of search and rendering, look like
a real portal's. Every ``{slot}`` in a template names another list of this
module, filled by ``corpus.Writer``.
"""

from __future__ import annotations

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Phan", "Trịnh", "Đinh", "Lương", "Mai", "Tạ",
)
MIDDLE_MEN = ("Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Xuân", "Thành", "Tiến", "Mạnh")
MIDDLE_WOMEN = ("Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Minh", "Phương", "Diệu", "Bích")
GIVEN_MEN = (
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khải", "Long", "Nam", "Phúc",
    "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Toàn", "Hiếu", "Lâm", "Đạt", "Trung",
)
GIVEN_WOMEN = (
    "Hà", "Hạnh", "Hương", "Lan", "Mai", "Nga", "Tâm", "Thảo", "Trang", "Yến",
    "Hằng", "Huyền", "Linh", "Loan", "Ngân", "Oanh", "Quyên", "Thủy", "Vân", "Xuân",
)

VILLAGES = (
    "thôn Đông", "thôn Đoài", "thôn Thượng", "thôn Hạ", "thôn Trung", "thôn Cầu",
    "thôn Bến", "thôn Chùa", "thôn Đình", "thôn Kênh", "thôn Tân Lập", "thôn An Phú",
    "thôn Phú Xuân", "thôn Hòa Bình", "thôn Quyết Tiến", "thôn Thắng Lợi",
)

ROLES = (
    "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", "Bí thư Đảng ủy xã", "Chủ tịch HĐND xã",
    "Chủ tịch Ủy ban Mặt trận Tổ quốc xã", "Trưởng Công an xã", "Chỉ huy trưởng Ban Chỉ huy quân sự xã",
    "công chức Văn phòng – Thống kê", "công chức Tư pháp – Hộ tịch", "công chức Địa chính – Xây dựng",
    "công chức Văn hóa – Xã hội", "Trưởng Trạm Y tế xã", "Chủ tịch Hội Nông dân xã",
    "Chủ tịch Hội Liên hiệp Phụ nữ xã", "Bí thư Đoàn Thanh niên xã", "Chủ tịch Hội Cựu chiến binh xã",
    "Trưởng thôn", "Hiệu trưởng Trường Tiểu học", "Giám đốc Hợp tác xã nông nghiệp",
)

ACTORS = (
    "UBND xã", "Ban Chỉ đạo cải cách hành chính xã", "Hội Nông dân xã", "Đoàn Thanh niên xã",
    "Hội Liên hiệp Phụ nữ xã", "Công an xã", "Ban Chỉ huy quân sự xã", "Bộ phận Một cửa",
    "Trạm Y tế xã", "Ủy ban Mặt trận Tổ quốc xã", "Hội Cựu chiến binh xã", "Hội Người cao tuổi xã",
    "Trung tâm Phục vụ hành chính công xã", "Tổ công nghệ số cộng đồng", "Hợp tác xã nông nghiệp",
    "Ban Chỉ đạo xây dựng nông thôn mới xã", "Đài truyền thanh xã", "Hội đồng phổ biến, giáo dục pháp luật xã",
)

TOPICS = (
    "cải cách hành chính", "chuyển đổi số", "dịch vụ công trực tuyến", "đăng ký khai sinh trực tuyến",
    "phòng, chống cháy nổ", "an toàn giao thông", "xây dựng nông thôn mới", "vệ sinh môi trường",
    "phòng, chống dịch bệnh trên đàn gia súc, gia cầm", "bảo hiểm y tế hộ gia đình",
    "bảo hiểm xã hội tự nguyện", "phổ biến, giáo dục pháp luật", "hòa giải ở cơ sở", "tiêm chủng mở rộng",
    "phòng, chống ma túy", "chuyển đổi cơ cấu cây trồng", "tài khoản định danh điện tử VNeID",
    "thanh toán không dùng tiền mặt", "cấp giấy chứng nhận quyền sử dụng đất",
    "tuyển chọn và gọi công dân nhập ngũ", "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "xây dựng gia đình văn hóa", "bình đẳng giới", "phòng, chống bạo lực gia đình",
    "sắp xếp đơn vị hành chính", "vận hành chính quyền địa phương hai cấp", "số hóa hồ sơ hộ tịch",
    "chứng thực bản sao điện tử", "tiếp công dân và giải quyết khiếu nại, tố cáo",
    "quản lý trật tự xây dựng", "phòng, chống rác thải nhựa", "khuyến học, khuyến tài",
    "chăm sóc người cao tuổi", "giảm nghèo bền vững", "đào tạo nghề cho lao động nông thôn",
    "an toàn thực phẩm", "phòng, chống đuối nước cho trẻ em", "bảo vệ rừng và cây xanh",
    "công khai ngân sách xã", "thực hành tiết kiệm, chống lãng phí",
)

EVENTS = (
    "hội nghị triển khai", "hội nghị sơ kết", "hội nghị tổng kết", "buổi tuyên truyền về",
    "lớp tập huấn về", "đợt ra quân", "cuộc thi tìm hiểu về", "buổi đối thoại với người dân về",
    "đợt kiểm tra", "buổi sinh hoạt chuyên đề về", "chương trình giao lưu về", "hội thảo về",
)

EVENT_SHORTS = ("hội nghị", "buổi tuyên truyền", "lớp tập huấn", "buổi đối thoại", "buổi làm việc", "buổi lễ")

TIMES = (
    "Sáng ngày {day}", "Chiều ngày {day}", "Ngày {day}", "Trong tháng {month}", "Thời gian qua",
    "Từ đầu năm đến nay", "Những năm gần đây", "Trong quý vừa qua", "Sáng {day}", "Tối {day}",
)

PURPOSES = (
    "nhằm nâng cao nhận thức của người dân", "góp phần nâng cao chất lượng phục vụ người dân và doanh nghiệp",
    "để người dân hiểu và chủ động thực hiện", "qua đó tạo sự đồng thuận trong Nhân dân",
    "nhằm rút ngắn thời gian giải quyết hồ sơ", "góp phần giữ vững an ninh chính trị, trật tự an toàn xã hội",
    "nhằm phát huy vai trò của cả hệ thống chính trị", "để mỗi hộ gia đình nắm rõ quyền lợi và nghĩa vụ",
    "qua đó từng bước hình thành thói quen sử dụng dịch vụ số", "nhằm hoàn thành các chỉ tiêu đề ra trong năm",
)

ATTENDEES = (
    "lãnh đạo Đảng ủy, HĐND, UBND xã", "trưởng các thôn", "đại diện các ban, ngành, đoàn thể",
    "công chức chuyên môn của xã", "hội viên nông dân", "đoàn viên thanh niên", "hội viên phụ nữ",
    "người cao tuổi", "học sinh các trường trên địa bàn", "đại diện các hộ kinh doanh",
)

RESULTS = (
    "{n} hồ sơ được tiếp nhận và giải quyết đúng hạn", "tỷ lệ hồ sơ nộp trực tuyến đạt {pct}%",
    "{n} hộ gia đình đăng ký tham gia", "{n} lượt người dân được hướng dẫn trực tiếp",
    "{pct}% hộ gia đình ký cam kết thực hiện", "{n} tài khoản định danh điện tử được kích hoạt",
    "{n} tấn rác thải được thu gom", "{n} lượt tin bài được phát trên Đài truyền thanh",
    "{pct}% kết quả giải quyết thủ tục hành chính được số hóa", "{n} buổi tuyên truyền được tổ chức",
    "{n} mét đường giao thông nông thôn được cứng hóa", "{pct}% người dân hài lòng với cách phục vụ",
)

DEMANDS = (
    "từng công chức phải cụ thể hóa nhiệm vụ của lĩnh vực mình phụ trách",
    "các thôn tiếp tục tuyên truyền sâu rộng đến từng hộ gia đình",
    "Bộ phận Một cửa chủ động hướng dẫn người dân nộp hồ sơ trực tuyến",
    "không để xảy ra tình trạng người dân phải đi lại nhiều lần",
    "các đoàn thể phát huy vai trò giám sát, phản biện xã hội",
    "kịp thời báo cáo những khó khăn, vướng mắc phát sinh",
    "tăng cường kiểm tra, đôn đốc việc thực hiện ở cơ sở",
    "gắn kết quả thực hiện với công tác thi đua, khen thưởng cuối năm",
)

DIFFICULTIES = (
    "một bộ phận người dân, nhất là người cao tuổi, còn ngại sử dụng điện thoại thông minh",
    "hạ tầng mạng ở một số thôn chưa ổn định", "kinh phí dành cho công tác tuyên truyền còn hạn chế",
    "một số hồ sơ đất đai phải kéo dài do xác minh nguồn gốc", "thời tiết diễn biến phức tạp",
    "lực lượng làm công tác chuyên môn còn mỏng, kiêm nhiệm nhiều việc",
    "việc phối hợp giữa các bộ phận có lúc chưa chặt chẽ",
)

HEADINGS = (
    "Kết quả đạt được", "Một số khó khăn, vướng mắc", "Nhiệm vụ trong thời gian tới",
    "Những điểm mới cần lưu ý", "Hồ sơ cần chuẩn bị", "Cách thức thực hiện", "Ý kiến của người dân",
    "Giải pháp trọng tâm", "Thời gian và địa điểm", "Trách nhiệm của các thôn", "Nội dung chính",
    "Những con số ấn tượng", "Bài học kinh nghiệm", "Lợi ích cho người dân", "Khuyến cáo của cơ quan chức năng",
)

# Sentence shapes; each slot is filled from the list of the same name above
# (singular names are drawn from their plural list by ``corpus.Writer``).
SENTENCES = (
    "{time}, {actor} tổ chức {event} {topic} tại {village}.",
    "{time}, {actor} phối hợp với {actor2} tổ chức {event} {topic}, {purpose}.",
    "Tham dự có {attendee}, {attendee2} cùng {n} đại biểu.",
    "Theo báo cáo, trong thời gian qua {actor} đã tập trung chỉ đạo công tác {topic}, đạt {result}.",
    "Phát biểu tại {event_short}, {person}, {role}, đề nghị {demand}.",
    "Bên cạnh kết quả đạt được, công tác {topic} vẫn còn một số hạn chế: {difficulty}.",
    "Dịp này, {actor} đã trao giấy khen cho {n} tập thể và {n2} cá nhân có thành tích xuất sắc trong {topic}.",
    "Đến nay, trên địa bàn xã có {result}, vượt chỉ tiêu kế hoạch đề ra.",
    "Người dân có nhu cầu tìm hiểu thêm về {topic} có thể liên hệ {actor} trong giờ hành chính.",
    "Theo {person}, {role}, việc triển khai {topic} cần được duy trì thường xuyên, {purpose}.",
    "Ngay sau {event_short}, các thôn đã tổ chức họp dân để phổ biến nội dung về {topic}.",
    "Nhiều ý kiến của người dân tại {village} tập trung vào {topic} và đã được giải đáp cụ thể.",
    "Trong năm, Đài truyền thanh xã đã phát {n} tin, bài tuyên truyền về {topic}.",
    "{actor} cũng chỉ ra nguyên nhân của những hạn chế, trong đó có việc {difficulty}.",
    "Kết quả kiểm tra cho thấy {result}, {purpose}.",
    "Đối với {topic}, {actor} yêu cầu {demand}.",
    "Hiện nay người dân có thể thực hiện {topic} trên Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID mà không phải đến trụ sở.",
    "Chương trình nhận được sự hưởng ứng tích cực của {attendee} và đông đảo Nhân dân.",
)

LIST_LEADS = (
    "Các nội dung chính gồm:", "Người dân cần lưu ý một số nội dung sau:", "Một số nhiệm vụ trọng tâm:",
    "Hội nghị thống nhất các nội dung:",
)

LIST_ITEMS = (
    "100% thủ tục hành chính được tiếp nhận, trả kết quả tại Bộ phận Một cửa",
    "phấn đấu trên {pct}% hồ sơ được nộp trực tuyến đối với các thủ tục đủ điều kiện",
    "mang theo căn cước hoặc tài khoản định danh điện tử mức độ 2",
    "kiểm tra kỹ thông tin trước khi nộp hồ sơ", "theo dõi tiến độ giải quyết qua tin nhắn SMS",
    "tuyên truyền bằng nhiều hình thức phù hợp với từng đối tượng",
    "phối hợp chặt chẽ giữa các ban, ngành, đoàn thể và các thôn",
    "giữ gìn vệ sinh chung, không xả rác ra kênh mương", "chủ động phòng ngừa, không chủ quan",
    "báo ngay cho chính quyền khi phát hiện dấu hiệu bất thường",
)

TITLES = (
    "{Event} {topic} năm {year}", "{Actor} tổ chức {event} {topic}",
    "Tuyên truyền {topic} đến người dân {village}", "Đẩy mạnh {topic} trên địa bàn xã",
    "{Actor} kiểm tra công tác {topic}", "Hướng dẫn người dân về {topic}",
    "Kết quả {topic} {period} năm {year}", "Nâng cao hiệu quả {topic} ở cơ sở",
    "Thông báo về {topic} năm {year}", "{Village} sôi nổi hưởng ứng {topic}",
)

SUMMARIES = (
    "{Actor} tổ chức {event} {topic}, {purpose}.",
    "Công tác {topic} trên địa bàn xã đạt nhiều kết quả tích cực: {result}.",
    "Những điều người dân cần biết về {topic}.",
)

PERIODS = ("quý I", "quý II", "quý III", "quý IV", "6 tháng đầu năm", "9 tháng", "cả năm")

# Categories, from the keywords of a post's topic; the rest go to "tin-hoat-dong".
CATEGORY_HINTS = {
    "cai-cach-hanh-chinh": ("cải cách", "hồ sơ", "hộ tịch", "khai sinh", "chứng thực", "dịch vụ công", "tiếp công dân"),
    "chuyen-doi-so": ("chuyển đổi số", "VNeID", "không dùng tiền mặt", "số hóa", "định danh"),
    "pho-bien-phap-luat": ("pháp luật", "hòa giải", "bạo lực gia đình", "bình đẳng giới"),
    "kinh-te-xa-hoi": ("nông thôn mới", "cây trồng", "giảm nghèo", "đào tạo nghề", "ngân sách", "tiết kiệm"),
    "van-hoa-xa-hoi": ("văn hóa", "khuyến học", "người cao tuổi", "tiêm chủng", "thực phẩm", "đuối nước"),
    "quoc-phong-an-ninh": ("nhập ngũ", "ma túy", "cháy nổ", "giao thông", "thiên tai"),
}

TAGS = (
    "cải cách hành chính", "chuyển đổi số", "hội nghị", "tuyên truyền", "người dân", "dịch vụ công",
    "nông thôn mới", "an ninh trật tự", "y tế", "giáo dục", "pháp luật", "môi trường",
)

TABLE_HEADERS = (
    ("Thôn", "Số hộ", "Tỷ lệ (%)"),
    ("Lĩnh vực", "Số hồ sơ", "Đúng hạn (%)"),
    ("Nội dung", "Chỉ tiêu", "Thực hiện"),
)

# Documents (văn bản): trích yếu opening per kind, and the sections of a plan or report.
DOCUMENT_TITLES = {
    "ke-hoach": "Kế hoạch {topic} năm {year}",
    "bao-cao": "Báo cáo kết quả {topic} {period} năm {year}",
    "quyet-dinh": "Quyết định thành lập Tổ công tác về {topic}",
    "cong-van": "Về việc đẩy mạnh {topic}",
    "thong-bao": "Thông báo kết luận của Chủ tịch UBND xã về {topic}",
    "to-trinh": "Tờ trình phê duyệt kinh phí thực hiện {topic} năm {year}",
    "nghi-quyet": "Nghị quyết về {topic} năm {year}",
    "huong-dan": "Hướng dẫn thực hiện {topic}",
    "chuong-trinh": "Chương trình công tác {topic} năm {year}",
}

DOCUMENT_SECTIONS = (
    "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, NHIỆM VỤ", "III. KINH PHÍ THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN",
)

SIGNER_TITLES = (
    "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN / Q. CHỦ TỊCH",
)

RECIPIENTS = (
    "Thường trực Đảng ủy xã (b/c)", "Thường trực HĐND xã (b/c)", "Chủ tịch, các Phó Chủ tịch UBND xã",
    "Ủy ban Mặt trận Tổ quốc xã", "Các ban, ngành, đoàn thể xã", "Trưởng các thôn", "Lưu: VT",
)

TASK_LEADS = (
    "Văn phòng HĐND và UBND xã", "Công chức Văn hóa – Xã hội", "Công chức Tư pháp – Hộ tịch",
    "Bộ phận Một cửa", "Công an xã", "Trạm Y tế xã", "Đài truyền thanh xã", "Công chức Tài chính – Kế toán",
)

OUTSIDE_BASES = (
    "Luật Tổ chức chính quyền địa phương năm 2025", "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
    "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ", "Luật Tiếp cận thông tin năm 2016",
    "Luật Hộ tịch năm 2014", "Luật Phổ biến, giáo dục pháp luật năm 2012",
)

# Procedures (thủ tục hành chính): names per field, with their usual papers.
PROCEDURE_NAMES = {
    "ho-tich": (
        "Đăng ký khai sinh", "Đăng ký khai tử", "Đăng ký kết hôn", "Đăng ký nhận cha, mẹ, con",
        "Đăng ký lại khai sinh", "Cấp bản sao trích lục hộ tịch", "Đăng ký giám hộ", "Xác nhận tình trạng hôn nhân",
        "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
    ),
    "chung-thuc": (
        "Chứng thực bản sao từ bản chính", "Chứng thực chữ ký", "Chứng thực hợp đồng, giao dịch",
        "Chứng thực chữ ký người dịch", "Chứng thực di chúc", "Chứng thực văn bản thỏa thuận phân chia di sản",
    ),
    "dat-dai": ("Hòa giải tranh chấp đất đai", "Xác nhận hợp đồng tiếp cận nguồn nước", "Đăng ký biến động đất đai"),
    "bao-tro-xa-hoi": ("Trợ cấp xã hội hằng tháng", "Hỗ trợ chi phí mai táng", "Xác định mức độ khuyết tật"),
    "nguoi-co-cong": ("Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ", "Hỗ trợ người có công cải thiện nhà ở"),
    "van-hoa": ("Công nhận gia đình văn hóa", "Thông báo tổ chức lễ hội cấp xã"),
    "thi-dua-khen-thuong": ("Tặng giấy khen của Chủ tịch UBND xã", "Xét tặng danh hiệu Lao động tiên tiến"),
    "hoa-giai-co-so": ("Công nhận hòa giải viên", "Thôi làm hòa giải viên", "Thanh toán thù lao cho hòa giải viên"),
    "nuoi-con-nuoi": ("Đăng ký việc nuôi con nuôi trong nước", "Đăng ký lại việc nuôi con nuôi trong nước"),
    "ton-giao": ("Đăng ký sinh hoạt tôn giáo tập trung", "Thông báo tổ chức quyên góp của cơ sở tín ngưỡng"),
    "giao-duc": ("Cho phép nhóm trẻ độc lập hoạt động giáo dục", "Sáp nhập, chia, tách nhóm trẻ độc lập"),
    "tai-nguyen-moi-truong": ("Tham vấn báo cáo đánh giá tác động môi trường", "Đăng ký kế hoạch bảo vệ môi trường"),
    "nong-nghiep": ("Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai", "Phê duyệt kế hoạch khuyến nông địa phương"),
    "lao-dong-viec-lam": ("Đăng ký hợp đồng lao động với lao động giúp việc gia đình", "Hỗ trợ học nghề cho người lao động"),
}

DOSSIER = (
    "Tờ khai theo mẫu", "Bản sao giấy tờ tùy thân", "Giấy chứng sinh hoặc văn bản của người làm chứng",
    "Đơn đề nghị", "Bản chính giấy tờ để đối chiếu", "Văn bản ủy quyền (nếu có)",
    "Giấy tờ chứng minh nơi cư trú", "Biên bản xác minh của trưởng thôn",
)

METHODS = (
    "Trực tiếp tại Bộ phận Một cửa", "Qua dịch vụ bưu chính công ích", "Trực tuyến trên Cổng Dịch vụ công quốc gia",
)

PROCESSING_TIMES = (
    "Ngay trong ngày tiếp nhận hồ sơ; nếu nhận sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
    "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.", "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
)

FEES = (
    "Miễn lệ phí.", "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản.",
    "10.000 đồng/trường hợp.", "Không quy định.", "50.000 đồng/hồ sơ.",
)
