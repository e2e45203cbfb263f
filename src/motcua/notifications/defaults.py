"""The default text of every message, in Vietnamese and English: loaded into MessageTemplate
by a data migration (a province admin edits them there) and used when a row is missing.
Each entry: event -> language -> (subject, body, sms)."""

SIGNATURE_VI = "\n\n--\n{{ ten_cong }}\n{{ dia_chi_cong }}\n"
SIGNATURE_EN = "\n\n--\n{{ ten_cong }}\n{{ dia_chi_cong }}\n"
LOOKUP_VI = "\nTra cứu hồ sơ: {{ lien_ket_tra_cuu }}"
LOOKUP_EN = "\nFollow your application: {{ lien_ket_tra_cuu }}"
GREETING_VI = "Kính gửi {{ ten_nguoi_nop }},\n\n"
GREETING_EN = "Dear {{ ten_nguoi_nop }},\n\n"

TEMPLATES: dict[str, dict[str, tuple[str, str, str]]] = {
    "submitted": {
        "vi": (
            "Đã nhận hồ sơ {{ ma_ho_so }}",
            GREETING_VI + "Hồ sơ thủ tục “{{ thu_tuc }}” đã được gửi đến {{ don_vi }}.\n\n"
            "Mã hồ sơ: {{ ma_ho_so }}\nNgày nộp: {{ ngay_nop }}\n"
            "Ngày hẹn trả kết quả dự kiến: {{ ngay_hen_tra }}\n\n"
            "Cán bộ một cửa sẽ kiểm tra hồ sơ và thông báo việc tiếp nhận. Ngày hẹn trả có thể "
            "thay đổi nếu hồ sơ cần bổ sung." + LOOKUP_VI + SIGNATURE_VI,
            "{{ ten_cong }}: da nhan ho so {{ ma_ho_so }}. Tra cuu: {{ lien_ket_tra_cuu }}",
        ),
        "en": (
            "Application {{ ma_ho_so }} submitted",
            GREETING_EN + "Your application for “{{ thu_tuc }}” has been sent to {{ don_vi }}.\n\n"
            "Application code: {{ ma_ho_so }}\nSubmitted: {{ ngay_nop }}\n"
            "Expected result date: {{ ngay_hen_tra }}\n\n"
            "The one-stop desk will check it and tell you when it is accepted. The date may "
            "change if documents are missing." + LOOKUP_EN + SIGNATURE_EN,
            "{{ ten_cong }}: application {{ ma_ho_so }} submitted. {{ lien_ket_tra_cuu }}",
        ),
    },
    "received": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }} đã được tiếp nhận",
            GREETING_VI
            + "{{ don_vi }} đã tiếp nhận hồ sơ {{ ma_ho_so }} (thủ tục “{{ thu_tuc }}”)."
            "\n\nNgày hẹn trả kết quả: {{ ngay_hen_tra }}" + LOOKUP_VI + SIGNATURE_VI,
            "Ho so {{ ma_ho_so }} da duoc tiep nhan. Hen tra: {{ ngay_hen_tra }}.",
        ),
        "en": (
            "Application {{ ma_ho_so }} accepted",
            GREETING_EN + "{{ don_vi }} has accepted application {{ ma_ho_so }} "
            "(“{{ thu_tuc }}”).\n\nResult date: {{ ngay_hen_tra }}" + LOOKUP_EN + SIGNATURE_EN,
            "Application {{ ma_ho_so }} accepted. Result date: {{ ngay_hen_tra }}.",
        ),
    },
    "refused": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }} không được tiếp nhận",
            GREETING_VI + "{{ don_vi }} không tiếp nhận hồ sơ {{ ma_ho_so }} "
            "(thủ tục “{{ thu_tuc }}”).\n\nLý do: {{ ly_do }}" + LOOKUP_VI + SIGNATURE_VI,
            "Ho so {{ ma_ho_so }} khong duoc tiep nhan. Ly do: {{ ly_do }}",
        ),
        "en": (
            "Application {{ ma_ho_so }} not accepted",
            GREETING_EN + "{{ don_vi }} could not accept application {{ ma_ho_so }} "
            "(“{{ thu_tuc }}”).\n\nReason: {{ ly_do }}" + LOOKUP_EN + SIGNATURE_EN,
            "Application {{ ma_ho_so }} not accepted. Reason: {{ ly_do }}",
        ),
    },
    "supplement": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }} cần bổ sung",
            GREETING_VI + "Hồ sơ {{ ma_ho_so }} (thủ tục “{{ thu_tuc }}”) cần bổ sung:\n\n"
            "{{ noi_dung_bo_sung }}\n\n{{ ly_do }}\n"
            "Vui lòng nộp bổ sung trên Cổng; ngày hẹn trả được tính lại khi nhận đủ."
            + LOOKUP_VI
            + SIGNATURE_VI,
            "Ho so {{ ma_ho_so }} can bo sung giay to. Xem: {{ lien_ket_tra_cuu }}",
        ),
        "en": (
            "Application {{ ma_ho_so }}: more documents needed",
            GREETING_EN + "Application {{ ma_ho_so }} (“{{ thu_tuc }}”) needs:\n\n"
            "{{ noi_dung_bo_sung }}\n\n{{ ly_do }}\n"
            "Please send them on the portal; the result date is counted again once complete."
            + LOOKUP_EN
            + SIGNATURE_EN,
            "Application {{ ma_ho_so }} needs more documents. See {{ lien_ket_tra_cuu }}",
        ),
    },
    "fee_due": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }}: thực hiện nghĩa vụ tài chính",
            GREETING_VI + "Để tiếp tục xử lý hồ sơ {{ ma_ho_so }}, vui lòng nộp phí, lệ phí.\n\n"
            "Số tiền: {{ so_tien }}\n{{ ly_do }}\nThanh toán: {{ lien_ket_thanh_toan }}"
            + LOOKUP_VI
            + SIGNATURE_VI,
            "Ho so {{ ma_ho_so }}: vui long nop {{ so_tien }}. {{ lien_ket_thanh_toan }}",
        ),
        "en": (
            "Application {{ ma_ho_so }}: fee due",
            GREETING_EN + "To continue with application {{ ma_ho_so }}, please pay the fee.\n\n"
            "Amount: {{ so_tien }}\n{{ ly_do }}\nPay: {{ lien_ket_thanh_toan }}"
            + LOOKUP_EN
            + SIGNATURE_EN,
            "Application {{ ma_ho_so }}: please pay {{ so_tien }}. {{ lien_ket_thanh_toan }}",
        ),
    },
    "withdrawn": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }} đã được rút",
            GREETING_VI
            + "Hồ sơ {{ ma_ho_so }} đã được rút theo yêu cầu.\n\nLý do: {{ ly_do }}"
            + LOOKUP_VI
            + SIGNATURE_VI,
            "Ho so {{ ma_ho_so }} da duoc rut theo yeu cau.",
        ),
        "en": (
            "Application {{ ma_ho_so }} withdrawn",
            GREETING_EN + "Application {{ ma_ho_so }} has been withdrawn as requested.\n\n"
            "Reason: {{ ly_do }}" + LOOKUP_EN + SIGNATURE_EN,
            "Application {{ ma_ho_so }} withdrawn as requested.",
        ),
    },
    "stopped": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }} dừng xử lý",
            GREETING_VI
            + "{{ don_vi }} dừng xử lý hồ sơ {{ ma_ho_so }}.\n\nLý do: {{ ly_do }}"
            + LOOKUP_VI
            + SIGNATURE_VI,
            "Ho so {{ ma_ho_so }} dung xu ly. Ly do: {{ ly_do }}",
        ),
        "en": (
            "Application {{ ma_ho_so }} stopped",
            GREETING_EN + "{{ don_vi }} has stopped processing application {{ ma_ho_so }}.\n\n"
            "Reason: {{ ly_do }}" + LOOKUP_EN + SIGNATURE_EN,
            "Application {{ ma_ho_so }} stopped. Reason: {{ ly_do }}",
        ),
    },
    "result_ready": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }} đã có kết quả",
            GREETING_VI + "Hồ sơ {{ ma_ho_so }} (thủ tục “{{ thu_tuc }}”) đã xử lý xong. "
            "Mời ông/bà đến {{ don_vi }} nhận kết quả, mang theo giấy tờ tùy thân và giấy "
            "tiếp nhận hồ sơ." + LOOKUP_VI + SIGNATURE_VI,
            "Ho so {{ ma_ho_so }} da co ket qua. Moi den {{ don_vi }} nhan ket qua.",
        ),
        "en": (
            "Application {{ ma_ho_so }}: result ready",
            GREETING_EN + "Application {{ ma_ho_so }} (“{{ thu_tuc }}”) is complete. Please "
            "collect the result at {{ don_vi }}, bringing your ID and the receipt."
            + LOOKUP_EN
            + SIGNATURE_EN,
            "Application {{ ma_ho_so }}: result ready at {{ don_vi }}.",
        ),
    },
    "returned": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }} đã trả kết quả",
            GREETING_VI + "Kết quả hồ sơ {{ ma_ho_so }} đã được trả. Cảm ơn ông/bà đã sử dụng "
            "dịch vụ công." + LOOKUP_VI + SIGNATURE_VI,
            "Ho so {{ ma_ho_so }} da tra ket qua. Cam on ong/ba.",
        ),
        "en": (
            "Application {{ ma_ho_so }}: result handed over",
            GREETING_EN + "The result of application {{ ma_ho_so }} has been handed over. "
            "Thank you for using our public services." + LOOKUP_EN + SIGNATURE_EN,
            "Application {{ ma_ho_so }}: result handed over. Thank you.",
        ),
    },
    "apology": {
        "vi": (
            "Hồ sơ {{ ma_ho_so }}: xin lỗi và hẹn lại ngày trả kết quả",
            GREETING_VI + "{{ don_vi }} xin lỗi vì hồ sơ {{ ma_ho_so }} chưa có kết quả đúng "
            "hẹn.\n\nLý do: {{ ly_do }}\nNgày hẹn trả kết quả mới: {{ ngay_hen_moi }}"
            + LOOKUP_VI
            + SIGNATURE_VI,
            "{{ don_vi }} xin loi: ho so {{ ma_ho_so }} hen tra lai ngay {{ ngay_hen_moi }}.",
        ),
        "en": (
            "Application {{ ma_ho_so }}: our apologies, new result date",
            GREETING_EN + "{{ don_vi }} apologises that application {{ ma_ho_so }} is late.\n\n"
            "Reason: {{ ly_do }}\nNew result date: {{ ngay_hen_moi }}" + LOOKUP_EN + SIGNATURE_EN,
            "Our apologies: application {{ ma_ho_so }} new result date {{ ngay_hen_moi }}.",
        ),
    },
    "staff_new_dossier": {
        "vi": (
            "Hồ sơ mới {{ ma_ho_so }} chờ tiếp nhận",
            "Kính gửi {{ ten_can_bo }},\n\nCó hồ sơ mới nộp trực tuyến đến {{ don_vi }}:\n\n"
            "Mã hồ sơ: {{ ma_ho_so }}\nThủ tục: {{ thu_tuc }}\nNgười nộp: {{ ten_nguoi_nop }}\n"
            "Ngày nộp: {{ ngay_nop }}\n\nXem hồ sơ: {{ lien_ket_can_bo }}" + SIGNATURE_VI,
            "Ho so moi {{ ma_ho_so }} cho tiep nhan tai {{ don_vi }}.",
        ),
        "en": (
            "New application {{ ma_ho_so }} to receive",
            "Dear {{ ten_can_bo }},\n\nA new online application has arrived at {{ don_vi }}:\n\n"
            "Code: {{ ma_ho_so }}\nProcedure: {{ thu_tuc }}\nApplicant: {{ ten_nguoi_nop }}\n"
            "Submitted: {{ ngay_nop }}\n\nOpen it: {{ lien_ket_can_bo }}" + SIGNATURE_EN,
            "New application {{ ma_ho_so }} at {{ don_vi }}.",
        ),
    },
    "staff_digest": {
        "vi": (
            "{{ so_ho_so }} hồ sơ đến hạn trong một ngày làm việc",
            "Kính gửi {{ ten_can_bo }},\n\nCác hồ sơ sau đến hạn trả kết quả trong một ngày "
            "làm việc tới (hoặc đã quá hạn):\n\n{{ danh_sach_ho_so }}\n\n"
            "Hàng đợi hồ sơ: {{ lien_ket_can_bo }}" + SIGNATURE_VI,
            "{{ so_ho_so }} ho so den han trong 1 ngay lam viec.",
        ),
        "en": (
            "{{ so_ho_so }} applications due within one working day",
            "Dear {{ ten_can_bo }},\n\nThese applications are due within the next working day "
            "(or are late):\n\n{{ danh_sach_ho_so }}\n\nYour queue: {{ lien_ket_can_bo }}"
            + SIGNATURE_EN,
            "{{ so_ho_so }} applications due within 1 working day.",
        ),
    },
}
