"""The BizPhone call-flow editor: a tree of play / gather / transfer steps, gather branches per key with nested
flows, each message's voice, a live character counter, the model's own validation and a JSON preview.

The tree is the flow: top-level items are the steps, a gather's children are its branches, a branch's children
are the steps of its nested flow. :meth:`CallFlowEditor.flow_json` walks it into BizPhone's ``callFlow`` JSON and
:class:`~desktop.providers.bizphone.CallFlow` checks it — the same check the engine runs before sending — so what
the editor calls valid is what dispatch accepts. Flows are saved by name in the store's settings
(``bizphone.flows``) and reused by later campaigns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.providers.bizphone import MAX_MESSAGE, PLACEHOLDER, CallFlow
from desktop.providers.bizphone.wire import DOCUMENTED, FlowRules
from desktop.providers.errors import ProviderError
from desktop.settings import CALL_FLOWS, Preferences
from ui import formats
from ui.text import arg
from ui.widgets.message_bar import MessageBar, set_state

DEFAULT_VOICE = 5  # BizPhone's documented default pitch and rate
DEFAULT_RETRIES = 3  # BizPhone's documented default maxRetries
NOT_SENT = -1  # a spin box's "not sent" value: the key is left out and BizPhone's default applies


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Shows ``{{placeholders}}``: each one becomes a template field the contact list must fill."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._format = QTextCharFormat()
        self._format.setForeground(QColor("#1f5fbf"))
        self._format.setBackground(QColor("#e6efff"))
        self._format.setFontWeight(600)

    def highlightBlock(self, text: str) -> None:
        for match in PLACEHOLDER.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self._format)


class FlowItem(QTreeWidgetItem):
    """One node of the flow: a step (play / gather / transfer) or a gather branch, with its own values."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.msg = ""
        self.lang = ""  # "" = not sent (BizPhone's default)
        self.gender = ""
        self.pitch = NOT_SENT
        self.rate = NOT_SENT
        self.max_retries = NOT_SENT
        self.destination = "Ext:1000" if kind == "transfer" else ""
        self.digit: str | None = None  # branch: its key, or None (then it is only the default branch)
        self.default = False  # branch: also taken for no or another key
    @property
    def is_step(self) -> bool:
        return self.kind != "branch"

    def to_json(self) -> dict[str, Any]:
        if self.kind == "transfer":
            return {"name": "transfer", "destination": self.destination.strip()}
        if self.kind == "branch":
            out: dict[str, Any] = {} if self.digit is None else {"digit": self.digit}
            out["default"] = "true" if self.default else "false"
            out["callFlow"] = {"steps": [child(self, i).to_json() for i in range(self.childCount())]}
            return out
        message: dict[str, Any] = {"msg": self.msg}
        if self.lang:
            message["lang"] = self.lang
        if self.gender:
            message["gender"] = self.gender
        if self.pitch != NOT_SENT:
            message["pitch"] = self.pitch
        if self.rate != NOT_SENT:
            message["rate"] = self.rate
        step: dict[str, Any] = {"name": self.kind, "message": message}
        if self.kind == "gather":
            if self.max_retries != NOT_SENT:
                step["maxRetries"] = self.max_retries
            step["branches"] = [child(self, i).to_json() for i in range(self.childCount())]
        return step

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FlowItem:
        """A step item (with its branches and their nested steps) from BizPhone's JSON."""
        item = cls(str(data.get("name")))
        if item.kind == "transfer":
            item.destination = str(data.get("destination", ""))
            return item
        message = data.get("message") or {}
        item.msg = str(message.get("msg", ""))
        item.lang = str(message.get("lang") or "")
        item.gender = str(message.get("gender") or "")
        item.pitch = int(message.get("pitch", NOT_SENT))
        item.rate = int(message.get("rate", NOT_SENT))
        item.max_retries = int(data.get("maxRetries", NOT_SENT))
        for branch_data in data.get("branches", []):
            branch = cls("branch")
            branch.default = branch_data.get("default") in ("true", True)
            digit = branch_data.get("digit")
            branch.digit = None if digit is None else str(digit)
            for step in (branch_data.get("callFlow") or {}).get("steps", []):
                branch.addChild(cls.from_json(step))
            item.addChild(branch)
        return item


def child(item: QTreeWidgetItem, index: int) -> FlowItem:
    found = item.child(index)
    assert isinstance(found, FlowItem)
    return found


def narrow_form(page: QWidget) -> QFormLayout:
    """A step's form: when the editor is narrow, a field goes under its caption instead of widening the window."""
    form = QFormLayout(page)
    form.setContentsMargins(0, 0, 0, 0)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


def saved_flows(preferences: Preferences) -> dict[str, dict[str, Any]]:
    """Every saved flow by name."""
    return dict(preferences.get(CALL_FLOWS) or {})


class CallFlowEditor(QWidget):
    changed = Signal()  # any edit: the JSON, the counter and the validation follow

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callFlowEditor")
        self.preferences = preferences
        self.rules = DOCUMENTED
        self._loading = False

        self.tree = QTreeWidget()
        self.tree.setObjectName("flowTree")
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Call steps"))
        self.tree.currentItemChanged.connect(self._show_item)
        buttons = QGridLayout()
        self.add_buttons: dict[str, QPushButton] = {}
        for kind, text, tip in (
            ("play", self.tr("+ &Say"), self.tr("Speak a message (BizPhone: Play)")),
            ("gather", self.tr("+ &Ask for a key"), self.tr("Speak a message and wait for a key; what follows depends "
                                                             "on the key (BizPhone: Gather)")),
            ("transfer", self.tr("+ &Transfer"), self.tr("Put the call through to an extension (BizPhone: Transfer)")),
            ("branch", self.tr("+ Another &key"), self.tr("Another key for the selected “Ask for a key” step")),
        ):
            button = QPushButton(text)
            button.setObjectName(f"add{kind.title()}Button")
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=kind: self.add(k))
            buttons.addWidget(button, len(self.add_buttons) // 2, len(self.add_buttons) % 2)  # two wide: fits 1024 px
            self.add_buttons[kind] = button
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setObjectName("removeStepButton")
        self.remove_button.clicked.connect(self.remove_current)
        buttons.addWidget(self.remove_button, 2, 0)

        self.details = QStackedWidget()
        placeholder = QLabel(self.tr("Select a step to edit it, or add one."))
        placeholder.setWordWrap(True)
        placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.addWidget(placeholder)
        self.details.addWidget(self._message_page())
        self.details.addWidget(self._transfer_page())
        self.details.addWidget(self._branch_page())

        self.problem = MessageBar("flowProblem")
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("flowPreview")
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Call flow as sent (JSON)"))

        self.name = QLineEdit()
        self.name.setObjectName("flowNameEdit")
        self.name.setPlaceholderText(self.tr("e.g. nhac-no-thang-6"))
        self.name.textChanged.connect(self._emit_changed)
        self.save_button = QPushButton(self.tr("&Save flow"))
        self.save_button.setObjectName("saveFlowButton")
        self.save_button.clicked.connect(self.save_flow)
        self.saved = QComboBox()
        self.saved.setObjectName("savedFlowsCombo")
        self.saved.setMinimumContentsLength(16)
        self.saved.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.load_button = QPushButton(self.tr("L&oad flow"))
        self.load_button.setObjectName("loadFlowButton")
        self.load_button.clicked.connect(lambda: self.load_flow(self.saved.currentText()))
        name_label = QLabel(self.tr("Flow &name:"))
        name_label.setBuddy(self.name)
        library = QGridLayout()  # saving above loading: one row was too wide for 1024 px in longer languages
        library.addWidget(name_label, 0, 0)
        library.addWidget(self.name, 0, 1)
        library.addWidget(self.save_button, 0, 2)
        library.addWidget(self.saved, 1, 1)
        library.addWidget(self.load_button, 1, 2)
        library.setColumnStretch(1, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.tree, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details)
        json_label = QLabel(self.tr("Technical details (sent to BizPhone):"))
        json_label.setWordWrap(True)
        right_layout.addWidget(json_label)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(library)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem)
        self.reload_saved()
        self.set_rules(DOCUMENTED)

    # -- detail pages ----------------------------------------------------------------------------------------
    def _message_page(self) -> QWidget:
        page = QWidget()
        self.message = QPlainTextEdit()
        self.message.setObjectName("flowMessageEdit")
        self.message.setTabChangesFocus(True)
        self.message.setPlaceholderText(self.tr("Xin chào {{ho_ten}}, quý khách còn nợ {{so_tien}} đồng…"))
        self.message.setMaximumHeight(110)
        self.highlighter = PlaceholderHighlighter(self.message.document())
        self.message.textChanged.connect(lambda: self._set("msg", self.message.toPlainText()))
        self.counter = QLabel()
        self.counter.setObjectName("flowCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.lang = QComboBox()
        self.lang.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lang.setMinimumContentsLength(12)
        self.lang.setObjectName("voiceLanguageCombo")
        self.lang.setToolTip(self.tr("BizPhone's “lang”: pick one or type the code BizPhone gave you; only “en” is "
                                     "in its document; “BizPhone's default” sends none"))
        self.lang.setEditable(True)
        self.lang.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for value, text in (("", self.tr("BizPhone's default")), ("en", self.tr("English (en)")),
                            ("vi", self.tr("Vietnamese (vi) — not in BizPhone's document"))):
            self.lang.addItem(text, value)
        self.lang.currentTextChanged.connect(lambda text: self._set("lang", self._language_code(text)))
        self.gender = QComboBox()
        self.gender.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.gender.setMinimumContentsLength(12)
        self.gender.setObjectName("voiceGenderCombo")
        self.gender.setToolTip(self.tr("BizPhone's “gender”: male or female, or BizPhone's default"))
        for value, text in (("", self.tr("BizPhone's default")), ("female", self.tr("Female")),
                            ("male", self.tr("Male"))):
            self.gender.addItem(text, value)
        self.gender.currentIndexChanged.connect(lambda: self._set("gender", self.gender.currentData()))
        self.pitch = self._spin("voicePitchSpin", 9, DEFAULT_VOICE, "pitch")
        self.pitch.setToolTip(self.tr("BizPhone's “pitch”: 0 (lowest) to 9 (highest)"))
        self.rate = self._spin("voiceRateSpin", 9, DEFAULT_VOICE, "rate")
        self.rate.setToolTip(self.tr("BizPhone's “rate”: 0 (slowest) to 9 (fastest)"))
        self.retries = self._spin("maxRetriesSpin", 99, DEFAULT_RETRIES, "max_retries")
        self.retries.setToolTip(self.tr("BizPhone's “maxRetries”: how often the caller may try again to press a "
                                        "valid key"))
        form = narrow_form(page)
        caption = QLabel(self.tr("&Message:"))
        caption.setBuddy(self.message)
        form.addRow(caption, self.message)
        form.addRow("", self.counter)
        for caption, widget in ((self.tr("&Language:"), self.lang), (self.tr("&Voice:"), self.gender),
                                (self.tr("P&itch:"), self.pitch), (self.tr("R&ate:"), self.rate)):
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.retries_label = QLabel(self.tr("Re&tries:"))
        self.retries_label.setBuddy(self.retries)
        form.addRow(self.retries_label, self.retries)
        return page

    def _spin(self, name: str, high: int, default: int, attribute: str) -> QSpinBox:
        """0…``high``, below that "not sent" (the key is left out and BizPhone's ``default`` applies)."""
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(NOT_SENT, high)
        spin.setSpecialValueText(arg(self.tr("Default (%1)"), str(default)))
        spin.valueChanged.connect(lambda value: self._set(attribute, value))
        return spin

    def _transfer_page(self) -> QWidget:
        page = QWidget()
        self.destination = QLineEdit()
        self.destination.setObjectName("transferDestinationEdit")
        self.destination.setPlaceholderText("Ext:1000")
        self.destination.textChanged.connect(lambda text: self._set("destination", text))
        form = narrow_form(page)
        form.addRow(self.tr("&Destination:"), self.destination)
        self.transfer_note = QLabel()
        self.transfer_note.setWordWrap(True)
        form.addRow("", self.transfer_note)
        return page

    def _branch_page(self) -> QWidget:
        page = QWidget()
        self.digit = QComboBox()
        self.digit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.digit.setMinimumContentsLength(12)
        self.digit.setObjectName("branchDigitCombo")
        self.digit.setToolTip(self.tr("BizPhone's “digit”"))
        self._fill_keys()
        self.digit.currentIndexChanged.connect(lambda: self._set("digit", self.digit.currentData()))
        self.default = QCheckBox(self.tr("&Also for no or another key"))
        self.default.setObjectName("branchDefaultCheck")
        self.default.setToolTip(self.tr("BizPhone's “default”: one branch of a gather step can be the default"))
        self.default.toggled.connect(lambda on: self._set("default", on))
        form = narrow_form(page)
        form.addRow(self.tr("When the caller &presses:"), self.digit)
        form.addRow(self.tr("For any other key:"), self.default)
        note = QLabel(self.tr("Add the steps that follow this key with the + buttons while the branch is selected."))
        note.setWordWrap(True)
        form.addRow("", note)
        return page

    def _language_code(self, text: str) -> str:
        """The ``lang`` for what the language box shows: a listed language's code, or the code as typed."""
        listed = self.lang.findText(text)
        return self.lang.itemData(listed) if listed >= 0 else text.strip()

    def _fill_keys(self) -> None:
        self.digit.clear()
        self.digit.addItem(self.tr("No key (only “any other key”)"), None)
        for key in self.rules.keys:
            self.digit.addItem(arg(self.tr("Key %1"), key), key)

    def set_rules(self, rules: FlowRules) -> None:
        """The account's reading of what BizPhone's document leaves open: keys, default branches, transfers."""
        self.rules = rules
        self._loading = True
        self._fill_keys()
        self._loading = False
        self.transfer_note.setText(
            self.tr("BizPhone's document shows only extensions, written Ext:<number>. This account also allows "
                    "international numbers (+84…).") if rules.phone_transfers else
            self.tr("BizPhone's document shows only extensions, written Ext:<number> (Accounts can also allow "
                    "phone numbers)."))
        self._show_item(self.tree.currentItem())
        self._refresh()

    # -- the flow ----------------------------------------------------------------------------------------------
    def flow_json(self) -> dict[str, Any]:
        """BizPhone's ``callFlow`` object, as the document's example writes it."""
        root = self.tree.invisibleRootItem()
        return {"steps": [child(root, i).to_json() for i in range(root.childCount())]}

    def set_flow_json(self, flow: Mapping[str, Any], name: str = "") -> None:
        self._loading = True
        self.tree.clear()
        for step in (flow or {}).get("steps", []):
            self.tree.addTopLevelItem(FlowItem.from_json(step))
        self.tree.expandAll()
        self.name.setText(name)
        self._loading = False
        for item in self._items():
            self._label(item)
        self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._refresh()
        self.changed.emit()

    def flow_name(self) -> str:
        return self.name.text().strip()

    def problems(self) -> list[str]:
        """What BizPhone would refuse, in the model's words (empty = valid)."""
        try:
            CallFlow.from_json(self.flow_json(), provider="bizphone").check(self.rules)
        except ProviderError as exc:
            return [str(exc)]
        return []

    def without_default(self) -> list[str]:
        """The messages of gather steps that have no default branch (the account allows them)."""
        return [item.msg for item in self._items() if item.kind == "gather"
                and not any(child(item, i).default for i in range(item.childCount()))]

    def message_text(self) -> str:
        """Every message of the flow, one per line: its ``{{placeholders}}`` are the contact fields."""
        return "\n".join(item.msg for item in self._items() if item.kind in ("play", "gather") and item.msg)

    def set_read_only(self, read_only: bool) -> None:
        for widget in [*self.add_buttons.values(), self.remove_button, self.save_button, self.load_button,
                       self.saved, self.name, self.lang, self.gender, self.pitch, self.rate, self.retries,
                       self.digit, self.default, self.destination]:
            widget.setEnabled(not read_only)
        self.message.setReadOnly(read_only)

    def add(self, kind: str) -> FlowItem | None:
        """Add a step after the selected one (inside the selected branch), or a branch to the selected gather."""
        current = self.tree.currentItem()
        item = FlowItem(kind)
        if kind == "branch":
            gather = self._gather_of(current)
            if gather is None:
                return None
            used = {child(gather, i).digit for i in range(gather.childCount())}
            item.digit = next((d for d in self.rules.keys if d not in used), None)
            gather.addChild(item)
            gather.setExpanded(True)
        elif isinstance(current, FlowItem) and current.kind == "branch":
            current.addChild(item)
            current.setExpanded(True)
        elif isinstance(current, FlowItem):
            container = current.parent() or self.tree.invisibleRootItem()
            container.insertChild(container.indexOfChild(current) + 1, item)
        else:
            self.tree.addTopLevelItem(item)
        if kind == "gather":  # a gather needs branches: key 1 and the default to start from
            for digit in ("1", None):
                branch = FlowItem("branch")
                branch.digit = digit
                branch.default = digit is None
                item.addChild(branch)
                self._label(branch)
            item.setExpanded(True)
        self._label(item)
        self.tree.setCurrentItem(item)
        self._edited()
        return item

    def remove_current(self) -> None:
        current = self.tree.currentItem()
        if current is None:
            return
        (current.parent() or self.tree.invisibleRootItem()).removeChild(current)
        self._edited()

    # -- saved flows ---------------------------------------------------------------------------------------------
    def reload_saved(self) -> None:
        current = self.saved.currentText()
        self.saved.clear()
        self.saved.addItems(sorted(saved_flows(self.preferences)))
        self.saved.setCurrentIndex(max(0, self.saved.findText(current)))
        self.load_button.setEnabled(self.saved.count() > 0 and self.saved.isEnabled())

    def save_flow(self) -> bool:
        """Store the flow under its name (replacing one of that name); refused, in words, while it is invalid."""
        name = self.flow_name()
        if not name:
            self.problem.error(self.tr("Give the flow a name to save it."))
            self.name.setFocus()
            return False
        problems = self.problems()
        if problems:
            self.problem.error(arg(self.tr("Not saved: %1"), problems[0]))
            return False
        flows = saved_flows(self.preferences)
        flows[name] = self.flow_json()
        self.preferences.set(CALL_FLOWS, flows)
        self.reload_saved()
        self.saved.setCurrentIndex(self.saved.findText(name))
        self.problem.info(arg(self.tr("Saved the flow “%1”."), name))
        return True

    def load_flow(self, name: str) -> bool:
        flow = saved_flows(self.preferences).get(name)
        if flow is None:
            return False
        self.set_flow_json(flow, name)
        return True

    # -- editing ---------------------------------------------------------------------------------------------
    def _items(self) -> list[FlowItem]:
        found: list[FlowItem] = []

        def walk(parent: QTreeWidgetItem) -> None:
            for i in range(parent.childCount()):
                item = child(parent, i)
                found.append(item)
                walk(item)

        walk(self.tree.invisibleRootItem())
        return found

    @staticmethod
    def _gather_of(item: QTreeWidgetItem | None) -> FlowItem | None:
        if isinstance(item, FlowItem) and item.kind == "gather":
            return item
        if isinstance(item, FlowItem) and item.kind == "branch":
            parent = item.parent()
            return parent if isinstance(parent, FlowItem) else None
        return None

    def _show_item(self, item: QTreeWidgetItem | None) -> None:
        self._loading = True
        if not isinstance(item, FlowItem):
            self.details.setCurrentIndex(0)
        elif item.kind in ("play", "gather"):
            self.details.setCurrentIndex(1)
            self.message.setPlainText(item.msg)
            known = self.lang.findData(item.lang)
            if known >= 0:
                self.lang.setCurrentIndex(known)
            else:  # a code typed, or one the flow was loaded with, is shown as it is sent
                self.lang.setEditText(item.lang)
            self.gender.setCurrentIndex(max(0, self.gender.findData(item.gender)))
            self.pitch.setValue(item.pitch)
            self.rate.setValue(item.rate)
            self.retries.setValue(item.max_retries)
            self.retries.setVisible(item.kind == "gather")
            self.retries_label.setVisible(item.kind == "gather")
        elif item.kind == "transfer":
            self.details.setCurrentIndex(2)
            self.destination.setText(item.destination)
        else:
            self.details.setCurrentIndex(3)
            if self.digit.findData(item.digit) < 0:  # a key this account does not allow: shown, and refused below
                self.digit.addItem(arg(self.tr("Key %1"), item.digit or ""), item.digit)
            self.digit.setCurrentIndex(self.digit.findData(item.digit))
            self.default.setChecked(item.default)
        self._loading = False
        self.add_buttons["branch"].setEnabled(self._gather_of(item) is not None and self.remove_button.isEnabled())
        self._show_counter()

    def _set(self, attribute: str, value: Any) -> None:
        item = self.tree.currentItem()
        if self._loading or not isinstance(item, FlowItem):
            return
        setattr(item, attribute, value)
        self._label(item)
        self._edited()

    def _label(self, item: FlowItem) -> None:
        short = item.msg.replace("\n", " ")
        short = short if len(short) <= 48 else short[:47] + "…"
        text = {
            "play": self.tr("Say: %1"),
            "gather": self.tr("Ask for a key: %1"),
            "transfer": self.tr("Transfer to %1"),
            "branch": (self.tr("No key or another key") if item.digit is None
                       else self.tr("Key %1 — also the default") if item.default else self.tr("Key %1")),
        }[item.kind]
        value = {"transfer": item.destination, "branch": item.digit or ""}.get(item.kind, short or self.tr("(empty)"))
        item.setText(0, arg(text, value))

    def _edited(self) -> None:
        self._refresh()
        self.changed.emit()

    def _emit_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _refresh(self) -> None:
        self.preview.setPlainText(json.dumps(self.flow_json(), ensure_ascii=False, indent=2))
        self._mark_empty_branches()
        problems = self.problems()
        bare = self.without_default()
        if problems:
            self.problem.error(problems[0])
        elif bare:
            self.problem.warning(arg(self.tr(
                "The flow is valid. “%1” has no default branch and is sent without one: what BizPhone does when "
                "the caller presses no or another key is not in its document."), bare[0][:40] or self.tr("(empty)")))
        else:
            self.problem.info(self.tr("The flow is valid."))
        self._show_counter()

    def _mark_empty_branches(self) -> None:
        """A choice with no next step is drawn red, with a tooltip saying what to do."""
        for item in self._items():
            if item.kind == "branch":
                empty = item.childCount() == 0
                item.setForeground(0, QBrush(QColor("#b3261e")) if empty else QBrush())
                item.setToolTip(0, self.tr("Nothing happens after this choice yet: select it and add a step with "
                                           "the + buttons.") if empty else "")

    def _show_counter(self) -> None:
        item = self.tree.currentItem()
        length = len(item.msg) if isinstance(item, FlowItem) else 0
        self.counter.setText(arg(self.tr("%1 / %2 characters"), formats.number(length), formats.number(MAX_MESSAGE)))
        set_state(self.counter, "error" if length > MAX_MESSAGE else "hint")
