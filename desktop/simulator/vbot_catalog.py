"""The demo VBot account's fixed contents: script templates with their custom fields, hotlines, and the
template campaigns the legacy ``/api/campaign/create`` clones.

``CONFIRM_ORDER`` and its two fields are exactly seed 001's sample; the others add what a real account
has: Vietnamese ``cfname``s, several required fields, a template with none, and a hotline that is down.
"""

from __future__ import annotations

TEMPLATES: list[dict] = [
    {
        "id": 101,
        "name": "Xác nhận đơn hàng",
        "code": "CONFIRM_ORDER",
        "script_type": 1,
        "content": "Xin chào {customer_name}, chúng tôi gọi để xác nhận đơn hàng {order_id}.",
        "tts_language": "vi",
        "tts_name": "Ngọc Huyền",
        "is_tts": True,
        "replay": 1,
        "bot_id": "BOT_CONFIRM",
        "status": 1,
        "create_at": 1767225600000,
    },
    {
        "id": 102,
        "name": "Nhắc nợ",
        "code": "NHAC_NO",
        "script_type": 1,
        "content": "Kính chào {ho_ten}, khoản vay {so_tien} đồng đến hạn ngày {han_thanh_toan}.",
        "tts_language": "vi",
        "tts_name": "Minh Quân",
        "is_tts": True,
        "replay": 2,
        "bot_id": "BOT_DEBT",
        "status": 1,
        "create_at": 1767312000000,
    },
    {
        "id": 103,
        "name": "Khảo sát hài lòng",
        "code": "KHAO_SAT",
        "script_type": 2,
        "content": "Quý khách vui lòng bấm phím từ 1 đến 5 để đánh giá dịch vụ.",
        "tts_language": "vi",
        "tts_name": "Ngọc Huyền",
        "is_tts": False,
        "replay": 1,
        "bot_id": "BOT_SURVEY",
        "status": 1,
        "create_at": 1767398400000,
    },
    {
        "id": 104,
        "name": "Thông báo cũ (ngừng dùng)",
        "code": "OLD_NOTICE",
        "script_type": 1,
        "content": "Thông báo.",
        "tts_language": "vi",
        "tts_name": "Minh Quân",
        "is_tts": True,
        "replay": 1,
        "bot_id": "BOT_OLD",
        "status": 0,
        "create_at": 1735689600000,
    },
]

CUSTOM_FIELDS: dict[str, list[dict]] = {
    "CONFIRM_ORDER": [
        {"id": 1, "cfname": "Tên khách hàng", "cfkey": "customer_name",
         "description": "Tên khách hàng để xưng hô", "cftype": "text", "isRequired": True},
        {"id": 2, "cfname": "Mã đơn hàng", "cfkey": "order_id",
         "description": "Mã đơn hàng cần xác nhận", "cftype": "text", "isRequired": False},
    ],
    "NHAC_NO": [
        {"id": 3, "cfname": "Họ và tên", "cfkey": "ho_ten",
         "description": "Họ tên người vay", "cftype": "text", "isRequired": True},
        {"id": 4, "cfname": "Số tiền", "cfkey": "so_tien",
         "description": "Số tiền đến hạn (đồng)", "cftype": "number", "isRequired": True},
        {"id": 5, "cfname": "Hạn thanh toán", "cfkey": "han_thanh_toan",
         "description": "Ngày đến hạn, dd/MM/yyyy", "cftype": "date", "isRequired": False},
    ],
    "KHAO_SAT": [],
    "OLD_NOTICE": [],
}

HOTLINES: list[dict] = [
    {"hotline_name": "Tổng đài CSKH", "hotline_number": "0812345678", "hotline_code": "0812345678",
     "hotline_type": "HOTLINE"},
    {"hotline_name": "Tổng đài thu hồi nợ", "hotline_number": "02873001234", "hotline_code": "02873001234",
     "hotline_type": "HOTLINE"},
    {"hotline_name": "Đầu số thương hiệu", "hotline_number": "AUTOCALL", "hotline_code": "BRAND_AUTOCALL",
     "hotline_type": "ALIAS"},
    # A hotline whose trunk is down: any call through it answers error 500 (how a system error shows).
    {"hotline_name": "Tổng đài bảo trì", "hotline_number": "0899999999", "hotline_code": "0899999999",
     "hotline_type": "HOTLINE"},
]
BROKEN_HOTLINES = {"0899999999"}
# A hotline that exists on VBot but belongs to another project: using it is forbidden (403).
FOREIGN_HOTLINES = {"0277777777"}

# Template campaigns for the legacy /api/campaign/create; 2932 is seed 000's.
TEMPLATE_CAMPAIGNS: dict[int, dict] = {
    2932: {"name": "Mẫu xác nhận đơn", "template_script_code": "CONFIRM_ORDER", "hotline_code": "0812345678"},
    2933: {"name": "Mẫu nhắc nợ", "template_script_code": "NHAC_NO", "hotline_code": "02873001234"},
}

# Legacy phones[].fields keys that are not script variables.
LEGACY_KEYS = {"phone", "description", "numberCall", "name"}
