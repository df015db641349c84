"""VBot's JSON as its documents and seeds spell it (v2, v3 and the legacy campaign API)."""

from __future__ import annotations

from typing import Any

from desktop.providers.models import JsonModel, model


@model
class TokenResponse(JsonModel):
    access_token: str
    token_type: str | None = None
    expires_in: int | None = None
    refresh_token: str | None = None


@model
class LegacyField(JsonModel):
    key: str
    value: Any


@model
class LegacyPhone(JsonModel):
    fields: list[LegacyField]


@model
class LegacyCampaignRequest(JsonModel):
    """``POST /api/campaign/create`` (seed 000). The table says vbot_id/project_code/campaignID; the example, which
    is what we send, says vbotId/groupCode/campaignId."""

    vbotId: str
    groupCode: str
    campaignId: int | str
    name: str
    phones: list[LegacyPhone]


@model
class LegacyCampaignResponse(JsonModel):
    status: int | str | None = None
    error: int | None = None
    msg: str | None = None
    data: int | str | None = None  # campaign ID, "-1" on failure


@model
class CallConfirmRequest(JsonModel):
    """``callConfirm/insert`` (v2 and v3; v3 drops vbot_id/project_code) — seed 001."""

    vbot_id: str | None = None
    project_code: str | None = None
    phone: str
    hotline_code: str
    template_code: str
    max_time: int | None = None
    max_waiting_time: int | None = None
    external_call_id: str | None = None
    datas: dict[str, Any] | None = None


@model
class CallConfirmData(JsonModel):
    call_id: str | None = None
    phone: str | None = None
    status: str | None = None


@model
class CallConfirmResponse(JsonModel):
    status: int | None = None
    error: int | None = None
    message: str | None = None
    data: CallConfirmData | bool | None = None  # the seed shows an object, the current doc `true`


@model
class AutoCallPhone(JsonModel):
    phone: str
    external_call_id: str | None = None
    customer_uid: str | None = None
    name: str | None = None
    datas: dict[str, Any] | None = None


@model
class AutoCallListRequest(JsonModel):
    """v3 ``/m-auto-call/api/call/create-list-phone`` (at most 5 distinct phones)."""

    template_code: str
    hotline_code: str
    max_time: int | None = None
    max_waiting_time: int | None = None
    phone_infos: list[AutoCallPhone]


@model
class AutoCallResponse(JsonModel):
    status: int | None = None  # 200 / 500
    msg: str | None = None
    errorCode: int | None = None
    data: Any = None


@model
class CustomFieldItem(JsonModel):
    id: int | None = None
    cfname: str | None = None
    cfkey: str
    description: str | None = None
    cftype: str | None = None
    isRequired: Any = None  # a bool, 0/1 or "true"/"0" depending on the endpoint generation: see required()


@model
class CustomFieldsResponse(JsonModel):
    status: int | None = None
    error: int | None = None
    message: str | None = None
    data: list[CustomFieldItem] | None = None


@model
class TemplateItem(JsonModel):
    id: int | None = None
    name: str | None = None
    code: str
    script_type: Any = None
    content: str | None = None
    tts_language: str | None = None
    tts_name: str | None = None
    is_tts: Any = None
    replay: Any = None
    bot_id: Any = None
    status: Any = None
    create_at: Any = None


@model
class HotlineItem(JsonModel):
    hotline_name: str | None = None
    hotline_number: str | None = None
    hotline_code: str
    hotline_type: str | None = None  # v3: ALIAS or HOTLINE


@model
class CollectedField(JsonModel):
    cfkey: str | None = None
    cfname: str | None = None
    cfvalue: Any = None


@model
class CdrItem(JsonModel):
    """v2 auto-call CDR item (``/api/campaignCall/cdr/getAll``)."""

    phone: str | None = None
    name: str | None = None
    customer_uid: str | None = None
    duration: float | None = None
    billsec: float | None = None
    sip_code: int | str | None = None
    disposition: str | None = None
    input_log: str | None = None
    status: int | None = None
    postage: float | None = None
    call_collected_data: list[CollectedField] | None = None
    answer_at: Any = None
    end_call_at: Any = None
    voice_text: str | None = None
    create_at: Any = None
    bot_id: Any = None
    trans_id: str | None = None
    is_record: bool | None = None
    campaign_id: int | str | None = None  # the legacy campaign the call belongs to (one of the "campaign_*")


@model
class CdrItemV3(JsonModel):
    """v3 auto-call CDR item (``/m-auto-call/api/cdr/get-all``): the v2 fields in camelCase, plus externalCallId."""

    phone: str | None = None
    name: str | None = None
    customerUid: str | None = None
    duration: float | None = None
    billsec: float | None = None
    sipCode: int | str | None = None
    disposition: str | None = None
    inputLog: str | None = None
    status: int | None = None
    postage: float | None = None
    callCollectedData: list[CollectedField] | str | None = None
    answerAt: Any = None
    endCallAt: Any = None
    voiceText: str | None = None
    createAt: Any = None
    botId: Any = None
    transId: str | None = None
    isRecord: bool | None = None
    externalCallId: str | None = None
    campaignId: int | str | None = None


@model
class Party(JsonModel):
    phone: str | None = None
    vbot_id: str | None = None
    date_create: str | None = None
    disposition: str | None = None
    time_call: Any = None
    postage: float | None = None
    duration_call: Any = None
    source: str | None = None
    member_no: str | None = None


@model
class HistoryItem(JsonModel):
    """Call history item (seed 003)."""

    hotline_number: str | None = None
    date_create: str | None = None  # "MM/dd/yyyy HH:mm:ss"
    caller: list[Party] | None = None
    callee: list[Party] | None = None
    time_call: Any = None
    duration_call: Any = None
    type_call: Any = None
    group_id: str | None = None
    disposition: str | None = None
    record_file: list[str] | None = None
    external_call_id: str | None = None


@model
class HistoryResponse(JsonModel):
    error: int | None = None
    message: str | None = None
    data: list[HistoryItem] | None = None


@model
class CountResponse(JsonModel):
    error: int | None = None
    message: str | None = None
    data: int | None = None
