"""NXCLOUD's JSON as its documents spell it (IDs end in "ID"; Python names are snake case)."""

from __future__ import annotations

from typing import Any

from desktop.providers.models import JsonModel, key, model

PRODUCT = "callbot"


@model
class ManualCallSetting(JsonModel):
    agent_group: str = key("agentGroup")
    dispatch_type: int = key("dispatchType")  # 0 none, 1 ratio, 3 predictive 2.0
    ratio_call_rate: float = key("ratioCallRate")
    predict_call_rate: float = key("predictCallRate")


@model
class TaskCreateSetting(JsonModel):
    strategy_name: str = key("strategyName", "")  # "" = the default strategy
    startup_type: int = key("startupType", 3)  # 1 manual, 2 scheduled, 3 immediate
    startup_at: int = key("startupAt", 0)  # when startupType=2 (unit undocumented; seconds assumed)
    zone_second: int = key("zoneSecond", 25200)  # UTC offset in seconds (UTC+7 = 25200)
    dial_at_week_day: str = key("dialAtWeekDay", "1,2,3,4,5,6,7")
    dial_at_up_hour: str = key("dialAtUpHour", "8,9,10,11,13,14,15,16")  # h → h:00–h:30
    dial_at_down_hour: str = key("dialAtDownHour", "8,9,10,11,13,14,15,16")  # h → h:30–h+1:00
    max_call: int = key("maxCall", 5)
    task_name: str = key("taskName", "")
    task_callback_url: str = key("taskCallbackUrl", "")
    max_ring_time: int = key("maxRingTime", 30)  # unit undocumented; seconds assumed
    route_id: str = key("routeID", "")
    manual_call_setting: ManualCallSetting | None = key("manualCallSetting", None)  # AICC templates only


@model
class SmsFuncFlag(JsonModel):
    sms_id: str = key("smsID")
    intent_id: list[str] = key("intentID")
    intent_name: list[str] = key("intentName")


@model
class FuncFlag(JsonModel):
    task_keep: bool = key("taskKeep", False)
    round_redial: bool = key("roundRedial", False)
    whole_tts: bool = key("wholeTTS", True)  # must be true when the script has variables
    sms_enable: bool = key("smsEnable", False)
    sms_func_flag: list[SmsFuncFlag] = key("smsFuncFlag", factory=list)
    phone_encrypt: bool = key("phoneEncrypt", False)


@model
class Param(JsonModel):
    name: str | None
    value: str | None


@model
class CallItem(JsonModel):
    order_id: str = key("orderID")
    user_phone: str = key("userPhone")  # country code + number, digits only
    other: str = key("other", "")
    user_name: str = key("userName", "")
    customer_name: str = key("customerName", "")
    params: list[Param] = key("params", factory=list)


@model
class CallInfoList(JsonModel):
    order_callback_url: str = key("orderCallbackUrl", "")
    call_callback_url: str = key("callCallbackUrl", "")
    call_list: list[CallItem] = key("callList")


@model
class CreateAndCallRequest(JsonModel):
    product_id: str = key("productID", PRODUCT)
    user_task_id: str = key("userTaskID")
    scene_id: str = key("sceneID")
    task_create_setting: TaskCreateSetting = key("taskCreateSetting")
    func_flag: FuncFlag = key("funcFlag")
    call_info_list: CallInfoList = key("callInfoList")


@model
class AddBatchCallRequest(JsonModel):
    """``addBatchCall`` and ``importBatchCall``."""

    product_id: str = key("productID", PRODUCT)
    user_task_id: str = key("userTaskID")
    call_info_list: CallInfoList = key("callInfoList")


@model
class Envelope(JsonModel):
    ret_code: int = key("retCode")
    ret_msg: str | None = key("retMsg", None)
    response_id: str | None = key("responseID", None)


@model
class PhoneError(JsonModel):
    phone: str | None = None
    err_msg: str | None = key("errMsg", None)


@model
class CreateAndCallResponse(Envelope):
    task_id: str | None = key("taskID", None)
    total_count: int | None = key("totalCount", None)
    success_count: int | None = key("successCount", None)
    err_list: list[PhoneError] | None = key("errList", None)


@model
class TaskStatusResponse(Envelope):
    task_id: str | None = key("taskID", None)
    task_status: int | None = key("taskStatus", None)


@model
class TaskStat(JsonModel):
    answer_order_count: int | None = key("answerOrderCount", None)
    finish_order_count: int | None = key("finishOrderCount", None)
    total_order_count: int | None = key("totalOrderCount", None)
    finish_rate: float | None = key("finishRate", None)
    total_answer_call: int | None = key("totalAnswerCall", None)
    total_call: int | None = key("totalCall", None)
    answer_rate: float | None = key("answerRate", None)


@model
class TaskData(JsonModel):
    user_task_id: str | None = key("userTaskID", None)
    task_id: str | None = key("taskID", None)
    scene_id: str | None = key("sceneID", None)
    task_status: int | None = key("taskStatus", None)
    create_ts: int | None = key("createTs", None)
    task_stat: TaskStat | None = key("taskStat", None)


@model
class ListTaskResponse(Envelope):
    task_data: list[TaskData] | None = key("taskData", None)


@model
class Intent(JsonModel):
    intent_id: str | None = key("intentID", None)
    intent_tag: str | None = key("intentTag", None)
    intent_name: str | None = key("intentName", None)
    intent_level: Any = key("intentLevel", None)


@model
class Sms(JsonModel):
    sms_send_ts: int | None = key("smsSendTs", None)
    sys_message_id: str | None = key("sysMessageID", None)
    sms_content: str | None = key("smsContent", None)


@model
class Agent(JsonModel):
    agent_name: str | None = key("agentName", None)
    agent_group: str | None = key("agentGroup", None)
    agent_call_status: Any = key("agentCallStatus", None)
    agent_call_elapsed: Any = key("agentCallElapsed", None)
    agent_label: Any = key("agentLabel", None)
    manual_call_start: Any = key("manualCallStart", None)
    manual_call_answer: Any = key("manualCallAnswer", None)
    manual_call_end: Any = key("manualCallEnd", None)
    manual_hangup_by: Any = key("manualHangupBy", None)


@model
class CallInfo(JsonModel):
    call_id: str | None = key("callID", None)
    calling_number: str | None = key("callingNumber", None)
    line_address: str | None = key("lineAddress", None)
    call_status: int | str | None = key("callStatus", None)  # values undocumented
    call_start_ts: int | None = key("callStartTs", None)
    call_answer_ts: int | None = key("callAnswerTs", None)
    call_end_ts: int | None = key("callEndTs", None)
    call_duration: float | None = key("callDuration", None)
    call_audio_url: str | None = key("callAudioUrl", None)
    hangup_cause: str | None = key("hangupCause", None)
    term_sip_code: str | int | None = key("termSipCode", None)
    intents: list[Intent] | None = None
    sms: list[Sms] | None = None
    agent: Agent | None = None
    params: list[Param] | None = None


@model
class OrderDetail(JsonModel):
    order_id: str | None = key("orderID", None)
    user_phone: str | None = key("userPhone", None)
    user_name: str | None = key("userName", None)
    scene_id: str | None = key("sceneID", None)
    user_task_id: str | None = key("userTaskID", None)
    task_id: str | None = key("taskID", None)
    finish: bool | None = None
    other: str | None = None
    call_info_detail_list: list[CallInfo] | None = key("callInfoDetailList", None)
    call_info_detail: CallInfo | None = key("callInfoDetail", None)  # listOrder items and callbacks


@model
class OrderDetailResponse(Envelope):
    order_detail_list: list[OrderDetail] | None = key("orderDetailList", None)
