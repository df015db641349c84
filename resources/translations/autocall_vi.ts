<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %1</source>
        <translation>Giới thiệu %1</translation>
    </message>
    <message>
        <source>Automatic outbound call campaigns through VBot, NXCLOUD Callbot and BizPhone Robo call.&lt;br&gt;&lt;br&gt;Data: %1&lt;br&gt;Logs: %2</source>
        <translation>Chiến dịch gọi ra tự động qua VBot, NXCLOUD Callbot và BizPhone Robo call.&lt;br&gt;&lt;br&gt;Dữ liệu: %1&lt;br&gt;Nhật ký: %2</translation>
    </message>
</context>
<context>
    <name>AccountForm</name>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Built in</source>
        <translation>Có sẵn</translation>
    </message>
    <message>
        <source>Saved — leave empty to keep it</source>
        <translation>Đã lưu — để trống để giữ nguyên</translation>
    </message>
    <message>
        <source>Give the account a name.</source>
        <translation>Hãy đặt tên cho tài khoản.</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Bắt buộc.</translation>
    </message>
    <message>
        <source>Use an https:// address (plain http:// is allowed only for this computer).</source>
        <translation>Hãy dùng địa chỉ https:// (http:// thường chỉ được dùng cho chính máy tính này).</translation>
    </message>
    <message>
        <source>Enter the number in international form, e.g. +84912345678.</source>
        <translation>Nhập số theo dạng quốc tế, ví dụ +84912345678.</translation>
    </message>
    <message>
        <source>%1 calls this “%2”.</source>
        <translation>%1 gọi mục này là “%2”.</translation>
    </message>
    <message>
        <source>Server address</source>
        <extracomment>The mapping scope of a call-flow message that belongs to no saved flow.</extracomment>
        <translation>Địa chỉ máy chủ</translation>
    </message>
    <message>
        <source>BizPhone does not publish one address: use the Open API address from your account or BizPhone support, ending in /v1.</source>
        <translation>BizPhone không công bố một địa chỉ chung: hãy dùng địa chỉ Open API trong tài khoản của bạn hoặc do bộ phận hỗ trợ BizPhone cung cấp, kết thúc bằng /v1.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Khóa API</translation>
    </message>
    <message>
        <source>From Developer Hub → Project → Open API. BizPhone shows it only once; “Reset” there issues a new one.</source>
        <translation>Lấy ở Developer Hub → Project → Open API. BizPhone chỉ hiện khóa một lần; nút “Reset” ở đó sẽ cấp khóa mới.</translation>
    </message>
    <message>
        <source>Default caller number</source>
        <translation>Số gọi đi mặc định</translation>
    </message>
    <message>
        <source>The number customers see, in international form (+84…).</source>
        <translation>Số mà khách hàng nhìn thấy, viết theo dạng quốc tế (+84…).</translation>
    </message>
    <message>
        <source>Whether callers may answer a question with * or #. BizPhone's document shows only the number keys.</source>
        <translation>Người nghe có được trả lời một câu hỏi bằng phím * hoặc # hay không. Tài liệu của BizPhone chỉ nêu các phím số.</translation>
    </message>
    <message>
        <source>What a question does when the caller presses a key it does not list. BizPhone's document does not say whether every question needs one.</source>
        <translation>Câu hỏi sẽ làm gì khi người nghe bấm một phím không có trong danh sách. Tài liệu của BizPhone không nói mỗi câu hỏi có bắt buộc phải có hay không.</translation>
    </message>
    <message>
        <source>Where a call flow may pass the call on. BizPhone's document shows only extensions (Ext:1000).</source>
        <translation>Kịch bản cuộc gọi được phép chuyển cuộc gọi tới đâu. Tài liệu của BizPhone chỉ nêu số máy lẻ (Ext:1000).</translation>
    </message>
    <message>
        <source>BizPhone's document does not say what its “all lines busy” answer means for the call.</source>
        <translation>Tài liệu của BizPhone không nói câu trả lời “tất cả các đường dây đều bận” có ý nghĩa gì với cuộc gọi.</translation>
    </message>
    <message>
        <source>Keys * and #</source>
        <translation>Phím * và #</translation>
    </message>
    <message>
        <source>Only 0–9</source>
        <translation>Chỉ 0–9</translation>
    </message>
    <message>
        <source>Also * and #</source>
        <translation>Cả * và #</translation>
    </message>
    <message>
        <source>Answer for other keys</source>
        <translation>Trả lời cho các phím khác</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Bắt buộc</translation>
    </message>
    <message>
        <source>May be left out</source>
        <translation>Có thể bỏ qua</translation>
    </message>
    <message>
        <source>Transfer calls to</source>
        <translation>Chuyển cuộc gọi tới</translation>
    </message>
    <message>
        <source>Extensions only</source>
        <translation>Chỉ số máy nhánh</translation>
    </message>
    <message>
        <source>Extensions and phone numbers (+84…)</source>
        <translation>Số máy nhánh và số điện thoại (+84…)</translation>
    </message>
    <message>
        <source>When all lines are busy</source>
        <translation>Khi mọi đường dây đều bận</translation>
    </message>
    <message>
        <source>Wait for a free line and check again until the call ends</source>
        <translation>Chờ đường dây trống và kiểm tra lại cho đến khi cuộc gọi kết thúc</translation>
    </message>
    <message>
        <source>Count the call as failed at once</source>
        <translation>Tính cuộc gọi là thất bại ngay</translation>
    </message>
    <message>
        <source>Stop waiting after (hours)</source>
        <translation>Ngừng chờ sau (giờ)</translation>
    </message>
    <message>
        <source>A call still waiting this long after it was sent is recorded as “unknown”.</source>
        <translation>Cuộc gọi vẫn còn chờ sau ngần ấy thời gian kể từ khi gửi sẽ được ghi là “không rõ”.</translation>
    </message>
    <message>
        <source>Enter a number of hours above 0, e.g. 24.</source>
        <translation>Nhập số giờ lớn hơn 0, ví dụ 24.</translation>
    </message>
    <message>
        <source>Leave empty to use NXCLOUD's address.</source>
        <translation>Để trống để dùng địa chỉ của NXCLOUD.</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>Mã tài khoản</translation>
    </message>
    <message>
        <source>From the NXCLOUD back-office → Developer page.</source>
        <translation>Lấy ở trang quản trị NXCLOUD → trang Developer.</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Khóa bí mật</translation>
    </message>
    <message>
        <source>From the same Developer page. It signs every request and is never sent itself.</source>
        <translation>Lấy ở cùng trang Developer. Khóa dùng để ký mọi yêu cầu và không bao giờ được gửi đi.</translation>
    </message>
    <message>
        <source>Signing method</source>
        <translation>Cách ký</translation>
    </message>
    <message>
        <source>Must match the algorithm set in the NXCLOUD back-office (MD5 unless you changed it).</source>
        <translation>Phải khớp với thuật toán đã đặt trong trang quản trị NXCLOUD (MD5 nếu bạn chưa đổi).</translation>
    </message>
    <message>
        <source>Call results</source>
        <translation>Kết quả cuộc gọi</translation>
    </message>
    <message>
        <source>What each of NXCLOUD's call result numbers means (its document does not list them), as number=result pairs, e.g. %1. Results: %2. Empty (the default): how the call ended decides.</source>
        <translation>Ý nghĩa của từng số kết quả cuộc gọi của NXCLOUD (tài liệu của họ không liệt kê), viết theo cặp số=kết quả, ví dụ %1. Các kết quả: %2. Để trống (mặc định): cách cuộc gọi kết thúc sẽ quyết định.</translation>
    </message>
    <message>
        <source>NXCLOUD calls this “callStatus”. The results may also be written as codes: %1.</source>
        <translation>NXCLOUD gọi mục này là “callStatus”. Có thể viết kết quả bằng mã: %1.</translation>
    </message>
    <message>
        <source>Sign-in method</source>
        <translation>Cách đăng nhập</translation>
    </message>
    <message>
        <source>VBot runs two API generations. v3 signs in with an API key; v2 with a user name and password. Use the one your VBot contract names.</source>
        <translation>VBot có hai thế hệ API. v3 đăng nhập bằng khóa API; v2 bằng tên đăng nhập và mật khẩu. Hãy dùng loại ghi trong hợp đồng VBot của bạn.</translation>
    </message>
    <message>
        <source>API key (v3)</source>
        <translation>Khóa API (v3)</translation>
    </message>
    <message>
        <source>User name and password (v2)</source>
        <translation>Tên đăng nhập và mật khẩu (v2)</translation>
    </message>
    <message>
        <source>Leave empty to use VBot's current address. Change it only if VBot gave you another one.</source>
        <translation>Để trống để dùng địa chỉ hiện tại của VBot. Chỉ đổi khi VBot cung cấp cho bạn địa chỉ khác.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>The VBot user the app signs in as.</source>
        <translation>Người dùng VBot mà ứng dụng đăng nhập.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>That user's password. Kept only in the system keyring.</source>
        <translation>Mật khẩu của người dùng đó. Chỉ được cất trong kho khóa của hệ thống.</translation>
    </message>
    <message>
        <source>VBot ID</source>
        <translation>Mã VBot</translation>
    </message>
    <message>
        <source>Group code</source>
        <translation>Mã nhóm</translation>
    </message>
    <message>
        <source>The Open API key from the VBot console. Requires VBot's “API dịch vụ” add-on.</source>
        <translation>Khóa Open API lấy từ trang quản trị VBot. Cần gói “API dịch vụ” của VBot.</translation>
    </message>
    <message>
        <source>Your VBot ID, from the VBot console.</source>
        <translation>Mã VBot của bạn, lấy từ trang quản trị VBot.</translation>
    </message>
    <message>
        <source>The “Mã nhóm” from the VBot console.</source>
        <translation>“Mã nhóm” lấy từ trang quản trị VBot.</translation>
    </message>
    <message>
        <source>Default hotline</source>
        <translation>Hotline mặc định</translation>
    </message>
    <message>
        <source>The hotline code campaigns use unless they choose another (from VBot's hotline list).</source>
        <translation>Mã hotline mà các chiến dịch dùng nếu không chọn hotline khác (trong danh sách hotline của VBot).</translation>
    </message>
    <message>
        <source>Time unit for call history</source>
        <translation>Đơn vị thời gian của lịch sử cuộc gọi</translation>
    </message>
    <message>
        <source>VBot does not document the unit of call-history search times. Milliseconds is what its newer APIs use; switch to seconds if history searches come back empty.</source>
        <translation>VBot không ghi rõ đơn vị thời gian khi tìm lịch sử cuộc gọi. Các API mới của họ dùng mili giây; hãy chuyển sang giây nếu tìm lịch sử không ra kết quả.</translation>
    </message>
    <message>
        <source>milliseconds</source>
        <translation>mili giây</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>giây</translation>
    </message>
</context>
<context>
    <name>AccountsTab</name>
    <message>
        <source>Keep secrets for this session only</source>
        <translation>Chỉ giữ thông tin bí mật trong phiên này</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>Add account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Nhân bản</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Xóa…</translation>
    </message>
    <message>
        <source>This demo account talks to the built-in simulator: nothing you do with it calls anyone. Its settings cannot be changed; duplicate it to experiment.</source>
        <translation>Tài khoản dùng thử này làm việc với trình mô phỏng có sẵn: không ai bị gọi thật. Không thể đổi cài đặt của nó; hãy nhân bản để thử nghiệm.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>Choose an account</source>
        <translation>Chọn một tài khoản</translation>
    </message>
    <message>
        <source>Pick an account on the left to see its settings, or add your %1 or %2 account with “Add account”.</source>
        <translation>Chọn một tài khoản bên trái để xem cài đặt, hoặc thêm tài khoản %1 hay %2 của bạn bằng “Thêm tài khoản”.</translation>
    </message>
    <message>
        <source>Built-in simulator · no real calls</source>
        <translation>Trình mô phỏng có sẵn · không gọi thật</translation>
    </message>
    <message>
        <source>New %1 account</source>
        <translation>Tài khoản %1 mới</translation>
    </message>
    <message>
        <source>Not saved yet — please fix: %1</source>
        <translation>Chưa lưu — hãy sửa: %1</translation>
    </message>
    <message>
        <source>The settings were saved, but not the secret: %1</source>
        <translation>Cài đặt đã được lưu, nhưng thông tin bí mật thì chưa: %1</translation>
    </message>
    <message>
        <source>Another account already has this name. Choose a different one.</source>
        <translation>Đã có tài khoản khác mang tên này. Hãy chọn tên khác.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <source>%1 (copy %2)</source>
        <translation>%1 (bản sao %2)</translation>
    </message>
    <message>
        <source>Delete account</source>
        <translation>Xóa tài khoản</translation>
    </message>
    <message>
        <source>Delete “%1”? Its saved secrets are removed from the system keyring. Campaigns already sent through it keep their results.</source>
        <translation>Xóa “%1”? Thông tin bí mật đã lưu của tài khoản sẽ bị xóa khỏi kho khóa của hệ thống. Các chiến dịch đã gửi qua tài khoản này vẫn giữ kết quả.</translation>
    </message>
    <message>
        <source>This account has campaigns, so it cannot be deleted. Keep it, or delete its campaigns first.</source>
        <translation>Tài khoản này có chiến dịch nên không thể xóa. Hãy giữ lại, hoặc xóa các chiến dịch của nó trước.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Đang kết nối tới %1…</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Thay đổi chưa lưu</translation>
    </message>
    <message>
        <source>Your changes to this account are not saved. Discard them?</source>
        <translation>Các thay đổi của tài khoản này chưa được lưu. Bỏ các thay đổi?</translation>
    </message>
    <message>
        <source>Secrets are kept in memory for this session only: you will need to enter them again after restarting.</source>
        <translation>Thông tin bí mật chỉ được giữ trong bộ nhớ cho phiên này: bạn sẽ phải nhập lại sau khi khởi động lại.</translation>
    </message>
    <message>
        <source>Secrets are kept in the system keyring.</source>
        <translation>Thông tin bí mật được cất trong kho khóa của hệ thống.</translation>
    </message>
    <message>
        <source>No system keyring is available, so passwords and API keys cannot be stored safely. On Linux, install and unlock GNOME Keyring or KWallet and restart — or keep secrets for this session only. They are never written to a plain file.</source>
        <translation>Không có kho khóa của hệ thống nên không thể cất mật khẩu và khóa API an toàn. Trên Linux, hãy cài và mở khóa GNOME Keyring hoặc KWallet rồi khởi động lại — hoặc chỉ giữ thông tin bí mật trong phiên này. Chúng không bao giờ được ghi ra tệp thường.</translation>
    </message>
</context>
<context>
    <name>AiccBox</name>
    <message>
        <source>Pass answered calls to agents (AICC scripts only)</source>
        <translation>Chuyển cuộc gọi đã nghe máy cho nhân viên (chỉ kịch bản AICC)</translation>
    </message>
    <message>
        <source>manualCallSetting: only for AICC scene templates</source>
        <translation>manualCallSetting: chỉ dành cho mẫu kịch bản AICC</translation>
    </message>
    <message>
        <source>agentGroup: the agent group ID</source>
        <translation>agentGroup: mã nhóm nhân viên</translation>
    </message>
    <message>
        <source>dispatchType: the outbound call type</source>
        <translation>dispatchType: kiểu cuộc gọi ra</translation>
    </message>
    <message>
        <source>None (0)</source>
        <translation>Không (0)</translation>
    </message>
    <message>
        <source>Ratio-based (1)</source>
        <translation>Theo tỷ lệ (1)</translation>
    </message>
    <message>
        <source>Predictive 2.0 (3)</source>
        <translation>Dự đoán 2.0 (3)</translation>
    </message>
    <message>
        <source>ratioCallRate: the agent call rate, for ratio-based calling</source>
        <translation>ratioCallRate: tỷ lệ gọi cho mỗi nhân viên, khi gọi theo tỷ lệ</translation>
    </message>
    <message>
        <source>predictCallRate: the predicted call rate, for predictive calling</source>
        <translation>predictCallRate: tỷ lệ gọi dự đoán, khi gọi dự đoán</translation>
    </message>
    <message>
        <source>A&amp;gent group:</source>
        <translation>Nhóm nhân &amp;viên:</translation>
    </message>
    <message>
        <source>Call t&amp;ype:</source>
        <translation>&amp;Kiểu gọi:</translation>
    </message>
    <message>
        <source>Agent call r&amp;ate:</source>
        <translation>Tỷ lệ gọi mỗi nhân viê&amp;n:</translation>
    </message>
    <message>
        <source>Predicted call rat&amp;e:</source>
        <translation>Tỷ lệ gọi &amp;dự đoán:</translation>
    </message>
</context>
<context>
    <name>AnswerCounters</name>
    <message>
        <source>Answers</source>
        <translation>Câu trả lời</translation>
    </message>
</context>
<context>
    <name>BizPhoneFields</name>
    <message>
        <source>The message the call flow speaks, e.g. “Xin chào {{ho_ten}}, quý khách còn nợ {{so_tien}} đồng.” Each {{name}} becomes a field.</source>
        <translation>Lời nhắn mà kịch bản gọi sẽ đọc, ví dụ “Xin chào {{ho_ten}}, quý khách còn nợ {{so_tien}} đồng.” Mỗi {{tên}} trở thành một trường.</translation>
    </message>
    <message>
        <source>Call-flow &amp;message:</source>
        <translation>&amp;Lời nhắn của kịch bản:</translation>
    </message>
</context>
<context>
    <name>BizPhonePage</name>
    <message>
        <source>Account default, or e.g. +842473001234</source>
        <translation>Mặc định của tài khoản, hoặc ví dụ +842473001234</translation>
    </message>
    <message>
        <source>BizPhone's “caller”: the number callees see, in international form</source>
        <translation>“caller” của BizPhone: số mà người nghe nhìn thấy, theo dạng quốc tế</translation>
    </message>
    <message>
        <source>&amp;Record calls</source>
        <translation>&amp;Ghi âm cuộc gọi</translation>
    </message>
    <message>
        <source>BizPhone's “enableCallRecording”. BizPhone offers no way to download the recordings; they stay in its portal.</source>
        <translation>“enableCallRecording” của BizPhone. BizPhone không cho tải bản ghi âm về; chúng nằm trên cổng thông tin của họ.</translation>
    </message>
    <message>
        <source>Caller &amp;ID:</source>
        <translation>&amp;Số gọi đi:</translation>
    </message>
    <message>
        <source>Call flow:</source>
        <translation>Kịch bản gọi:</translation>
    </message>
</context>
<context>
    <name>BulkDownloadDialog</name>
    <message>
        <source>Download recordings</source>
        <translation>Tải bản ghi âm</translation>
    </message>
    <message>
        <source>Save the recordings of %1 listed calls into a folder. Files are named by phone number, time and transaction ID; existing files are never replaced.</source>
        <translation>Lưu bản ghi âm của %1 cuộc gọi trong danh sách vào một thư mục. Tệp được đặt tên theo số điện thoại, thời gian và mã giao dịch; tệp đã có không bao giờ bị ghi đè.</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Thư mục:</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>&amp;Chọn…</translation>
    </message>
    <message>
        <source>Choose a folder, then press Download.</source>
        <translation>Chọn một thư mục, rồi bấm Tải về.</translation>
    </message>
    <message>
        <source>Calls not saved</source>
        <translation>Cuộc gọi chưa lưu được</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Tải về</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>&amp;Mở thư mục</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Save recordings in</source>
        <translation>Lưu bản ghi âm vào</translation>
    </message>
    <message>
        <source>Choose a folder first.</source>
        <translation>Hãy chọn thư mục trước.</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>Đang tải về…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <source>No recording was downloaded: %1</source>
        <translation>Không tải được bản ghi âm nào: %1</translation>
    </message>
    <message>
        <source>Saved %1 of %2 recordings (%3 could not be saved)…</source>
        <translation>Đã lưu %1 trên %2 bản ghi âm (%3 bản không lưu được)…</translation>
    </message>
    <message>
        <source>Saved %1 of %2 recordings in %3.</source>
        <translation>Đã lưu %1 trên %2 bản ghi âm vào %3.</translation>
    </message>
    <message>
        <source>%1 could not be saved (listed below).</source>
        <translation>%1 bản không lưu được (liệt kê bên dưới).</translation>
    </message>
    <message>
        <source>Cancelled: the other %1 were not downloaded.</source>
        <translation>Đã hủy: %1 bản còn lại không được tải về.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>CallFlowEditor</name>
    <message>
        <source>Call steps</source>
        <translation>Các bước của cuộc gọi</translation>
    </message>
    <message>
        <source>+ &amp;Say</source>
        <translation>+ &amp;Nói</translation>
    </message>
    <message>
        <source>Speak a message (BizPhone: Play)</source>
        <translation>Đọc một lời nhắn (BizPhone: Play)</translation>
    </message>
    <message>
        <source>+ &amp;Ask for a key</source>
        <translation>+ &amp;Chờ bấm phím</translation>
    </message>
    <message>
        <source>Speak a message and wait for a key; what follows depends on the key (BizPhone: Gather)</source>
        <translation>Đọc một lời nhắn và chờ bấm phím; bước tiếp theo tùy vào phím được bấm (BizPhone: Gather)</translation>
    </message>
    <message>
        <source>+ &amp;Transfer</source>
        <translation>+ C&amp;huyển máy</translation>
    </message>
    <message>
        <source>Put the call through to an extension (BizPhone: Transfer)</source>
        <translation>Chuyển cuộc gọi tới một số máy nhánh (BizPhone: Transfer)</translation>
    </message>
    <message>
        <source>+ Another &amp;key</source>
        <translation>+ &amp;Phím khác</translation>
    </message>
    <message>
        <source>Another key for the selected “Ask for a key” step</source>
        <translation>Thêm một phím cho bước “Chờ bấm phím” đang chọn</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Xóa</translation>
    </message>
    <message>
        <source>Select a step to edit it, or add one.</source>
        <translation>Chọn một bước để sửa, hoặc thêm bước mới.</translation>
    </message>
    <message>
        <source>Call flow as sent (JSON)</source>
        <translation>Kịch bản gọi như được gửi đi (JSON)</translation>
    </message>
    <message>
        <source>e.g. nhac-no-thang-6</source>
        <translation>ví dụ nhac-no-thang-6</translation>
    </message>
    <message>
        <source>&amp;Save flow</source>
        <translation>&amp;Lưu kịch bản</translation>
    </message>
    <message>
        <source>L&amp;oad flow</source>
        <translation>&amp;Mở kịch bản</translation>
    </message>
    <message>
        <source>Flow &amp;name:</source>
        <translation>&amp;Tên kịch bản:</translation>
    </message>
    <message>
        <source>Technical details (sent to BizPhone):</source>
        <translation>Chi tiết kỹ thuật (gửi tới BizPhone):</translation>
    </message>
    <message>
        <source>Xin chào {{ho_ten}}, quý khách còn nợ {{so_tien}} đồng…</source>
        <translation>Xin chào {{ho_ten}}, quý khách còn nợ {{so_tien}} đồng…</translation>
    </message>
    <message>
        <source>English (en)</source>
        <translation>Tiếng Anh (en)</translation>
    </message>
    <message>
        <source>Vietnamese (vi) — not in BizPhone's document</source>
        <translation>Tiếng Việt (vi) — không có trong tài liệu của BizPhone</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <source>BizPhone's “pitch”: 0 (lowest) to 9 (highest)</source>
        <translation>“pitch” của BizPhone: 0 (trầm nhất) đến 9 (cao nhất)</translation>
    </message>
    <message>
        <source>BizPhone's “rate”: 0 (slowest) to 9 (fastest)</source>
        <translation>“rate” của BizPhone: 0 (chậm nhất) đến 9 (nhanh nhất)</translation>
    </message>
    <message>
        <source>BizPhone's “maxRetries”: how often the caller may try again to press a valid key</source>
        <translation>“maxRetries” của BizPhone: số lần người nghe được thử lại để bấm đúng phím</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Lời nhắn:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Ngôn ngữ:</translation>
    </message>
    <message>
        <source>&amp;Voice:</source>
        <translation>&amp;Giọng đọc:</translation>
    </message>
    <message>
        <source>P&amp;itch:</source>
        <translation>Cao &amp;độ:</translation>
    </message>
    <message>
        <source>R&amp;ate:</source>
        <translation>&amp;Tốc độ:</translation>
    </message>
    <message>
        <source>Re&amp;tries:</source>
        <translation>Số lần &amp;thử lại:</translation>
    </message>
    <message>
        <source>BizPhone's “lang”: pick one or type the code BizPhone gave you; only “en” is in its document; “BizPhone's default” sends none</source>
        <translation>“lang” của BizPhone: chọn một mục hoặc gõ mã BizPhone đã cho bạn; tài liệu của họ chỉ có “en”; “Mặc định của BizPhone” thì không gửi mục này</translation>
    </message>
    <message>
        <source>BizPhone's default</source>
        <translation>Mặc định của BizPhone</translation>
    </message>
    <message>
        <source>BizPhone's “gender”: male or female, or BizPhone's default</source>
        <translation>“gender” của BizPhone: nam hoặc nữ, hoặc mặc định của BizPhone</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>Mặc định (%1)</translation>
    </message>
    <message>
        <source>&amp;Destination:</source>
        <translation>&amp;Chuyển tới:</translation>
    </message>
    <message>
        <source>BizPhone's “digit”</source>
        <translation>“digit” của BizPhone</translation>
    </message>
    <message>
        <source>&amp;Also for no or another key</source>
        <translation>&amp;Cả khi không bấm hoặc bấm phím khác</translation>
    </message>
    <message>
        <source>BizPhone's “default”: one branch of a gather step can be the default</source>
        <translation>“default” của BizPhone: một nhánh của bước chờ bấm phím có thể là nhánh mặc định</translation>
    </message>
    <message>
        <source>When the caller &amp;presses:</source>
        <translation>Khi người nghe &amp;bấm:</translation>
    </message>
    <message>
        <source>For any other key:</source>
        <translation>Với mọi phím khác:</translation>
    </message>
    <message>
        <source>Add the steps that follow this key with the + buttons while the branch is selected.</source>
        <translation>Thêm các bước sau phím này bằng các nút + khi đang chọn nhánh.</translation>
    </message>
    <message>
        <source>No key (only “any other key”)</source>
        <translation>Không bấm phím (chỉ “mọi phím khác”)</translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation>Phím %1</translation>
    </message>
    <message>
        <source>BizPhone's document shows only extensions, written Ext:&lt;number&gt;. This account also allows international numbers (+84…).</source>
        <translation>Tài liệu của BizPhone chỉ nêu số máy nhánh, viết là Ext:&lt;số&gt;. Tài khoản này cũng cho phép số quốc tế (+84…).</translation>
    </message>
    <message>
        <source>BizPhone's document shows only extensions, written Ext:&lt;number&gt; (Accounts can also allow phone numbers).</source>
        <translation>Tài liệu của BizPhone chỉ nêu số máy nhánh, viết là Ext:&lt;số&gt; (trong Tài khoản có thể cho phép cả số điện thoại).</translation>
    </message>
    <message>
        <source>Give the flow a name to save it.</source>
        <translation>Hãy đặt tên cho kịch bản để lưu.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Chưa lưu: %1</translation>
    </message>
    <message>
        <source>Saved the flow “%1”.</source>
        <translation>Đã lưu kịch bản “%1”.</translation>
    </message>
    <message>
        <source>Say: %1</source>
        <translation>Nói: %1</translation>
    </message>
    <message>
        <source>Ask for a key: %1</source>
        <translation>Chờ bấm phím: %1</translation>
    </message>
    <message>
        <source>Transfer to %1</source>
        <translation>Chuyển tới %1</translation>
    </message>
    <message>
        <source>No key or another key</source>
        <translation>Không bấm hoặc bấm phím khác</translation>
    </message>
    <message>
        <source>Key %1 — also the default</source>
        <translation>Phím %1 — cũng là mặc định</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(trống)</translation>
    </message>
    <message>
        <source>The flow is valid. “%1” has no default branch and is sent without one: what BizPhone does when the caller presses no or another key is not in its document.</source>
        <translation>Kịch bản hợp lệ. “%1” không có nhánh mặc định và được gửi đi như vậy: tài liệu của BizPhone không nói họ làm gì khi người nghe không bấm hoặc bấm phím khác.</translation>
    </message>
    <message>
        <source>The flow is valid.</source>
        <translation>Kịch bản hợp lệ.</translation>
    </message>
    <message>
        <source>Nothing happens after this choice yet: select it and add a step with the + buttons.</source>
        <translation>Chưa có gì xảy ra sau lựa chọn này: hãy chọn nó và thêm một bước bằng các nút +.</translation>
    </message>
    <message>
        <source>%1 / %2 characters</source>
        <translation>%1 / %2 ký tự</translation>
    </message>
</context>
<context>
    <name>CallTableModel</name>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Câu trả lời</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Thời gian đàm thoại</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Chi phí</translation>
    </message>
    <message>
        <source>Times called</source>
        <translation>Số lần gọi</translation>
    </message>
    <message>
        <source>Latest result</source>
        <translation>Kết quả gần nhất</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Result came by</source>
        <translation>Kết quả nhận qua</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Cập nhật</translation>
    </message>
</context>
<context>
    <name>CallingWindowEditor</name>
    <message>
        <source>&amp;Office hours</source>
        <translation>&amp;Giờ hành chính</translation>
    </message>
    <message>
        <source>08:00–11:30 and 13:30–17:00, Monday to Saturday</source>
        <translation>08:00–11:30 và 13:30–17:00, thứ Hai đến thứ Bảy</translation>
    </message>
    <message>
        <source>All &amp;week, all day</source>
        <translation>Cả &amp;tuần, cả ngày</translation>
    </message>
    <message>
        <source>Every half-hour of every day</source>
        <translation>Mọi nửa giờ của mọi ngày</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Xóa hết</translation>
    </message>
    <message>
        <source>Close every half-hour</source>
        <translation>Đóng mọi nửa giờ</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>&amp;Múi giờ:</translation>
    </message>
    <message>
        <source>NXCLOUD opens the same half-hours on every chosen day: the window is every chosen day × every chosen half-hour. </source>
        <translation>NXCLOUD mở cùng các nửa giờ đó vào mọi ngày đã chọn: khung giờ gọi là mọi ngày đã chọn × mọi nửa giờ đã chọn. </translation>
    </message>
    <message>
        <source>The window never opens: choose at least one half-hour.</source>
        <translation>Khung giờ gọi không bao giờ mở: hãy chọn ít nhất một nửa giờ.</translation>
    </message>
    <message>
        <source>Open now (%1).</source>
        <translation>Đang mở (%1).</translation>
    </message>
    <message>
        <source>Closed now; next opening %1.</source>
        <translation>Đang đóng; lần mở tới %1.</translation>
    </message>
</context>
<context>
    <name>CampaignForm</name>
    <message>
        <source>e.g. Nhắc nợ tháng 6</source>
        <translation>ví dụ Nhắc nợ tháng 6</translation>
    </message>
    <message>
        <source>S&amp;kip numbers an earlier campaign already called</source>
        <translation>&amp;Bỏ qua các số mà chiến dịch trước đã gọi</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Tên:</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>Tài &amp;khoản:</translation>
    </message>
    <message>
        <source>Contact &amp;list:</source>
        <translation>&amp;Danh sách liên hệ:</translation>
    </message>
    <message>
        <source>%1 — %2 to call of %3</source>
        <translation>%1 — gọi %2 trên %3</translation>
    </message>
    <message>
        <source>%1 settings</source>
        <translation>Cài đặt %1</translation>
    </message>
    <message>
        <source>Give the campaign a name.</source>
        <translation>Hãy đặt tên cho chiến dịch.</translation>
    </message>
    <message>
        <source>Add a provider account first (Accounts tab).</source>
        <translation>Hãy thêm tài khoản nhà cung cấp trước (thẻ Tài khoản).</translation>
    </message>
    <message>
        <source>Import and save a contact list first (Contacts tab).</source>
        <translation>Hãy nhập và lưu một danh sách liên hệ trước (thẻ Liên hệ).</translation>
    </message>
</context>
<context>
    <name>CampaignListModel</name>
    <message>
        <source>Campaign</source>
        <extracomment>A stored "dispatching" state with no dispatch running here: the app stopped while sending. Seconds between two fits of the list's columns after rows changed words (a reset or a resize fits at once).</extracomment>
        <translation>Chiến dịch</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Danh sách</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Ngày tạo</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Bản nháp</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Bị gián đoạn</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Calls in progress</source>
        <translation>Đang gọi</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Đã xong</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>(deleted account)</source>
        <translation>(tài khoản đã xóa)</translation>
    </message>
    <message>
        <source>(deleted list)</source>
        <translation>(danh sách đã xóa)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>CampaignsTab</name>
    <message>
        <source>No contact lists yet</source>
        <extracomment>Tables whose changes (by campaign id) alter what the list and the campaign shown say. What the campaigns list shows comes from these alone: another desk's calls and groups of calls leave it as it is.</extracomment>
        <translation>Chưa có danh sách liên hệ</translation>
    </message>
    <message>
        <source>A campaign calls a saved contact list with one of your provider's scripts. Import and save a list in the Contacts tab first; then come back here to set up the campaign and launch it.</source>
        <translation>Một chiến dịch gọi một danh sách liên hệ đã lưu bằng một kịch bản của nhà cung cấp. Trước hết hãy nhập và lưu danh sách ở thẻ Liên hệ; sau đó quay lại đây để thiết lập và khởi chạy chiến dịch.</translation>
    </message>
    <message>
        <source>Import contacts…</source>
        <translation>Nhập liên hệ…</translation>
    </message>
    <message>
        <source>No campaigns yet</source>
        <translation>Chưa có chiến dịch</translation>
    </message>
    <message>
        <source>Choose a contact list and a script; everything is checked and shown to you with the numbers before a single call is made.</source>
        <translation>Chọn một danh sách liên hệ và một kịch bản; mọi thứ được kiểm tra và hiện cho bạn kèm các con số trước khi gọi cuộc đầu tiên.</translation>
    </message>
    <message>
        <source>&amp;New campaign…</source>
        <translation>Chiến dịch &amp;mới…</translation>
    </message>
    <message>
        <source>Field &amp;mapping…</source>
        <translation>&amp;Ghép cột…</translation>
    </message>
    <message>
        <source>&amp;Save draft</source>
        <translation>&amp;Lưu nháp</translation>
    </message>
    <message>
        <source>Check and &amp;launch…</source>
        <translation>Kiểm tra và &amp;khởi chạy…</translation>
    </message>
    <message>
        <source>Call a&amp;gain…</source>
        <translation>&amp;Gọi lại…</translation>
    </message>
    <message>
        <source>Make the next round: call again, from the same list, the people who did not answer</source>
        <translation>Tạo đợt gọi tiếp theo: gọi lại những người chưa nghe máy trong cùng danh sách</translation>
    </message>
    <message>
        <source>Choose a contact list first.</source>
        <translation>Hãy chọn danh sách liên hệ trước.</translation>
    </message>
    <message>
        <source>Choose the column of the campaign's list for each value its script speaks</source>
        <translation>Chọn cột trong danh sách của chiến dịch cho từng thông tin mà kịch bản đọc</translation>
    </message>
    <message>
        <source>Checking the campaign…</source>
        <translation>Đang kiểm tra chiến dịch…</translation>
    </message>
    <message>
        <source>Saved the draft “%1”. Nothing has been sent.</source>
        <translation>Đã lưu bản nháp “%1”. Chưa gửi gì cả.</translation>
    </message>
    <message>
        <source>Checking “%1” with %2…</source>
        <translation>Đang kiểm tra “%1” với %2…</translation>
    </message>
    <message>
        <source>The field mapping is saved.</source>
        <translation>Đã lưu cách ghép cột.</translation>
    </message>
    <message>
        <source>When “%1” finishes, the people to call again are called by themselves (while Autocall Desk is open).</source>
        <translation>Khi “%1” kết thúc, những người cần gọi lại sẽ được tự động gọi (khi Autocall Desk đang mở).</translation>
    </message>
    <message>
        <source>Made “%1”. Checking it before calling…</source>
        <translation>Đã tạo “%1”. Đang kiểm tra trước khi gọi…</translation>
    </message>
    <message>
        <source>Pausing after the group of calls being sent…</source>
        <translation>Sẽ tạm dừng sau nhóm cuộc gọi đang gửi…</translation>
    </message>
    <message>
        <source>Cancel sending?</source>
        <translation>Hủy gửi?</translation>
    </message>
    <message>
        <source>Stop sending “%1”? Contacts not sent yet will not be called and are marked with the reason. Calls already sent cannot be recalled: the provider still places them, and their results still arrive in the Monitor tab.</source>
        <translation>Ngừng gửi “%1”? Các liên hệ chưa gửi sẽ không được gọi và được ghi lý do. Cuộc gọi đã gửi thì không thu hồi được: nhà cung cấp vẫn gọi, và kết quả vẫn về thẻ Theo dõi.</translation>
    </message>
    <message>
        <source>Mark as not sent?</source>
        <translation>Đánh dấu là chưa gửi?</translation>
    </message>
    <message>
        <source>Mark the %1 contact(s) of “%2” that await confirmation as not sent? Do this only if the provider's console shows it never received them: they are sent again when you press Resume, and if the provider did receive them, they will be called twice.</source>
        <translation>Đánh dấu %1 liên hệ của “%2” đang chờ xác nhận là chưa gửi? Chỉ làm vậy nếu trang quản trị của nhà cung cấp cho thấy họ chưa hề nhận được: các liên hệ này sẽ được gửi lại khi bạn bấm Tiếp tục, và nếu nhà cung cấp thật ra đã nhận, họ sẽ bị gọi hai lần.</translation>
    </message>
    <message>
        <source>%1 contact(s) marked as not sent: press Resume to send them.</source>
        <translation>Đã đánh dấu %1 liên hệ là chưa gửi: bấm Tiếp tục để gửi.</translation>
    </message>
    <message>
        <source>Sending paused: %1 Press Resume when the cause is fixed.</source>
        <translation>Đã tạm dừng gửi: %1 Bấm Tiếp tục khi đã khắc phục nguyên nhân.</translation>
    </message>
    <message>
        <source>Checking the unfinished campaign “%1” with the provider…</source>
        <translation>Đang kiểm tra chiến dịch dở dang “%1” với nhà cung cấp…</translation>
    </message>
    <message>
        <source>“%1” could not be checked with the provider: %2. Nothing was sent again; it is checked at the next start or when you press Resume.</source>
        <translation>Không kiểm tra được “%1” với nhà cung cấp: %2. Chưa gửi lại gì; chiến dịch sẽ được kiểm tra ở lần khởi động tới hoặc khi bạn bấm Tiếp tục.</translation>
    </message>
    <message>
        <source>“%1”: %2 contact(s) cannot be confirmed by the provider yet and are not sent again. They are checked again by themselves at %3.</source>
        <translation>“%1”: nhà cung cấp chưa xác nhận được %2 liên hệ nên chưa gửi lại. Chúng sẽ tự được kiểm tra lại lúc %3.</translation>
    </message>
</context>
<context>
    <name>Contacts</name>
    <message>
        <source>Spreadsheets and text files (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv);;All files (*)</source>
        <translation>Bảng tính và tệp văn bản (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv);;Mọi tệp (*)</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <source>No contact lists yet</source>
        <translation>Chưa có danh sách liên hệ</translation>
    </message>
    <message>
        <source>Import the people to call from an Excel or CSV file. Phone numbers are checked and cleaned, duplicates and do-not-call numbers are set aside, and you see a report before anything is saved.</source>
        <translation>Nhập danh sách người cần gọi từ tệp Excel hoặc CSV. Số điện thoại được kiểm tra và làm sạch, số trùng và số trong danh sách không gọi được để riêng, và bạn xem báo cáo trước khi lưu.</translation>
    </message>
    <message>
        <source>&amp;Import file…</source>
        <translation>&amp;Nhập tệp…</translation>
    </message>
    <message>
        <source>Excel (.xlsx, .xls), OpenDocument (.ods) or CSV/TXT; you can also drop a file on this tab</source>
        <translation>Excel (.xlsx, .xls), OpenDocument (.ods) hoặc CSV/TXT; bạn cũng có thể kéo thả tệp vào thẻ này</translation>
    </message>
    <message>
        <source>&amp;Do-not-call list…</source>
        <translation>&amp;Danh sách không gọi…</translation>
    </message>
    <message>
        <source>Also skip numbers called in &amp;earlier campaigns</source>
        <translation>Bỏ qua cả các số đã gọi trong các chiến dịch &amp;trước</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Stop (Esc). Nothing is changed.</source>
        <translation>Dừng (Esc). Không có gì bị thay đổi.</translation>
    </message>
    <message>
        <source>No file open</source>
        <translation>Chưa mở tệp nào</translation>
    </message>
    <message>
        <source>Import an Excel or CSV file, or drop one on this tab, to check its phone numbers before saving it as a contact list.</source>
        <translation>Nhập một tệp Excel hoặc CSV, hoặc kéo thả vào thẻ này, để kiểm tra số điện thoại trước khi lưu thành danh sách liên hệ.</translation>
    </message>
    <message>
        <source>What the script will say, first rows</source>
        <translation>Kịch bản sẽ nói gì, các dòng đầu</translation>
    </message>
    <message>
        <source>Saved contact lists</source>
        <translation>Danh sách liên hệ đã lưu</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Mở</translation>
    </message>
    <message>
        <source>Show the contacts of the selected list (Enter or double-click)</source>
        <translation>Xem các liên hệ của danh sách đã chọn (Enter hoặc nhấp đúp)</translation>
    </message>
    <message>
        <source>New &amp;campaign…</source>
        <translation>&amp;Chiến dịch mới…</translation>
    </message>
    <message>
        <source>Set up a campaign that calls the selected list</source>
        <translation>Tạo chiến dịch gọi danh sách đã chọn</translation>
    </message>
    <message>
        <source>Delete list…</source>
        <translation>Xóa danh sách…</translation>
    </message>
    <message>
        <source>Delete the selected list from Autocall Desk (Delete key)</source>
        <translation>Xóa danh sách đang chọn khỏi Autocall Desk (phím Delete)</translation>
    </message>
    <message>
        <source>Template fields</source>
        <translation>Trường của mẫu</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Saved lists</source>
        <translation>Danh sách đã lưu</translation>
    </message>
    <message>
        <source>&amp;Worksheet:</source>
        <translation>&amp;Trang tính:</translation>
    </message>
    <message>
        <source>&amp;Phone column:</source>
        <translation>Cột &amp;điện thoại:</translation>
    </message>
    <message>
        <source>&amp;Name column:</source>
        <translation>Cột &amp;tên:</translation>
    </message>
    <message>
        <source>Show only these rows</source>
        <translation>Chỉ hiện các dòng này</translation>
    </message>
    <message>
        <source>Show every row</source>
        <translation>Hiện mọi dòng</translation>
    </message>
    <message>
        <source>phone or name</source>
        <translation>SĐT hoặc tên</translation>
    </message>
    <message>
        <source>&amp;Quick find:</source>
        <translation>Tìm &amp;nhanh:</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>Báo cáo nhập</translation>
    </message>
    <message>
        <source>&amp;List name:</source>
        <translation>Tên &amp;danh sách:</translation>
    </message>
    <message>
        <source>&amp;Save list</source>
        <translation>&amp;Lưu danh sách</translation>
    </message>
    <message>
        <source>Store every row with its status; campaigns call the valid ones</source>
        <translation>Lưu mọi dòng kèm trạng thái; chiến dịch chỉ gọi các dòng hợp lệ</translation>
    </message>
    <message>
        <source>Save re&amp;jects…</source>
        <translation>Lưu dòng &amp;bị loại…</translation>
    </message>
    <message>
        <source>An Excel file of the rows that will not be called, with the file's own columns and the reason, to fix and import again</source>
        <translation>Tệp Excel gồm các dòng sẽ không được gọi, với các cột gốc của tệp và lý do, để sửa rồi nhập lại</translation>
    </message>
    <message>
        <source>Create a &amp;campaign…</source>
        <translation>Tạo &amp;chiến dịch…</translation>
    </message>
    <message>
        <source>The next step: create a campaign from this list (the Campaigns tab opens with it chosen)</source>
        <translation>Bước tiếp theo: tạo chiến dịch từ danh sách này (thẻ Chiến dịch sẽ mở với danh sách đã được chọn)</translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation>Nhập liên hệ</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Đang đọc %1…</translation>
    </message>
    <message>
        <source>%1 (hidden)</source>
        <translation>%1 (ẩn)</translation>
    </message>
    <message>
        <source>sheet “%1”, </source>
        <translation>trang “%1”, </translation>
    </message>
    <message>
        <source>header on row %1</source>
        <translation>tiêu đề ở dòng %1</translation>
    </message>
    <message>
        <source>no header row</source>
        <translation>không có dòng tiêu đề</translation>
    </message>
    <message>
        <source>The sheet “%1” has no phone number column; the sheet “%2” has one: choose it under “Worksheet”.</source>
        <translation>Trang “%1” không có cột số điện thoại; trang “%2” thì có: hãy chọn nó ở mục “Trang tính”.</translation>
    </message>
    <message>
        <source>No phone number column was found. Choose it under “Phone column”.</source>
        <translation>Không tìm thấy cột số điện thoại. Hãy chọn ở mục “Cột điện thoại”.</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— chọn —</translation>
    </message>
    <message>
        <source>— none —</source>
        <translation>— không có —</translation>
    </message>
    <message>
        <source>Checking phone numbers…</source>
        <translation>Đang kiểm tra số điện thoại…</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>Mọi dòng</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Hợp lệ</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Trùng</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Không hợp lệ</translation>
    </message>
    <message>
        <source>%1 rows read: %2 will be called, %3 duplicates, %4 invalid, %5 on the do-not-call list.</source>
        <translation>Đã đọc %1 dòng: %2 sẽ được gọi, %3 trùng, %4 không hợp lệ, %5 trong danh sách không gọi.</translation>
    </message>
    <message>
        <source>Import a file to see what the script will say to each person.</source>
        <translation>Nhập một tệp để xem kịch bản sẽ nói gì với từng người.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>Number to dial</source>
        <translation>Số sẽ gọi</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>The first %1 numbers that will be called, with the values the script will speak.</source>
        <translation>%1 số đầu tiên sẽ được gọi, kèm các giá trị kịch bản sẽ đọc.</translation>
    </message>
    <message>
        <source>The first %1 numbers that will be called. Choose a template to see the values its script will speak.</source>
        <translation>%1 số đầu tiên sẽ được gọi. Hãy chọn một mẫu để xem các giá trị kịch bản của nó sẽ đọc.</translation>
    </message>
    <message>
        <source>Save rejected rows</source>
        <translation>Lưu các dòng bị loại</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Sổ làm việc Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Đang ghi %1…</translation>
    </message>
    <message>
        <source>%1 rejected row(s) saved to %2.</source>
        <translation>Đã lưu %1 dòng bị loại vào %2.</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Liên hệ</translation>
    </message>
    <message>
        <source>Saving “%1”…</source>
        <translation>Đang lưu “%1”…</translation>
    </message>
    <message>
        <source>Saved the list “%1”: %2 numbers to call out of %3 rows.</source>
        <translation>Đã lưu danh sách “%1”: %2 số sẽ gọi trên %3 dòng.</translation>
    </message>
    <message>
        <source>Create a campaign from this list</source>
        <translation>Tạo chiến dịch từ danh sách này</translation>
    </message>
    <message>
        <source>Opening “%1”…</source>
        <translation>Đang mở “%1”…</translation>
    </message>
    <message>
        <source>Saved list “%1”</source>
        <translation>Danh sách đã lưu “%1”</translation>
    </message>
    <message>
        <source>Opened the saved list “%1”: %2 numbers to call out of %3 rows.</source>
        <translation>Đã mở danh sách đã lưu “%1”: %2 số cần gọi trong %3 dòng.</translation>
    </message>
    <message>
        <source>%1
%2 rows · %3 to call · %4</source>
        <translation>%1
%2 dòng · %3 số sẽ gọi · %4</translation>
    </message>
    <message>
        <source>“%1” cannot be deleted: the campaign(s) %2 were made from it, and their results and exports read its contacts.</source>
        <translation>Không thể xóa “%1”: các chiến dịch %2 được tạo từ danh sách này, và kết quả cũng như tệp xuất của chúng cần đọc các liên hệ của nó.</translation>
    </message>
    <message>
        <source>Delete list</source>
        <translation>Xóa danh sách</translation>
    </message>
    <message>
        <source>Delete the list “%1” and its %2 rows? The file it was imported from is not touched. This cannot be undone.</source>
        <translation>Xóa danh sách “%1” và %2 dòng của nó? Tệp gốc đã nhập không bị động tới. Không thể hoàn tác.</translation>
    </message>
    <message>
        <source>Deleting “%1”…</source>
        <translation>Đang xóa “%1”…</translation>
    </message>
    <message>
        <source>Deleted the list “%1”.</source>
        <translation>Đã xóa danh sách “%1”.</translation>
    </message>
    <message>
        <source>Open Preferences…</source>
        <translation>Mở Tùy chọn…</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Đang đọc tệp…</translation>
    </message>
    <message>
        <source>Saving the list…</source>
        <translation>Đang lưu danh sách…</translation>
    </message>
    <message>
        <source>Writing the rejects file…</source>
        <translation>Đang ghi tệp các dòng bị loại…</translation>
    </message>
    <message>
        <source>%1 %2 of %3 rows</source>
        <translation>%1 %2 trên %3 dòng</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>Đã xảy ra sự cố</translation>
    </message>
    <message>
        <source>Autocall Desk hit an unexpected problem. Your data is saved and you can keep working. If it happens again, copy the report below and send it to support.</source>
        <translation>Autocall Desk gặp một sự cố ngoài dự kiến. Dữ liệu của bạn đã được lưu và bạn có thể tiếp tục làm việc. Nếu sự cố lặp lại, hãy sao chép báo cáo bên dưới và gửi cho bộ phận hỗ trợ.</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Sao chép báo cáo</translation>
    </message>
</context>
<context>
    <name>DamagedStoreDialog</name>
    <message>
        <source>Autocall Desk cannot open its data</source>
        <translation>Autocall Desk không mở được dữ liệu</translation>
    </message>
    <message>
        <source>The database file is empty</source>
        <translation>Tệp cơ sở dữ liệu trống</translation>
    </message>
    <message>
        <source>The database file exists but is empty (0 bytes). Autocall Desk did not replace it with an empty database, so nothing more is lost.</source>
        <translation>Tệp cơ sở dữ liệu có tồn tại nhưng trống (0 byte). Autocall Desk không thay nó bằng một cơ sở dữ liệu trống, nên không mất thêm gì.</translation>
    </message>
    <message>
        <source>The database file is missing</source>
        <translation>Không thấy tệp cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>The database file is gone, but its automatic backups are still there. Autocall Desk did not start with no data. To start with no data anyway, quit and move the folder %1 away.</source>
        <translation>Tệp cơ sở dữ liệu đã mất, nhưng các bản sao lưu tự động vẫn còn. Autocall Desk không khởi động với dữ liệu trống. Nếu vẫn muốn bắt đầu với dữ liệu trống, hãy thoát rồi chuyển thư mục %1 đi chỗ khác.</translation>
    </message>
    <message>
        <source>The database file is damaged</source>
        <translation>Tệp cơ sở dữ liệu bị hỏng</translation>
    </message>
    <message>
        <source>Autocall Desk found damage in its database and did not change anything in it.</source>
        <translation>Autocall Desk phát hiện cơ sở dữ liệu bị hỏng và không thay đổi gì trong đó.</translation>
    </message>
    <message>
        <source>No automatic backup was found in %1. Quit, then put a copy of the database in its place, or ask your technical contact for help.</source>
        <translation>Không tìm thấy bản sao lưu tự động nào trong %1. Hãy thoát, rồi đặt một bản sao của cơ sở dữ liệu vào chỗ của nó, hoặc nhờ người phụ trách kỹ thuật giúp.</translation>
    </message>
    <message>
        <source>The last automatic backup was taken on %1. Opening it puts it back in place. Changes made after %1 are not in the backup.</source>
        <translation>Bản sao lưu tự động gần nhất được tạo lúc %1. Mở bản này sẽ đặt nó trở lại chỗ cũ. Các thay đổi sau %1 không có trong bản sao lưu.</translation>
    </message>
    <message>
        <source>The last automatic backup was taken on %1. Opening it puts it in place of the damaged file, which is kept beside it under a new name, never deleted. Changes made after %1 are not in the backup.</source>
        <translation>Bản sao lưu tự động gần nhất được tạo lúc %1. Mở bản này sẽ đặt nó vào chỗ của tệp bị hỏng; tệp hỏng được giữ lại bên cạnh dưới tên mới, không bao giờ bị xóa. Các thay đổi sau %1 không có trong bản sao lưu.</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Tệp: %1</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Chi tiết: %1</translation>
    </message>
    <message>
        <source>Open the last backup</source>
        <translation>Mở bản sao lưu gần nhất</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
</context>
<context>
    <name>DatabasePanel</name>
    <message>
        <source>Where this desk keeps its accounts, lists and campaigns. A team database lets several desks and the server share the same campaigns.</source>
        <extracomment>PostgreSQL's own port. The team database last found empty by "Use this database": what "Copy" fills.</extracomment>
        <translation>Nơi máy này lưu tài khoản, danh sách và chiến dịch. Cơ sở dữ liệu chung cho phép nhiều máy và máy chủ cùng làm việc trên những chiến dịch như nhau.</translation>
    </message>
    <message>
        <source>This computer only (nothing to install)</source>
        <translation>Chỉ máy tính này (không cần cài thêm gì)</translation>
    </message>
    <message>
        <source>A team database (PostgreSQL) shared with other desks</source>
        <translation>Cơ sở dữ liệu chung (PostgreSQL) với các máy khác</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.20 or db.congty.vn</source>
        <translation>ví dụ 192.168.1.20 hoặc db.congty.vn</translation>
    </message>
    <message>
        <source>kept in the system keyring</source>
        <translation>lưu trong kho mật khẩu của hệ thống</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Máy chủ:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Cổng:</translation>
    </message>
    <message>
        <source>Database name:</source>
        <translation>Tên cơ sở dữ liệu:</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Tên người dùng:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Thử kết nối</translation>
    </message>
    <message>
        <source>Connects to the team database and says what it found; nothing is changed on this desk</source>
        <translation>Kết nối tới cơ sở dữ liệu chung và cho biết kết quả; không thay đổi gì trên máy này</translation>
    </message>
    <message>
        <source>Use this database</source>
        <translation>Dùng cơ sở dữ liệu này</translation>
    </message>
    <message>
        <source>Remembers the choice; the desk switches at its next start</source>
        <translation>Ghi nhớ lựa chọn; máy chuyển sang khi mở lại lần sau</translation>
    </message>
    <message>
        <source>Copy this desk's data into it</source>
        <translation>Chép dữ liệu của máy này vào đó</translation>
    </message>
    <message>
        <source>Copies every account, list, campaign and call of this desk into the empty team database and checks the counts</source>
        <translation>Chép mọi tài khoản, danh sách, chiến dịch và cuộc gọi của máy này vào cơ sở dữ liệu chung còn trống, rồi kiểm tra số lượng</translation>
    </message>
    <message>
        <source>Now: this computer only (%1).</source>
        <translation>Hiện tại: chỉ máy tính này (%1).</translation>
    </message>
    <message>
        <source>Now: the team database %1.</source>
        <translation>Hiện tại: cơ sở dữ liệu chung %1.</translation>
    </message>
    <message>
        <source>The variable %1 chose it for this start; the choice below applies when it is not set.</source>
        <translation>Biến môi trường %1 đã chọn cho lần mở này; lựa chọn bên dưới áp dụng khi biến đó không được đặt.</translation>
    </message>
    <message>
        <source>Enter the server's address first.</source>
        <translation>Hãy nhập địa chỉ máy chủ trước.</translation>
    </message>
    <message>
        <source>Saved: from the next start this desk keeps its data on this computer only. Restart Autocall Desk to switch.</source>
        <translation>Đã lưu: từ lần mở sau, máy này chỉ lưu dữ liệu trên máy tính này. Hãy mở lại Autocall Desk để chuyển.</translation>
    </message>
    <message>
        <source>Saved: this desk uses the team database from its next start. Restart Autocall Desk to switch.</source>
        <translation>Đã lưu: từ lần mở sau, máy này dùng cơ sở dữ liệu chung. Hãy mở lại Autocall Desk để chuyển.</translation>
    </message>
    <message>
        <source>The team database is empty: you can copy this desk's data into it now.</source>
        <translation>Cơ sở dữ liệu chung đang trống: bạn có thể chép dữ liệu của máy này vào ngay bây giờ.</translation>
    </message>
    <message>
        <source>It already holds the team's data; this desk's own data stays in its file on this computer.</source>
        <translation>Cơ sở dữ liệu này đã có dữ liệu của nhóm; dữ liệu riêng của máy này vẫn nằm trong tệp trên máy tính này.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Đang kết nối tới %1…</translation>
    </message>
    <message>
        <source>Connected to %1. It holds no data yet (schema version %2).</source>
        <translation>Đã kết nối tới %1. Chưa có dữ liệu (phiên bản cấu trúc %2).</translation>
    </message>
    <message>
        <source>Connected to %1 (schema version %2). It already holds data: %3.</source>
        <translation>Đã kết nối tới %1 (phiên bản cấu trúc %2). Đã có dữ liệu: %3.</translation>
    </message>
    <message>
        <source>A campaign is being sent from this desk: pause it or let it finish, then copy, so it is not sent from here and from the team database at once.</source>
        <translation>Máy này đang gửi một chiến dịch: hãy tạm dừng hoặc chờ gửi xong rồi mới chép, để chiến dịch không bị gửi cùng lúc từ máy này và từ cơ sở dữ liệu chung.</translation>
    </message>
    <message>
        <source>Copying this desk's data…</source>
        <translation>Đang chép dữ liệu của máy này…</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 / %3</translation>
    </message>
    <message>
        <source>Copied %1 rows; every table's count matches. Restart Autocall Desk now to work in the team database; until then, launch or resume nothing here (what changes here stays on this computer only).</source>
        <translation>Đã chép %1 dòng; số lượng của mọi bảng đều khớp. Hãy mở lại Autocall Desk ngay để làm việc trên cơ sở dữ liệu chung; trước đó, đừng chạy hay tiếp tục chiến dịch nào ở đây (mọi thay đổi ở đây chỉ nằm trên máy tính này).</translation>
    </message>
</context>
<context>
    <name>DatabaseUnavailableDialog</name>
    <message>
        <source>Autocall Desk cannot open the team database</source>
        <translation>Autocall Desk không mở được cơ sở dữ liệu chung</translation>
    </message>
    <message>
        <source>The team database cannot be opened</source>
        <translation>Không mở được cơ sở dữ liệu chung</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <source>Password (kept in the system keyring)</source>
        <translation>Mật khẩu (lưu trong kho mật khẩu của hệ thống)</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Use this computer's own data</source>
        <translation>Dùng dữ liệu riêng của máy tính này</translation>
    </message>
    <message>
        <source>Work on the data kept on this computer until the team database is back; choose it again in Preferences.</source>
        <translation>Làm việc trên dữ liệu lưu ở máy tính này cho đến khi cơ sở dữ liệu chung hoạt động lại; sau đó chọn lại trong Tùy chọn.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
</context>
<context>
    <name>DispatchPanel</name>
    <message>
        <source>Mark as &amp;not sent…</source>
        <translation>Đánh dấu là &amp;chưa gửi…</translation>
    </message>
    <message>
        <source>Only if the provider's console shows it never received them: send them again when you press Resume</source>
        <translation>Chỉ khi trang quản trị của nhà cung cấp cho thấy họ chưa hề nhận được: gửi lại khi bạn bấm Tiếp tục</translation>
    </message>
    <message>
        <source>L&amp;eave</source>
        <translation>Để &amp;đó</translation>
    </message>
    <message>
        <source>Keep waiting: they are checked with the provider again by themselves</source>
        <translation>Tiếp tục chờ: chúng sẽ tự được kiểm tra lại với nhà cung cấp</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Tạm dừng</translation>
    </message>
    <message>
        <source>Stop after the group of calls being sent; the provider keeps dialling what it already has</source>
        <translation>Dừng sau nhóm cuộc gọi đang gửi; nhà cung cấp vẫn gọi những số đã nhận</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>Tiếp tụ&amp;c</translation>
    </message>
    <message>
        <source>Ask the provider what it already received, then send the rest</source>
        <translation>Hỏi nhà cung cấp xem đã nhận được những gì, rồi gửi phần còn lại</translation>
    </message>
    <message>
        <source>Ca&amp;ncel sending…</source>
        <translation>&amp;Hủy gửi…</translation>
    </message>
    <message>
        <source>Open in &amp;Monitor</source>
        <translation>Mở trong thẻ &amp;Theo dõi</translation>
    </message>
    <message>
        <source>%1 of %2 contacts</source>
        <translation>%1 trên %2 liên hệ</translation>
    </message>
    <message>
        <source>Getting ready: listing the contacts to call (%2 so far); sending starts once all are listed.</source>
        <translation>Đang chuẩn bị: đang lập danh sách liên hệ cần gọi (đã có %2); việc gửi bắt đầu khi lập xong.</translation>
    </message>
    <message>
        <source>Waiting: %2 to call from %4; nothing is sent before then.</source>
        <translation>Đang chờ: %2 liên hệ sẽ được gọi từ %4; trước lúc đó chưa gửi gì.</translation>
    </message>
    <message>
        <source>Sending: %1 sent, %2 to go, group %3.</source>
        <translation>Đang gửi: đã gửi %1, còn %2, nhóm %3.</translation>
    </message>
    <message>
        <source>Paused: %1 sent, %2 not sent yet.</source>
        <translation>Tạm dừng: đã gửi %1, còn %2 chưa gửi.</translation>
    </message>
    <message>
        <source>Interrupted: %1 sent, %2 not sent yet. Resume checks with the provider first.</source>
        <translation>Bị gián đoạn: đã gửi %1, còn %2 chưa gửi. Khi tiếp tục, ứng dụng kiểm tra với nhà cung cấp trước.</translation>
    </message>
    <message>
        <source>Cancelled: %1 sent; the rest will not be called.</source>
        <translation>Đã hủy: đã gửi %1; phần còn lại sẽ không được gọi.</translation>
    </message>
    <message>
        <source>Sent: %1 contacts; %2 await confirmation (below).</source>
        <translation>Đã gửi: %1 liên hệ; %2 đang chờ xác nhận (bên dưới).</translation>
    </message>
    <message>
        <source>All sent: %1 contacts in %3 group(s) this run; calls are followed in the Monitor tab.</source>
        <translation>Đã gửi hết: %1 liên hệ trong %3 nhóm lần này; theo dõi cuộc gọi ở thẻ Theo dõi.</translation>
    </message>
    <message>
        <source>%1 refused by the provider, %2 not sent (%3 on the do-not-call list) — each contact's reason is in the Monitor tab.</source>
        <translation>%1 bị nhà cung cấp từ chối, %2 chưa gửi (%3 trong danh sách không gọi) — lý do của từng liên hệ có ở thẻ Theo dõi.</translation>
    </message>
    <message>
        <source>%1 refused by the provider, %2 not sent — each contact's reason is in the Monitor tab.</source>
        <translation>%1 bị nhà cung cấp từ chối, %2 chưa gửi — lý do của từng liên hệ có ở thẻ Theo dõi.</translation>
    </message>
    <message>
        <source>%1 contact(s) await confirmation: the provider may have received them, and its records do not show them yet (VBot lists a call only once it has ended). They are not sent again by themselves and are checked again later. If the provider's console shows it never received them, mark them as not sent.</source>
        <translation>%1 liên hệ đang chờ xác nhận: nhà cung cấp có thể đã nhận, nhưng hồ sơ của họ chưa ghi nhận (VBot chỉ liệt kê cuộc gọi khi đã kết thúc). Chúng không tự được gửi lại và sẽ được kiểm tra lại sau. Nếu trang quản trị của nhà cung cấp cho thấy họ chưa hề nhận được, hãy đánh dấu là chưa gửi.</translation>
    </message>
</context>
<context>
    <name>DoNotCallDialog</name>
    <message>
        <source>Do-not-call list</source>
        <translation>Danh sách không gọi</translation>
    </message>
    <message>
        <source>Numbers on this list are never called: matching rows of an import are set aside as “Do not call”.</source>
        <translation>Các số trong danh sách này không bao giờ được gọi: những dòng trùng khớp khi nhập được để riêng với trạng thái “Không gọi”.</translation>
    </message>
    <message>
        <source>e.g. 0977 000 111</source>
        <translation>ví dụ 0977 000 111</translation>
    </message>
    <message>
        <source>&amp;Number:</source>
        <translation>&amp;Số:</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Thêm</translation>
    </message>
    <message>
        <source>Numbers not to call</source>
        <translation>Các số không gọi</translation>
    </message>
    <message>
        <source>&amp;Import from file…</source>
        <translation>&amp;Nhập từ tệp…</translation>
    </message>
    <message>
        <source>&amp;Remove selected</source>
        <translation>&amp;Xóa mục đã chọn</translation>
    </message>
    <message>
        <source>%1 number(s) on the list</source>
        <translation>%1 số trong danh sách</translation>
    </message>
    <message>
        <source>“%1” was not added: %2</source>
        <translation>Chưa thêm “%1”: %2</translation>
    </message>
    <message>
        <source>%1 is on the do-not-call list.</source>
        <translation>%1 có trong danh sách không gọi.</translation>
    </message>
    <message>
        <source>%1 number(s) removed.</source>
        <translation>Đã xóa %1 số.</translation>
    </message>
    <message>
        <source>Import do-not-call numbers</source>
        <translation>Nhập các số không gọi</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Đang đọc %1…</translation>
    </message>
    <message>
        <source>%1 number(s) added from %2; %3 were already on the list.</source>
        <translation>Đã thêm %1 số từ %2; %3 số đã có sẵn trong danh sách.</translation>
    </message>
    <message>
        <source>%1 row(s) had no usable number.</source>
        <translation>%1 dòng không có số dùng được.</translation>
    </message>
</context>
<context>
    <name>EmbeddedReceiver</name>
    <message>
        <source>Cannot listen on %1 port %2 (%3): choose another address or port in Preferences, or stop what uses it.</source>
        <extracomment>An authentic, new notification was stored (its account id); emitted on the receiver's worker thread, so a connected slot runs on the GUI thread. The receiver started, stopped or failed to start: its state in words.</extracomment>
        <translation>Không thể nhận trên %1 cổng %2 (%3): hãy chọn địa chỉ hoặc cổng khác trong Tùy chọn, hoặc tắt chương trình đang dùng nó.</translation>
    </message>
    <message>
        <source>The notification receiver did not start: %1</source>
        <translation>Bộ nhận thông báo chưa khởi động: %1</translation>
    </message>
    <message>
        <source>Receiving notifications on %1.</source>
        <translation>Đang nhận thông báo tại %1.</translation>
    </message>
    <message>
        <source>Notifications are off: the app asks the provider for results at regular intervals.</source>
        <translation>Thông báo đang tắt: ứng dụng hỏi nhà cung cấp kết quả theo định kỳ.</translation>
    </message>
</context>
<context>
    <name>FieldColumnsGrid</name>
    <message>
        <source>Field</source>
        <extracomment>Each field's column combo, by field key.</extracomment>
        <translation>Thông tin</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Bắt buộc</translation>
    </message>
    <message>
        <source>Column in your file</source>
        <translation>Cột trong tệp của bạn</translation>
    </message>
    <message>
        <source>%1
In the provider's console: %2</source>
        <translation>%1
Trong trang quản trị của nhà cung cấp: %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <source>Column for %1</source>
        <translation>Cột cho %1</translation>
    </message>
    <message>
        <source>— not mapped —</source>
        <translation>— chưa ghép cột —</translation>
    </message>
    <message>
        <source>text</source>
        <translation>chữ</translation>
    </message>
    <message>
        <source>number</source>
        <translation>số</translation>
    </message>
    <message>
        <source>date</source>
        <translation>ngày</translation>
    </message>
</context>
<context>
    <name>FieldMappingDialog</name>
    <message>
        <source>Field mapping</source>
        <translation>Ghép cột</translation>
    </message>
    <message>
        <source>Choose the column of the list “%1” that gives each value the script of the account “%2” speaks. The choice is kept for every campaign with this script.</source>
        <translation>Chọn cột của danh sách “%1” cho từng thông tin mà kịch bản của tài khoản “%2” đọc. Lựa chọn được giữ cho mọi chiến dịch dùng kịch bản này.</translation>
    </message>
    <message>
        <source>Reading the script's fields…</source>
        <translation>Đang đọc các thông tin của kịch bản…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <source>This script speaks no value from the list: nothing needs a column.</source>
        <translation>Kịch bản này không đọc thông tin nào từ danh sách: không cần ghép cột.</translation>
    </message>
    <message>
        <source>Checking the rows of the list…</source>
        <translation>Đang kiểm tra các dòng của danh sách…</translation>
    </message>
    <message>
        <source>✓ Every value the script needs has a column.</source>
        <translation>✓ Mọi thông tin kịch bản cần đều đã có cột.</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Click, or press Enter, to play this call</source>
        <translation>Bấm, hoặc nhấn Enter, để nghe cuộc gọi này</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <source>Outgoing</source>
        <translation>Gọi đi</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Gọi đến</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Gọi nhỡ</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Chiều gọi</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Số gọi</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Số nhận</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Thời gian đàm thoại</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Chi phí</translation>
    </message>
    <message>
        <source>Hotline</source>
        <translation>Số hotline</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Ghi âm</translation>
    </message>
    <message>
        <source>Outcome (VBot)</source>
        <translation>Kết quả (VBot)</translation>
    </message>
    <message>
        <source>Talk time (seconds)</source>
        <translation>Thời gian đàm thoại (giây)</translation>
    </message>
    <message>
        <source>Cost (₫)</source>
        <translation>Chi phí (₫)</translation>
    </message>
    <message>
        <source>Provider's call reference</source>
        <translation>Mã cuộc gọi của nhà cung cấp</translation>
    </message>
    <message>
        <source>Recording file (as Download recordings saves it)</source>
        <translation>Tệp ghi âm (như khi Tải bản ghi âm lưu)</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 cuộc gọi</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>%1 cuộc gọi</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ Nghe</translation>
    </message>
    <message>
        <source>No recording</source>
        <translation>Không có ghi âm</translation>
    </message>
    <message>
        <source>No call history to show</source>
        <extracomment>The providers whose accounts have a call history, as messages name them ("VBot").</extracomment>
        <translation>Chưa có lịch sử cuộc gọi</translation>
    </message>
    <message>
        <source>Call history is read from a %1 account. Choose a %1 account in the status bar's account list (the demo %1 account works too) to browse calls and play recordings.</source>
        <translation>Lịch sử cuộc gọi được đọc từ một tài khoản %1. Hãy chọn một tài khoản %1 trong danh sách tài khoản ở thanh trạng thái (tài khoản %1 dùng thử cũng được) để xem cuộc gọi và nghe ghi âm.</translation>
    </message>
    <message>
        <source>Choose a %1 account</source>
        <translation>Chọn một tài khoản %1</translation>
    </message>
    <message>
        <source>Any number</source>
        <translation>Mọi số</translation>
    </message>
    <message>
        <source>One customer's number, in any form: 0912 345 678, +84 912 345 678 or 84912345678</source>
        <translation>Số của một khách hàng, viết kiểu nào cũng được: 0912 345 678, +84 912 345 678 hoặc 84912345678</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Tìm</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Điện thoại:</translation>
    </message>
    <message>
        <source>F&amp;rom:</source>
        <translation>Từ &amp;ngày:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>Đế&amp;n ngày:</translation>
    </message>
    <message>
        <source>O&amp;utcome:</source>
        <translation>&amp;Kết quả:</translation>
    </message>
    <message>
        <source>&amp;Export to Excel…</source>
        <translation>&amp;Xuất ra Excel…</translation>
    </message>
    <message>
        <source>Save every call matching the filters (all pages) as an .xlsx file</source>
        <translation>Lưu mọi cuộc gọi khớp bộ lọc (mọi trang) thành tệp .xlsx</translation>
    </message>
    <message>
        <source>&amp;Download recordings…</source>
        <translation>Tải &amp;bản ghi âm…</translation>
    </message>
    <message>
        <source>Save the recordings of the calls on this page into a folder</source>
        <translation>Lưu bản ghi âm của các cuộc gọi trên trang này vào một thư mục</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>Hủy xuất</translation>
    </message>
    <message>
        <source>Deta&amp;ils…</source>
        <translation>Chi t&amp;iết…</translation>
    </message>
    <message>
        <source>The chosen call as the provider recorded it, with its own words</source>
        <translation>Cuộc gọi đang chọn theo ghi nhận của nhà cung cấp, bằng chính từ ngữ của họ</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Cuộc gọi</translation>
    </message>
    <message>
        <source>No calls match these filters</source>
        <translation>Không có cuộc gọi nào khớp bộ lọc</translation>
    </message>
    <message>
        <source>Widen the date range, clear the phone number or choose “Any outcome”.</source>
        <translation>Hãy mở rộng khoảng ngày, xóa số điện thoại hoặc chọn “Mọi kết quả”.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>« First</source>
        <translation>« Đầu</translation>
    </message>
    <message>
        <source>‹ Previous</source>
        <translation>‹ Trước</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>Sau ›</translation>
    </message>
    <message>
        <source>Last »</source>
        <translation>Cuối »</translation>
    </message>
    <message>
        <source>Calls per page</source>
        <translation>Số cuộc gọi mỗi trang</translation>
    </message>
    <message>
        <source>%1 per page</source>
        <translation>%1 mỗi trang</translation>
    </message>
    <message>
        <source>Click ▶ Play on a call (or select it and press Enter) to hear it here.</source>
        <translation>Bấm ▶ Nghe ở một cuộc gọi (hoặc chọn rồi nhấn Enter) để nghe tại đây.</translation>
    </message>
    <message>
        <source>Downloading the recording…</source>
        <translation>Đang tải bản ghi âm…</translation>
    </message>
    <message>
        <source>Any outcome</source>
        <translation>Mọi kết quả</translation>
    </message>
    <message>
        <source>Use “%1”</source>
        <translation>Dùng “%1”</translation>
    </message>
    <message>
        <source>Add a %1 account</source>
        <translation>Thêm tài khoản %1</translation>
    </message>
    <message>
        <source>%1 cannot filter calls by outcome, so they are picked out on this computer.</source>
        <translation>%1 không lọc được cuộc gọi theo kết quả, nên việc lọc được làm trên máy tính này.</translation>
    </message>
    <message>
        <source>The call history could not be read</source>
        <translation>Không đọc được lịch sử cuộc gọi</translation>
    </message>
    <message>
        <source>Loading calls…</source>
        <translation>Đang tải cuộc gọi…</translation>
    </message>
    <message>
        <source>Page %1 of %2 (%3)</source>
        <translation>Trang %1 / %2 (%3)</translation>
    </message>
    <message>
        <source>Call details</source>
        <translation>Chi tiết cuộc gọi</translation>
    </message>
    <message>
        <source>%1's own word for this outcome: “%2”.</source>
        <translation>Từ của %1 cho kết quả này: “%2”.</translation>
    </message>
    <message>
        <source>Export call history</source>
        <translation>Xuất lịch sử cuộc gọi</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Sổ làm việc Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Reading calls from %1…</source>
        <translation>Đang đọc cuộc gọi từ %1…</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Đã hủy xuất; không có tệp nào được ghi.</translation>
    </message>
    <message>
        <source>Cancelling the export…</source>
        <translation>Đang hủy xuất…</translation>
    </message>
    <message>
        <source>The file could not be saved (%1). Choose another folder.</source>
        <translation>Không lưu được tệp (%1). Hãy chọn thư mục khác.</translation>
    </message>
    <message>
        <source>The export stopped: %1</source>
        <translation>Việc xuất bị dừng: %1</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Đang ghi %1…</translation>
    </message>
    <message>
        <source>Saved %1 to %2.</source>
        <translation>Đã lưu %1 vào %2.</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <source>Valid</source>
        <extracomment>The store's sort (desktop.contacts.repository.SORTS) of each fixed column. What a cell of a row not read yet shows.</extracomment>
        <translation>Hợp lệ</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Trùng</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Không hợp lệ</translation>
    </message>
    <message>
        <source>Do not call</source>
        <translation>Không gọi</translation>
    </message>
</context>
<context>
    <name>ImportReportModel</name>
    <message>
        <source>The file's own columns cannot be sorted; sort by row, phone, number, status, reason or name.</source>
        <extracomment>A store read failed, in the operator's words.</extracomment>
        <translation>Không sắp xếp được theo các cột của tệp; hãy sắp xếp theo dòng, số điện thoại, số sẽ gọi, trạng thái, lý do hoặc tên.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>Phone as written</source>
        <translation>Số như trong tệp</translation>
    </message>
    <message>
        <source>Number to dial</source>
        <translation>Số sẽ gọi</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Something went wrong and this step was not finished. The details are in the log (View › Log).</source>
        <extracomment>What the runner reports in words: every core error, and a file the operator chose that could not be read or written (the core passes OSError through as it is).</extracomment>
        <translation>Đã xảy ra sự cố và bước này chưa hoàn tất. Chi tiết có trong nhật ký (Xem › Nhật ký).</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>The window will be in %1 the next time Autocall Desk starts.</source>
        <extracomment>Set to 1 to stretch every translated string by about 40 % and bracket it "[!!! … !!!]" (layout tests). The languages offered, each named in itself. Said in the language just chosen (looked up in that language's own catalogue, not the running one).</extracomment>
        <translation>Cửa sổ sẽ hiển thị bằng %1 từ lần khởi động Autocall Desk tới.</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Log</source>
        <translation>Nhật ký</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Accounts</source>
        <translation>&amp;Tài khoản</translation>
    </message>
    <message>
        <source>C&amp;ontacts</source>
        <translation>&amp;Liên hệ</translation>
    </message>
    <message>
        <source>&amp;Campaigns</source>
        <translation>&amp;Chiến dịch</translation>
    </message>
    <message>
        <source>&amp;Monitor</source>
        <translation>Th&amp;eo dõi</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>Lịch &amp;sử</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>Tài khoản:</translation>
    </message>
    <message>
        <source>The account every tab works with</source>
        <translation>Tài khoản mà mọi thẻ đang dùng</translation>
    </message>
    <message>
        <source>● Not checked</source>
        <translation>● Chưa kiểm tra</translation>
    </message>
    <message>
        <source>● Checking…</source>
        <translation>● Đang kiểm tra…</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● Đã kết nối</translation>
    </message>
    <message>
        <source>● Not connected</source>
        <translation>● Chưa kết nối</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>Tệ&amp;p</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Tùy chọn…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>T&amp;hoát</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Nhật ký</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>T&amp;rợ giúp</translation>
    </message>
    <message>
        <source>&amp;About Autocall Desk</source>
        <translation>&amp;Giới thiệu Autocall Desk</translation>
    </message>
    <message>
        <source>The previous session ended unexpectedly.</source>
        <translation>Phiên làm việc trước đã kết thúc bất thường.</translation>
    </message>
    <message>
        <source>The previous session ended unexpectedly</source>
        <translation>Phiên làm việc trước đã kết thúc bất thường</translation>
    </message>
    <message>
        <source>Autocall Desk closed unexpectedly last time. Saved work is intact; campaigns that were sending are checked with the provider before anything is sent again. If this repeats, copy the details below and send them to support.</source>
        <translation>Lần trước Autocall Desk đã đóng bất thường. Công việc đã lưu vẫn nguyên vẹn; các chiến dịch đang gửi sẽ được kiểm tra với nhà cung cấp trước khi gửi thêm bất cứ gì. Nếu việc này lặp lại, hãy sao chép chi tiết bên dưới và gửi cho bộ phận hỗ trợ.</translation>
    </message>
    <message>
        <source>Autocall Desk is already open: this is its window.</source>
        <translation>Autocall Desk đã mở sẵn: đây là cửa sổ của nó.</translation>
    </message>
    <message>
        <source>Sending is in progress</source>
        <translation>Đang gửi</translation>
    </message>
    <message>
        <source>Sending is in progress — stop after the current group of calls and quit?</source>
        <translation>Đang gửi — dừng sau nhóm cuộc gọi hiện tại rồi thoát?</translation>
    </message>
    <message>
        <source>Being sent now: %1.

Calls the provider already has still go ahead. This desk stops after the current group of calls and hands the campaign back to the team: the server carries on sending it, or any desk can resume it, without calling anyone twice.</source>
        <translation>Đang gửi: %1.

Các cuộc gọi nhà cung cấp đã nhận vẫn tiếp tục. Máy này dừng sau nhóm cuộc gọi hiện tại và trả chiến dịch lại cho nhóm: máy chủ tiếp tục gửi, hoặc bất kỳ máy nào cũng có thể tiếp tục, mà không gọi ai hai lần.</translation>
    </message>
    <message>
        <source>Being sent now: {names}.

Calls the provider already has still go ahead. Nothing more is sent: the campaign is paused with every contact's state kept, and can be resumed from the Campaigns tab next time without calling anyone twice.</source>
        <translation>Đang gửi: {names}.

Các cuộc gọi nhà cung cấp đã nhận vẫn được thực hiện. Sẽ không gửi thêm gì: chiến dịch được tạm dừng, giữ nguyên trạng thái của từng liên hệ, và lần sau có thể tiếp tục từ thẻ Chiến dịch mà không gọi ai hai lần.</translation>
    </message>
    <message>
        <source>&amp;Stop after this group and quit</source>
        <translation>&amp;Dừng sau nhóm này và thoát</translation>
    </message>
    <message>
        <source>&amp;Keep sending</source>
        <translation>&amp;Tiếp tục gửi</translation>
    </message>
    <message>
        <source>Stopping after the current group of calls…</source>
        <translation>Đang dừng sau nhóm cuộc gọi hiện tại…</translation>
    </message>
    <message>
        <source>Handed back to the team when a desk closed.</source>
        <translation>Đã trả lại cho nhóm khi một máy đóng.</translation>
    </message>
</context>
<context>
    <name>Monitor</name>
    <message>
        <source>Answered</source>
        <extracomment>Outcome groups in the order the counters, the chart and the filter show them. ``do_not_call`` is the one group that is not an outcome: contacts held back because their number was on the do-not-call list when they were due. A contact of a campaign without other rounds. More changed rows than this in one poll are announced as one range over the table, without looking up where each one is: the view repaints only the rows it shows anyway. That range is announced on the loop's next turn, so the repaint runs after other waiting work (a click, a timer) rather than straight after the poll. The roles :meth:`CallTableModel.data` answers; the view asks for others too, and gets None at once. The layout signals' overload that carries a hint (rows only: the views keep their columns). A row's key under the model's order, as :meth:`CallTableModel._sorted` kept it, and its call id. row_group by (outcome, dispatch), filled as pairs are met: a poll sets thousands of rows from a handful of pairs.</extracomment>
        <translation>Nghe máy</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Không nghe máy</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Máy bận</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>On the do-not-call list</source>
        <translation>Trong danh sách không gọi</translation>
    </message>
    <message>
        <source>Waiting / in progress</source>
        <translation>Đang chờ / đang gọi</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Không rõ</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Thông báo</translation>
    </message>
    <message>
        <source>Polling</source>
        <translation>Hỏi lại</translation>
    </message>
</context>
<context>
    <name>MonitorTab</name>
    <message>
        <source>Nothing to watch yet</source>
        <extracomment>States whose calls may still change: the Monitor watches them when shown. A batch number past any real one: asks dispatch_rows for its marks only. Provider task states a task control still applies to.</extracomment>
        <translation>Chưa có gì để theo dõi</translation>
    </message>
    <message>
        <source>When a campaign is running, its calls appear here as they are answered, missed or rejected, with live counters and each call's details.</source>
        <translation>Khi một chiến dịch đang chạy, các cuộc gọi của nó hiện ở đây khi được nghe máy, nhỡ hoặc bị từ chối, kèm bộ đếm trực tiếp và chi tiết từng cuộc gọi.</translation>
    </message>
    <message>
        <source>Go to Campaigns</source>
        <translation>Tới thẻ Chiến dịch</translation>
    </message>
    <message>
        <source>C&amp;ampaign:</source>
        <translation>Chiến &amp;dịch:</translation>
    </message>
    <message>
        <source>Stop &amp;updating</source>
        <translation>Ngừng &amp;cập nhật</translation>
    </message>
    <message>
        <source>Ask the provider for new results until every call has ended</source>
        <translation>Hỏi nhà cung cấp kết quả mới cho đến khi mọi cuộc gọi đã kết thúc</translation>
    </message>
    <message>
        <source>S&amp;tart calling</source>
        <translation>&amp;Bắt đầu gọi</translation>
    </message>
    <message>
        <source>&amp;Pause calling</source>
        <translation>&amp;Tạm dừng gọi</translation>
    </message>
    <message>
        <source>&amp;Resume calling</source>
        <translation>&amp;Tiếp tục gọi</translation>
    </message>
    <message>
        <source>Stop calling…</source>
        <translation>Ngừng gọi…</translation>
    </message>
    <message>
        <source>&amp;Export results…</source>
        <translation>&amp;Xuất kết quả…</translation>
    </message>
    <message>
        <source>Calls finished</source>
        <translation>Cuộc gọi đã xong</translation>
    </message>
    <message>
        <source>Call a&amp;gain…</source>
        <translation>&amp;Gọi lại…</translation>
    </message>
    <message>
        <source>Make the next round: call again, from the same list, the people who did not answer</source>
        <translation>Tạo đợt gọi tiếp theo: gọi lại, từ cùng danh sách, những người chưa nghe máy</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>Hủy xuất</translation>
    </message>
    <message>
        <source>Save every contact with its outcome and answer as .xlsx (with a Summary sheet) or .csv; a campaign called in several rounds gives one row per contact</source>
        <translation>Lưu mọi liên hệ kèm kết quả và câu trả lời ra tệp .xlsx (có trang Tổng hợp) hoặc .csv; chiến dịch gọi nhiều đợt cho mỗi liên hệ một dòng</translation>
    </message>
    <message>
        <source>Every outcome</source>
        <translation>Mọi kết quả</translation>
    </message>
    <message>
        <source>Phone or name</source>
        <translation>Số điện thoại hoặc tên</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Hiện:</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Tìm:</translation>
    </message>
    <message>
        <source>Contacts and their calls</source>
        <translation>Liên hệ và cuộc gọi của họ</translation>
    </message>
    <message>
        <source>Selected call</source>
        <translation>Cuộc gọi đang chọn</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Chi phí</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Provider's call reference</source>
        <translation>Mã cuộc gọi của nhà cung cấp</translation>
    </message>
    <message>
        <source>Result received by</source>
        <translation>Nhận kết quả qua</translation>
    </message>
    <message>
        <source>Contact's columns</source>
        <translation>Các cột của liên hệ</translation>
    </message>
    <message>
        <source>Technical details from the provider</source>
        <translation>Chi tiết kỹ thuật từ nhà cung cấp</translation>
    </message>
    <message>
        <source>Select a call in the table to see what the provider reported.</source>
        <translation>Chọn một cuộc gọi trong bảng để xem nhà cung cấp báo gì.</translation>
    </message>
    <message>
        <source>▶ P&amp;lay recording</source>
        <translation>▶ &amp;Nghe ghi âm</translation>
    </message>
    <message>
        <source>Play the selected call's recording (Enter in the table)</source>
        <translation>Nghe bản ghi âm của cuộc gọi đang chọn (Enter trong bảng)</translation>
    </message>
    <message>
        <source>&amp;Download recordings…</source>
        <translation>Tải &amp;bản ghi âm…</translation>
    </message>
    <message>
        <source>Save every recorded call of this campaign into a folder</source>
        <translation>Lưu mọi cuộc gọi có ghi âm của chiến dịch này vào một thư mục</translation>
    </message>
    <message>
        <source>Downloading the recording…</source>
        <translation>Đang tải bản ghi âm…</translation>
    </message>
    <message>
        <source>Select an answered call and press ▶ Play recording.</source>
        <translation>Chọn một cuộc gọi đã nghe máy rồi bấm ▶ Nghe ghi âm.</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>đang gửi</translation>
    </message>
    <message>
        <source>sending paused</source>
        <translation>tạm dừng gửi</translation>
    </message>
    <message>
        <source>calls in progress</source>
        <translation>đang gọi</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>đã xong</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>đã hủy</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>bản nháp</translation>
    </message>
    <message>
        <source>Reading the campaign's calls…</source>
        <translation>Đang đọc các cuộc gọi của chiến dịch…</translation>
    </message>
    <message>
        <source>The campaign's calls could not be read: %1</source>
        <translation>Không đọc được các cuộc gọi của chiến dịch: %1</translation>
    </message>
    <message>
        <source>Updating: asking the provider for new results…</source>
        <translation>Đang cập nhật: hỏi nhà cung cấp kết quả mới…</translation>
    </message>
    <message>
        <source>Not updating. Press “Update live” to check for new results again.</source>
        <translation>Không cập nhật. Bấm “Cập nhật trực tiếp” để kiểm tra kết quả mới lần nữa.</translation>
    </message>
    <message>
        <source>Updating stopped: %1</source>
        <translation>Đã ngừng cập nhật: %1</translation>
    </message>
    <message>
        <source>All calls finished.</source>
        <translation>Mọi cuộc gọi đã xong.</translation>
    </message>
    <message>
        <source>The last check failed: %1 Next check in %2 s.</source>
        <translation>Lần kiểm tra vừa rồi bị lỗi: %1 Lần kiểm tra tới sau %2 giây.</translation>
    </message>
    <message>
        <source>%1 of %2 calls finished (%p%)</source>
        <translation>%1 trên %2 cuộc gọi đã xong (%p%)</translation>
    </message>
    <message>
        <source>Shown as saved by the computer running this campaign. Press “Update live” to read the latest.</source>
        <translation>Đang hiển thị theo dữ liệu mà máy chạy chiến dịch này đã lưu. Bấm “Cập nhật trực tiếp” để xem mới nhất.</translation>
    </message>
    <message>
        <source>Not updating. Press “Update live” to check for new results.</source>
        <translation>Không cập nhật. Bấm “Cập nhật trực tiếp” để kiểm tra kết quả mới.</translation>
    </message>
    <message>
        <source>&amp;Update live</source>
        <translation>Cập nhật trực &amp;tiếp</translation>
    </message>
    <message>
        <source>Only %1 campaigns can be paused, resumed or stopped on the provider: %2 dial what they were sent to the end.</source>
        <translation>Chỉ chiến dịch %1 mới tạm dừng, tiếp tục hoặc dừng được ở phía nhà cung cấp: %2 gọi hết những gì đã nhận.</translation>
    </message>
    <message>
        <source>Ask %1 to start calling</source>
        <translation>Yêu cầu %1 bắt đầu gọi</translation>
    </message>
    <message>
        <source>Ask %1 to pause calling; numbers not called yet wait</source>
        <translation>Yêu cầu %1 tạm ngừng gọi; các số chưa gọi sẽ chờ</translation>
    </message>
    <message>
        <source>Ask %1 to continue calling the waiting numbers</source>
        <translation>Yêu cầu %1 gọi tiếp các số đang chờ</translation>
    </message>
    <message>
        <source>End the campaign on %1: numbers not called yet never will be</source>
        <translation>Kết thúc chiến dịch trên %1: các số chưa gọi sẽ không bao giờ được gọi</translation>
    </message>
    <message>
        <source>Stop calling for “%1”? %2 ends the campaign: numbers it has not called yet will never be called, and this cannot be undone. Calls already made keep their results.</source>
        <translation>Ngừng gọi cho “%1”? %2 sẽ kết thúc chiến dịch: các số chưa gọi sẽ không bao giờ được gọi, và không thể hoàn tác. Các cuộc gọi đã thực hiện vẫn giữ kết quả.</translation>
    </message>
    <message>
        <source>%1 started calling.</source>
        <translation>%1 đã bắt đầu gọi.</translation>
    </message>
    <message>
        <source>%1 paused calling: no new numbers are called until you resume.</source>
        <translation>%1 đã tạm ngừng gọi: không gọi số mới cho đến khi bạn tiếp tục.</translation>
    </message>
    <message>
        <source>%1 resumed calling.</source>
        <translation>%1 đã gọi tiếp.</translation>
    </message>
    <message>
        <source>%1 ended the campaign: numbers not called yet will not be called.</source>
        <translation>%1 đã kết thúc chiến dịch: các số chưa gọi sẽ không được gọi.</translation>
    </message>
    <message>
        <source>Stop calling</source>
        <translation>Ngừng gọi</translation>
    </message>
    <message>
        <source>Rep&amp;ort…</source>
        <translation>Bá&amp;o cáo…</translation>
    </message>
    <message>
        <source>The campaign's figures and charts, to print or save as PDF</source>
        <translation>Số liệu và biểu đồ của chiến dịch, để in hoặc lưu thành PDF</translation>
    </message>
    <message>
        <source>Show only the contacts who gave this answer</source>
        <translation>Chỉ hiện những liên hệ có câu trả lời này</translation>
    </message>
    <message>
        <source>Any answer</source>
        <translation>Mọi câu trả lời</translation>
    </message>
    <message>
        <source>A&amp;nswer:</source>
        <translation>Câu trả &amp;lời:</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Câu trả lời</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Thời gian đàm thoại</translation>
    </message>
    <message>
        <source>&amp;Details: the provider's record, as received</source>
        <translation>Ch&amp;i tiết: dữ liệu nhà cung cấp gửi về, nguyên văn</translation>
    </message>
    <message>
        <source>Updating: %1 calls ringing or talking now, %2 waiting for their turn; next check in %3 s.</source>
        <translation>Đang cập nhật: %1 cuộc gọi đang đổ chuông hoặc đang nói chuyện, %2 đang chờ đến lượt; kiểm tra lại sau %3 giây.</translation>
    </message>
    <message>
        <source>%1 did not accept this: %2</source>
        <translation>%1 không chấp nhận yêu cầu này: %2</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>Đang hiện %1 trên %2</translation>
    </message>
    <message>
        <source>The details could not be read: %1</source>
        <translation>Không đọc được chi tiết: %1</translation>
    </message>
    <message>
        <source>This contact was never sent to the provider, so it has no record of it.</source>
        <translation>Liên hệ này chưa bao giờ được gửi tới nhà cung cấp, nên họ không có thông tin gì.</translation>
    </message>
    <message>
        <source>The provider has not reported on this call yet.</source>
        <translation>Nhà cung cấp chưa báo về cuộc gọi này.</translation>
    </message>
    <message>
        <source>Rang for %1</source>
        <translation>Đổ chuông %1</translation>
    </message>
    <message>
        <source>Notification from the provider</source>
        <translation>Thông báo từ nhà cung cấp</translation>
    </message>
    <message>
        <source>Regular check (the app asked the provider)</source>
        <translation>Kiểm tra định kỳ (ứng dụng hỏi nhà cung cấp)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Sổ làm việc Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV, comma-separated (*.csv)</source>
        <translation>CSV, phân cách bằng dấu phẩy (*.csv)</translation>
    </message>
    <message>
        <source>Export the results of every round: one row per contact</source>
        <translation>Xuất kết quả của mọi đợt gọi: mỗi liên hệ một dòng</translation>
    </message>
    <message>
        <source>Export campaign results</source>
        <translation>Xuất kết quả chiến dịch</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Đang ghi %1…</translation>
    </message>
    <message>
        <source>The export stopped: %1</source>
        <translation>Việc xuất bị dừng: %1</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Đã hủy xuất; không có tệp nào được ghi.</translation>
    </message>
    <message>
        <source>Cancelling the export…</source>
        <translation>Đang hủy xuất…</translation>
    </message>
    <message>
        <source>Saved %1 contacts to %2.</source>
        <translation>Đã lưu %1 liên hệ vào %2.</translation>
    </message>
    <message>
        <source>This call or campaign no longer exists.</source>
        <translation>Cuộc gọi hoặc chiến dịch này không còn nữa.</translation>
    </message>
</context>
<context>
    <name>NotificationsPanel</name>
    <message>
        <source>Show secret values</source>
        <translation>Hiện giá trị bí mật</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Nhà cung cấp</translation>
    </message>
    <message>
        <source>Enter in the provider's console</source>
        <translation>Nhập vào trang quản trị của nhà cung cấp</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation>Sao chép giá trị</translation>
    </message>
    <message>
        <source>Copies the selected row's exact value (a hidden secret too) to paste into the provider's console</source>
        <translation>Sao chép đúng giá trị của dòng đang chọn (kể cả giá trị bí mật đang ẩn) để dán vào trang quản trị của nhà cung cấp</translation>
    </message>
    <message>
        <source>Send a test notification</source>
        <translation>Gửi thông báo thử</translation>
    </message>
    <message>
        <source>Sends a harmless notification for the selected account through the public URL, as the provider would, and says whether it arrived</source>
        <translation>Gửi một thông báo vô hại cho tài khoản đang chọn qua địa chỉ công khai, như nhà cung cấp sẽ gửi, và cho biết nó có tới nơi không</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Đã nhận</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Đã áp dụng</translation>
    </message>
    <message>
        <source>Last refused</source>
        <translation>Lần từ chối gần nhất</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Số lần</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>&lt;b&gt;What to paste into each provider's console&lt;/b&gt;</source>
        <translation>&lt;b&gt;Cần dán gì vào trang quản trị của từng nhà cung cấp&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inbox&lt;/b&gt;: recent notifications and refused attempts</source>
        <translation>&lt;b&gt;Hộp thư&lt;/b&gt;: các thông báo gần đây và các lần bị từ chối</translation>
    </message>
    <message>
        <source>With “%1”, other computers on your network (and, through a port forward, the internet) can reach the receiver. It stores only notifications that prove they come from your provider, but choose this only if your router or reverse proxy runs on another computer; a tunnel or a reverse proxy on this computer works with 127.0.0.1.</source>
        <translation>Với “%1”, các máy tính khác trong mạng của bạn (và cả Internet, nếu có chuyển tiếp cổng) có thể kết nối tới bộ nhận. Bộ nhận chỉ lưu những thông báo chứng minh được là từ nhà cung cấp của bạn, nhưng chỉ nên chọn mục này nếu router hoặc reverse proxy của bạn chạy trên máy khác; tunnel hoặc reverse proxy trên chính máy này dùng được với 127.0.0.1.</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(trống)</translation>
    </message>
    <message>
        <source>No public URL yet: providers cannot reach the receiver, and NXCLOUD campaigns are created without an address for results (the app asks for them instead).</source>
        <translation>Chưa có địa chỉ công khai: nhà cung cấp không gửi thông báo tới bộ nhận được, và các chiến dịch NXCLOUD được tạo không kèm địa chỉ nhận kết quả (ứng dụng sẽ tự hỏi kết quả).</translation>
    </message>
    <message>
        <source>The public URL must start with https:// (or http://); until it does, NXCLOUD tasks are created without callback addresses.</source>
        <translation>Địa chỉ công khai phải bắt đầu bằng https:// (hoặc http://); khi chưa đúng, các chiến dịch NXCLOUD được tạo không kèm địa chỉ nhận kết quả.</translation>
    </message>
    <message>
        <source>With http://, call results cross the internet unencrypted: prefer an https:// address (a reverse proxy or tunnel gives one).</source>
        <translation>Với http://, kết quả cuộc gọi đi qua Internet mà không được mã hóa: nên dùng địa chỉ https:// (reverse proxy hoặc tunnel sẽ cung cấp).</translation>
    </message>
    <message>
        <source>&lt;public URL&gt;</source>
        <translation>&lt;địa chỉ công khai&gt;</translation>
    </message>
    <message>
        <source>The receiver is not running: turn on “Receive provider notifications” and press Apply first.</source>
        <translation>Bộ nhận chưa chạy: hãy bật “Nhận thông báo từ nhà cung cấp” và bấm Áp dụng trước.</translation>
    </message>
    <message>
        <source>Sending a test notification for %1…</source>
        <translation>Đang gửi thông báo thử cho %1…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no call matched</source>
        <translation>không khớp cuộc gọi nào</translation>
    </message>
    <message>
        <source>Test notification</source>
        <translation>Thông báo thử</translation>
    </message>
</context>
<context>
    <name>NxCloudFields</name>
    <message>
        <source>The script's number in the NXCLOUD back-office, e.g. 1001</source>
        <translation>Số của kịch bản trong trang quản trị NXCLOUD, ví dụ 1001</translation>
    </message>
    <message>
        <source>NXCLOUD calls this “sceneID” (a scene).</source>
        <translation>NXCLOUD gọi mục này là “sceneID” (scene).</translation>
    </message>
    <message>
        <source>field names, separated by commas</source>
        <translation>tên các trường, phân cách bằng dấu phẩy</translation>
    </message>
    <message>
        <source>Call &amp;script:</source>
        <translation>&amp;Kịch bản gọi:</translation>
    </message>
    <message>
        <source>Enter the script's number once; its fields are remembered.</source>
        <translation>Nhập số của kịch bản một lần; các trường của nó sẽ được ghi nhớ.</translation>
    </message>
    <message>
        <source>Script &amp;fields:</source>
        <translation>&amp;Trường của kịch bản:</translation>
    </message>
</context>
<context>
    <name>NxCloudPage</name>
    <message>
        <source>NXCLOUD lists no scene variables; type them as the back-office shows them. Each must be mapped to a column in the Contacts tab.</source>
        <translation>NXCLOUD không liệt kê biến của kịch bản; hãy gõ đúng như trang quản trị hiển thị. Mỗi biến phải được ghép với một cột ở thẻ Liên hệ.</translation>
    </message>
    <message>
        <source>NXCLOUD's default</source>
        <translation>Mặc định của NXCLOUD</translation>
    </message>
    <message>
        <source>strategyName: NXCLOUD's default strategy, or type the name of another strategy set up in the aibot platform (Scenario Management → the scene → Dialing Strategy).</source>
        <translation>strategyName: chiến lược mặc định của NXCLOUD, hoặc gõ tên một chiến lược khác đã lập trên nền tảng aibot (Scenario Management → kịch bản → Dialing Strategy).</translation>
    </message>
    <message>
        <source>Immediately, within the calling window</source>
        <translation>Ngay lập tức, trong khung giờ gọi</translation>
    </message>
    <message>
        <source>At a set time</source>
        <translation>Vào một thời điểm đã đặt</translation>
    </message>
    <message>
        <source>Calls NXCLOUD may run at the same time (maxCall)</source>
        <translation>Số cuộc gọi NXCLOUD được chạy cùng lúc (maxCall)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <source>Empty, as in NXCLOUD's example</source>
        <translation>Để trống, như ví dụ của NXCLOUD</translation>
    </message>
    <message>
        <source>routeID: NXCLOUD's document lists no route IDs, so type the one NXCLOUD gave you; left empty, routeID is sent empty.</source>
        <translation>routeID: tài liệu của NXCLOUD không liệt kê mã tuyến, nên hãy gõ mã NXCLOUD đã cấp cho bạn; nếu để trống, routeID được gửi trống.</translation>
    </message>
    <message>
        <source>The campaign's name</source>
        <translation>Tên của chiến dịch</translation>
    </message>
    <message>
        <source>taskName: the task's name in the NXCLOUD back-office</source>
        <translation>taskName: tên chiến dịch trong trang quản trị NXCLOUD</translation>
    </message>
    <message>
        <source>other: text NXCLOUD keeps with every number of this campaign and returns unchanged with its results</source>
        <translation>other: nội dung NXCLOUD giữ kèm mọi số của chiến dịch này và trả lại nguyên vẹn cùng kết quả</translation>
    </message>
    <message>
        <source>Campaign options</source>
        <translation>Tùy chọn chiến dịch</translation>
    </message>
    <message>
        <source>taskKeep. Off: NXCLOUD ends the task as soon as its calls run out, and refuses contacts sent after that (a later batch, or after a pause).</source>
        <translation>taskKeep. Tắt: NXCLOUD kết thúc chiến dịch ngay khi hết số, và từ chối các liên hệ gửi sau đó (nhóm sau, hoặc sau khi tạm dừng).</translation>
    </message>
    <message>
        <source>Manually, from the Monitor (the campaign waits, paused)</source>
        <translation>Thủ công, từ thẻ Theo dõi (chiến dịch chờ ở trạng thái tạm dừng)</translation>
    </message>
    <message>
        <source>The script's number in the NXCLOUD back-office, e.g. 1001</source>
        <translation>Số của kịch bản trong trang quản trị NXCLOUD, ví dụ 1001</translation>
    </message>
    <message>
        <source>NXCLOUD calls this “sceneID” (a scene).</source>
        <translation>NXCLOUD gọi mục này là “sceneID” (scene).</translation>
    </message>
    <message>
        <source>name, amount (the script's fields, comma-separated)</source>
        <translation>name, amount (các trường của kịch bản, cách nhau bằng dấu phẩy)</translation>
    </message>
    <message>
        <source>Text returned with each result</source>
        <translation>Nội dung gửi kèm mỗi kết quả</translation>
    </message>
    <message>
        <source>&amp;Keep the campaign open when it has no calls left</source>
        <translation>&amp;Giữ chiến dịch mở khi đã hết số để gọi</translation>
    </message>
    <message>
        <source>Close the campaign once every call has &amp;ended</source>
        <translation>Đóng chiến dịch khi mọi cuộc gọi đã &amp;xong</translation>
    </message>
    <message>
        <source>Autocall Desk's own rule, not an NXCLOUD option: it asks NXCLOUD to complete a task kept open (mgrTaskStatus) when nothing is left to dial.</source>
        <translation>Quy tắc riêng của Autocall Desk, không phải tùy chọn của NXCLOUD: ứng dụng yêu cầu NXCLOUD hoàn tất chiến dịch đang giữ mở (mgrTaskStatus) khi không còn gì để gọi.</translation>
    </message>
    <message>
        <source>Re&amp;dial unanswered numbers once per round</source>
        <translation>Gọi &amp;lại số không nghe máy, một lần mỗi vòng</translation>
    </message>
    <message>
        <source>Read each sentence in &amp;one piece (needed when the script has fields)</source>
        <translation>Đọc mỗi câu &amp;liền một lượt (cần khi kịch bản có trường)</translation>
    </message>
    <message>
        <source>&amp;Mask numbers in the NXCLOUD back-office</source>
        <translation>Ẩn &amp;số điện thoại trong trang quản trị NXCLOUD</translation>
    </message>
    <message>
        <source>Send an &amp;SMS after a call, by what the caller wanted</source>
        <translation>Gửi &amp;SMS sau cuộc gọi, theo điều người nghe muốn</translation>
    </message>
    <message>
        <source>smsEnable: NXCLOUD sends the SMS template of each rule below when a call ends with one of its intents (smsFuncFlag). The SMS service must be active on the account.</source>
        <translation>smsEnable: NXCLOUD gửi mẫu SMS của mỗi quy tắc bên dưới khi cuộc gọi kết thúc với một trong các ý định của quy tắc đó (smsFuncFlag). Tài khoản phải bật dịch vụ SMS.</translation>
    </message>
    <message>
        <source>Call &amp;script:</source>
        <translation>&amp;Kịch bản gọi:</translation>
    </message>
    <message>
        <source>Phone &amp;line:</source>
        <translation>Đường &amp;dây:</translation>
    </message>
    <message>
        <source>Script &amp;fields:</source>
        <translation>&amp;Trường của kịch bản:</translation>
    </message>
    <message>
        <source>Dialling &amp;rules:</source>
        <translation>&amp;Quy tắc quay số:</translation>
    </message>
    <message>
        <source>Start&amp;s:</source>
        <translation>&amp;Bắt đầu:</translation>
    </message>
    <message>
        <source>Calling &amp;window:</source>
        <translation>&amp;Khung giờ gọi:</translation>
    </message>
    <message>
        <source>Longest ri&amp;nging:</source>
        <translation>Đổ chuông tối &amp;đa:</translation>
    </message>
    <message>
        <source>Calls at the same &amp;time:</source>
        <translation>Số cuộc gọi &amp;cùng lúc:</translation>
    </message>
    <message>
        <source>Na&amp;me in NXCLOUD:</source>
        <translation>&amp;Tên trong NXCLOUD:</translation>
    </message>
    <message>
        <source>&amp;Note kept with results:</source>
        <translation>&amp;Ghi chú gửi kèm kết quả:</translation>
    </message>
</context>
<context>
    <name>OutcomeChart</name>
    <message>
        <source>Outcomes over time</source>
        <translation>Kết quả theo thời gian</translation>
    </message>
</context>
<context>
    <name>OutcomeCounters</name>
    <message>
        <source>Calls</source>
        <translation>Cuộc gọi</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <extracomment>The preferences the running notification receiver is started with: a change restarts it.</extracomment>
        <translation>Tùy chọn</translation>
    </message>
    <message>
        <source>Database</source>
        <extracomment>Every field shown: (option, scope, editor). Where the data is kept (its own buttons act; OK and Apply do not touch it).</extracomment>
        <translation>Cơ sở dữ liệu</translation>
    </message>
    <message>
        <source>&amp;Restore defaults</source>
        <translation>&amp;Khôi phục mặc định</translation>
    </message>
    <message>
        <source>Put every field back to its default; nothing changes until OK</source>
        <translation>Đưa mọi trường về giá trị mặc định; chưa có gì thay đổi cho đến khi bấm OK</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>Á&amp;p dụng</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>PreflightDialog</name>
    <message>
        <source>Call %1 people through %2 now?

Valid numbers: %3
On the do-not-call list (not called): %4
Duplicates (not called): %5
Called by an earlier campaign: %6
Groups of calls: %7 of up to %8

Calls cannot be recalled once they are sent.</source>
        <translation>Gọi %1 người qua %2 ngay bây giờ?

Số hợp lệ: %3
Trong danh sách không gọi (không gọi): %4
Số trùng (không gọi): %5
Đã được chiến dịch trước gọi: %6
Số nhóm cuộc gọi: %7, mỗi nhóm tối đa %8 số

Cuộc gọi đã gửi đi thì không thể thu hồi.</translation>
    </message>
    <message>
        <source>Start calling?</source>
        <translation>Bắt đầu gọi?</translation>
    </message>
    <message>
        <source>Check before launching “%1”</source>
        <translation>Kiểm tra trước khi khởi chạy “%1”</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning: launching is allowed</source>
        <translation>Cảnh báo: vẫn được khởi chạy</translation>
    </message>
    <message>
        <source>Blocking: fix this before launching</source>
        <translation>Chặn: hãy sửa trước khi khởi chạy</translation>
    </message>
    <message>
        <source>%1 problem(s) must be fixed before this campaign can be launched; nothing has been sent.</source>
        <translation>Phải sửa %1 vấn đề thì mới khởi chạy được chiến dịch này; chưa gửi gì cả.</translation>
    </message>
    <message>
        <source>Ready. Launch asks once more with the numbers before anything is sent.</source>
        <translation>Sẵn sàng. Khi khởi chạy, ứng dụng sẽ hỏi lại một lần kèm các con số trước khi gửi.</translation>
    </message>
    <message>
        <source>&amp;Launch…</source>
        <translation>&amp;Khởi chạy…</translation>
    </message>
    <message>
        <source>Fix the field &amp;mapping…</source>
        <translation>Sửa cách &amp;ghép cột…</translation>
    </message>
    <message>
        <source>Choose the list's column for each value the script speaks</source>
        <translation>Chọn cột của danh sách cho từng thông tin mà kịch bản đọc</translation>
    </message>
</context>
<context>
    <name>ReconcileDialog</name>
    <message>
        <source>Unfinished campaign: %1</source>
        <translation>Chiến dịch dở dang: %1</translation>
    </message>
    <message>
        <source>Autocall Desk stopped while “%1” was being sent. The provider's own records were checked, so nobody is called twice:</source>
        <translation>Autocall Desk đã dừng khi đang gửi “%1”. Hồ sơ của chính nhà cung cấp đã được kiểm tra, nên không ai bị gọi hai lần:</translation>
    </message>
    <message>
        <source>&amp;Resume sending</source>
        <translation>&amp;Tiếp tục gửi</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>Để &amp;sau</translation>
    </message>
    <message>
        <source>Mark as &amp;not sent…</source>
        <translation>Đánh dấu là &amp;chưa gửi…</translation>
    </message>
    <message>
        <source>Only if the provider's console shows it never received the contacts awaiting confirmation: send them when you press Resume</source>
        <translation>Chỉ khi trang quản trị của nhà cung cấp cho thấy họ chưa hề nhận các liên hệ đang chờ xác nhận: gửi chúng khi bạn bấm Tiếp tục</translation>
    </message>
    <message>
        <source>Later keeps it paused; resume it from the Campaigns tab when you are ready.</source>
        <translation>Để sau thì chiến dịch vẫn tạm dừng; hãy tiếp tục từ thẻ Chiến dịch khi bạn sẵn sàng.</translation>
    </message>
</context>
<context>
    <name>RecordingPlayer</name>
    <message>
        <source>No recording selected</source>
        <translation>Chưa chọn bản ghi âm</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>Phát hoặc tạm dừng (phím cách)</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tốc độ</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Âm lượng</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Lưu thành…</translation>
    </message>
    <message>
        <source>Save recording</source>
        <translation>Lưu bản ghi âm</translation>
    </message>
    <message>
        <source>Audio files (*%1)</source>
        <translation>Tệp âm thanh (*%1)</translation>
    </message>
    <message>
        <source>The recording could not be saved: %1</source>
        <translation>Không lưu được bản ghi âm: %1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Phát</translation>
    </message>
    <message>
        <source>This recording could not be played: the file is damaged or in a format this computer cannot decode. Try “Save as…” from the provider's website, or ask the provider for the file.</source>
        <translation>Không phát được bản ghi âm này: tệp bị hỏng hoặc ở định dạng máy tính này không giải mã được. Hãy thử “Lưu thành…” từ trang web của nhà cung cấp, hoặc xin nhà cung cấp tệp này.</translation>
    </message>
</context>
<context>
    <name>RecordingProblem</name>
    <message>
        <source>This call has no recording.</source>
        <translation>Cuộc gọi này không có ghi âm.</translation>
    </message>
    <message>
        <source>The provider has no recording for this call. It may not have been recorded, or the provider no longer keeps it.</source>
        <translation>Nhà cung cấp không có bản ghi âm của cuộc gọi này. Có thể cuộc gọi không được ghi âm, hoặc nhà cung cấp không còn lưu.</translation>
    </message>
    <message>
        <source>The provider could not be reached, so the recording was not downloaded. Check the internet connection and try again.</source>
        <translation>Không kết nối được với nhà cung cấp nên chưa tải được bản ghi âm. Hãy kiểm tra kết nối Internet rồi thử lại.</translation>
    </message>
    <message>
        <source>The recording could not be downloaded: %1</source>
        <translation>Không tải được bản ghi âm: %1</translation>
    </message>
    <message>
        <source>The recording could not be saved on this computer: %1</source>
        <translation>Không lưu được bản ghi âm trên máy tính này: %1</translation>
    </message>
    <message>
        <source>The recording could not be fetched because of an unexpected problem (details are in the log file).</source>
        <translation>Không lấy được bản ghi âm do một sự cố ngoài dự kiến (chi tiết có trong tệp nhật ký).</translation>
    </message>
</context>
<context>
    <name>RedialDialog</name>
    <message>
        <source>Call again — “%1”</source>
        <extracomment>The longest delay offered: a week. A campaign in these states can still finish, which is when an automatic rule makes its next round.</extracomment>
        <translation>Gọi lại — “%1”</translation>
    </message>
    <message>
        <source>Call again, from the same list, the people whose last call ended like this. Nobody who answered is called again.</source>
        <translation>Gọi lại những người trong cùng danh sách có cuộc gọi gần nhất kết thúc như dưới đây. Người đã nghe máy sẽ không bị gọi lại.</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Không nghe máy</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Máy bận</translation>
    </message>
    <message>
        <source>Failed for a passing reason (network, provider)</source>
        <translation>Lỗi tạm thời (mạng, nhà cung cấp)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> phút</translation>
    </message>
    <message>
        <source>When that round finishes, call again the same way (while Autocall Desk is open)</source>
        <translation>Khi đợt gọi đó xong, tiếp tục gọi lại như vậy (trong lúc Autocall Desk đang mở)</translation>
    </message>
    <message>
        <source>Not now: by itself, when this campaign finishes</source>
        <translation>Không phải bây giờ: tự động, khi chiến dịch này kết thúc</translation>
    </message>
    <message>
        <source>The round is made and launched when this campaign finishes, and each next round the same way, while Autocall Desk is open</source>
        <translation>Đợt gọi được tạo và bắt đầu khi chiến dịch này kết thúc, các đợt sau cũng vậy, khi Autocall Desk đang mở</translation>
    </message>
    <message>
        <source>Start after:</source>
        <translation>Bắt đầu sau:</translation>
    </message>
    <message>
        <source>At most, calls per person (all rounds):</source>
        <translation>Số lần gọi tối đa mỗi người (cả các đợt gọi):</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Tick at least one result to call again.</source>
        <translation>Hãy chọn ít nhất một kết quả để gọi lại.</translation>
    </message>
    <message>
        <source>When this campaign finishes, the people whose last call ended like this are called again %1 min later (at most %2 calls per person in all rounds).</source>
        <translation>Khi chiến dịch này kết thúc, những người có cuộc gọi gần nhất kết thúc như vậy sẽ được gọi lại sau %1 phút (tối đa %2 cuộc gọi mỗi người qua mọi đợt).</translation>
    </message>
    <message>
        <source>The campaign's calling window never opens: open it in the campaign's settings first.</source>
        <translation>Chiến dịch chưa có khung giờ gọi nào: hãy đặt khung giờ gọi trong thiết lập của chiến dịch trước.</translation>
    </message>
    <message>
        <source>Nobody qualifies for another round.</source>
        <translation>Không còn ai cần gọi thêm một đợt nữa.</translation>
    </message>
    <message>
        <source>%1 people will be called again, from %2.</source>
        <translation>Sẽ gọi lại %1 người, bắt đầu từ %2.</translation>
    </message>
    <message>
        <source>Not called again: %1.</source>
        <translation>Không gọi lại: %1.</translation>
    </message>
    <message>
        <source>Call again when it finishes</source>
        <translation>Gọi lại khi kết thúc</translation>
    </message>
    <message>
        <source>Call %1 again</source>
        <translation>Gọi lại %1 người</translation>
    </message>
</context>
<context>
    <name>ReportContent</name>
    <message>
        <source>Campaign report: %1</source>
        <extracomment>Answers charted one bar each, most given first; the rest share one bar. A chart's size on paper, in the document's pixels (about the A4 text width), drawn at twice that resolution.</extracomment>
        <translation>Báo cáo chiến dịch: %1</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <source>Contact list</source>
        <translation>Danh sách liên hệ</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Số đợt gọi</translation>
    </message>
    <message>
        <source>%1, each contact counted once with its latest result</source>
        <translation>%1, mỗi liên hệ tính một lần với kết quả gần nhất</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Ngày tạo</translation>
    </message>
    <message>
        <source>Calls made</source>
        <translation>Thời gian gọi</translation>
    </message>
    <message>
        <source>from %1 to %2</source>
        <translation>từ %1 đến %2</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>chưa có</translation>
    </message>
    <message>
        <source>Report made</source>
        <translation>Ngày lập báo cáo</translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation>Số liệu chính</translation>
    </message>
    <message>
        <source>Cost by outcome</source>
        <translation>Chi phí theo kết quả</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Liên hệ</translation>
    </message>
    <message>
        <source>Called</source>
        <translation>Đã gọi</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Nghe máy</translation>
    </message>
    <message>
        <source>Answer rate</source>
        <translation>Tỷ lệ nghe máy</translation>
    </message>
    <message>
        <source>Average talk time</source>
        <translation>Thời gian đàm thoại trung bình</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>Tổng chi phí</translation>
    </message>
    <message>
        <source>Outcomes</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Other answers</source>
        <translation>Câu trả lời khác</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Câu trả lời</translation>
    </message>
    <message>
        <source>Calls by hour of day</source>
        <translation>Cuộc gọi theo giờ trong ngày</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Report: %1</source>
        <translation>Báo cáo: %1</translation>
    </message>
    <message>
        <source>No calls yet</source>
        <translation>Chưa có cuộc gọi nào</translation>
    </message>
    <message>
        <source>This campaign has not called anyone yet. Its report fills in as calls are made: open it again once calling has started.</source>
        <translation>Chiến dịch này chưa gọi ai. Báo cáo sẽ có số liệu khi có cuộc gọi: hãy mở lại sau khi đã bắt đầu gọi.</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;In…</translation>
    </message>
    <message>
        <source>Print this report</source>
        <translation>In báo cáo này</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Lưu thành PDF…</translation>
    </message>
    <message>
        <source>Save this report as a PDF file to send or keep</source>
        <translation>Lưu báo cáo này thành tệp PDF để gửi đi hoặc lưu giữ</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Đón&amp;g</translation>
    </message>
    <message>
        <source>Adding up the campaign's calls…</source>
        <translation>Đang tổng hợp các cuộc gọi của chiến dịch…</translation>
    </message>
    <message>
        <source>Contacts added up</source>
        <translation>Số liên hệ đã tổng hợp</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>Không lập được báo cáo: %1</translation>
    </message>
    <message>
        <source>Cancelled: the report was not made.</source>
        <translation>Đã hủy: báo cáo chưa được lập.</translation>
    </message>
    <message>
        <source>Print the report</source>
        <translation>In báo cáo</translation>
    </message>
    <message>
        <source>The report was sent to the printer.</source>
        <translation>Đã gửi báo cáo tới máy in.</translation>
    </message>
    <message>
        <source>report</source>
        <translation>báo cáo</translation>
    </message>
    <message>
        <source>Save the report as PDF</source>
        <translation>Lưu báo cáo thành PDF</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Tài liệu PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF could not be saved to %1 (%2). Choose another folder.</source>
        <translation>Không lưu được tệp PDF vào %1 (%2). Hãy chọn thư mục khác.</translation>
    </message>
    <message>
        <source>Saved the report to %1.</source>
        <translation>Đã lưu báo cáo vào %1.</translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <source>The server %1 is running this campaign</source>
        <translation>Máy chủ %1 đang chạy chiến dịch này</translation>
    </message>
    <message>
        <source>Running on the computer %1</source>
        <translation>Đang chạy trên máy %1</translation>
    </message>
    <message>
        <source>%1 (on the server %2)</source>
        <translation>%1 (trên máy chủ %2)</translation>
    </message>
    <message>
        <source>%1 (on %2)</source>
        <translation>%1 (trên %2)</translation>
    </message>
    <message>
        <source>Resume request sent to the computer following the campaign (%1): it sends the rest within a few seconds.</source>
        <translation>Đã gửi yêu cầu tiếp tục tới máy đang theo dõi chiến dịch (%1): máy đó gửi phần còn lại trong vài giây.</translation>
    </message>
    <message>
        <source>Cancel request sent to the computer running the campaign (%1): it stops sending after the group of calls being sent; contacts not sent yet are marked not sent.</source>
        <translation>Đã gửi yêu cầu hủy tới máy đang chạy chiến dịch (%1): máy đó ngừng gửi sau nhóm cuộc gọi đang gửi; các liên hệ chưa gửi được đánh dấu là không gửi.</translation>
    </message>
    <message>
        <source>Pause request sent to the computer running the campaign (%1): it stops after the group of calls being sent.</source>
        <translation>Đã gửi yêu cầu tạm dừng tới máy đang chạy chiến dịch (%1): máy đó dừng sau nhóm cuộc gọi đang gửi.</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>Autocall Desk is already running with this data folder ({folder}); its window was brought to the front.</source>
        <translation>Autocall Desk đang chạy với thư mục dữ liệu này ({folder}); cửa sổ của nó đã được đưa lên trước.</translation>
    </message>
    <message>
        <source>Autocall Desk is already running with this data folder ({folder}), but it did not answer. If no Autocall Desk window is open, it may still be closing: wait a minute and start it again. If it stays like this, end Autocall Desk in the task manager, then start it again.</source>
        <translation>Autocall Desk đang chạy với thư mục dữ liệu này ({folder}), nhưng không phản hồi. Nếu không thấy cửa sổ Autocall Desk nào, có thể nó đang đóng: hãy chờ một phút rồi mở lại. Nếu vẫn như vậy, hãy tắt Autocall Desk trong trình quản lý tác vụ, rồi mở lại.</translation>
    </message>
</context>
<context>
    <name>SlotGrid</name>
    <message>
        <source>Click or drag to open or close half-hours; arrow keys move, Space toggles.</source>
        <extracomment>The preset the brief calls office hours: 08:00–11:30 and 13:30–17:00, Monday to Saturday.</extracomment>
        <translation>Bấm hoặc kéo để mở hay đóng các nửa giờ; phím mũi tên để di chuyển, phím cách để bật/tắt.</translation>
    </message>
    <message>
        <source>Calling window: weekdays by half-hours</source>
        <translation>Khung giờ gọi: các ngày trong tuần theo từng nửa giờ</translation>
    </message>
</context>
<context>
    <name>SmsRulesEditor</name>
    <message>
        <source>SMS template</source>
        <translation>Mẫu SMS</translation>
    </message>
    <message>
        <source>Caller intents (IDs)</source>
        <translation>Ý định của người nghe (mã)</translation>
    </message>
    <message>
        <source>Caller intents (names)</source>
        <translation>Ý định của người nghe (tên)</translation>
    </message>
    <message>
        <source>smsID, from NXCLOUD's SMS templates</source>
        <translation>smsID, trong các mẫu SMS của NXCLOUD</translation>
    </message>
    <message>
        <source>intentID: comma-separated; an intent may appear in one rule only</source>
        <translation>intentID: phân cách bằng dấu phẩy; mỗi ý định chỉ được có trong một quy tắc</translation>
    </message>
    <message>
        <source>intentName: comma-separated (the same effect as the IDs)</source>
        <translation>intentName: phân cách bằng dấu phẩy (tác dụng như các mã)</translation>
    </message>
    <message>
        <source>Add SMS &amp;rule</source>
        <translation>Thêm &amp;quy tắc SMS</translation>
    </message>
    <message>
        <source>Remove SMS rule</source>
        <translation>Xóa quy tắc SMS</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>Autocall Desk cannot use its data folder</source>
        <translation>Autocall Desk không dùng được thư mục dữ liệu</translation>
    </message>
</context>
<context>
    <name>TemplateFieldsPanel</name>
    <message>
        <source>Choose an account in the status bar to see the fields its call scripts need.</source>
        <translation>Chọn một tài khoản ở thanh trạng thái để xem các trường mà kịch bản gọi của nó cần.</translation>
    </message>
    <message>
        <source>Before launching</source>
        <extracomment>Each provider's field source, by provider key.</extracomment>
        <translation>Trước khi khởi chạy</translation>
    </message>
    <message>
        <source>Problems that block the launch</source>
        <translation>Các vấn đề chặn việc khởi chạy</translation>
    </message>
    <message>
        <source>Import a file to check it against the template.</source>
        <translation>Nhập một tệp để kiểm tra với mẫu.</translation>
    </message>
    <message>
        <source>The campaign cannot be launched until these are fixed:</source>
        <translation>Chưa khởi chạy được chiến dịch cho đến khi sửa xong các vấn đề sau:</translation>
    </message>
    <message>
        <source>✓ Ready: %1 numbers can be called with this template.</source>
        <translation>✓ Sẵn sàng: có thể gọi %1 số với mẫu này.</translation>
    </message>
</context>
<context>
    <name>VBotFields</name>
    <message>
        <source>Re&amp;load</source>
        <translation>&amp;Tải lại</translation>
    </message>
    <message>
        <source>Fetch the templates and their fields from VBot again</source>
        <translation>Lấy lại các mẫu và trường của chúng từ VBot</translation>
    </message>
    <message>
        <source>&amp;Script:</source>
        <translation>&amp;Kịch bản:</translation>
    </message>
    <message>
        <source>The templates are fetched from VBot when you open this tab.</source>
        <translation>Các mẫu được lấy từ VBot khi bạn mở thẻ này.</translation>
    </message>
    <message>
        <source>Loading templates from VBot…</source>
        <translation>Đang tải các mẫu từ VBot…</translation>
    </message>
    <message>
        <source>The templates could not be loaded: %1</source>
        <translation>Không tải được các mẫu: %1</translation>
    </message>
    <message>
        <source>This VBot account has no call-script templates yet.</source>
        <translation>Tài khoản VBot này chưa có mẫu kịch bản gọi nào.</translation>
    </message>
    <message>
        <source>Loading the fields of %1…</source>
        <translation>Đang tải các trường của %1…</translation>
    </message>
    <message>
        <source>The template's fields could not be loaded: %1</source>
        <translation>Không tải được các trường của mẫu: %1</translation>
    </message>
    <message>
        <source>This template speaks no custom fields.</source>
        <translation>Mẫu này không đọc trường riêng nào.</translation>
    </message>
</context>
<context>
    <name>VBotPage</name>
    <message>
        <source>Call the list in groups, with a script and a hotline</source>
        <translation>Gọi danh sách theo từng nhóm, với một kịch bản và một hotline</translation>
    </message>
    <message>
        <source>Call numbers one by one</source>
        <translation>Gọi lần lượt từng số</translation>
    </message>
    <message>
        <source>Copy an existing VBot campaign (older way)</source>
        <translation>Sao chép một chiến dịch VBot có sẵn (cách cũ)</translation>
    </message>
    <message>
        <source>&amp;Refresh lists</source>
        <translation>&amp;Làm mới danh sách</translation>
    </message>
    <message>
        <source>Ask VBot again for the account's templates and hotlines</source>
        <translation>Hỏi lại VBot các mẫu và hotline của tài khoản</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>VBot has deprecated this API, and its request carries no per-call key: the whole list is sent once, and if VBot's reply is lost you are asked to check the VBot console; it is never sent again automatically.</source>
        <translation>VBot đã ngừng hỗ trợ API này, và yêu cầu của nó không có mã riêng cho từng cuộc gọi: cả danh sách được gửi một lần, và nếu mất phản hồi của VBot, bạn sẽ được nhắc kiểm tra trang quản trị VBot; danh sách không bao giờ tự được gửi lại.</translation>
    </message>
    <message>
        <source>The template campaign's own</source>
        <translation>Theo chiến dịch mẫu</translation>
    </message>
    <message>
        <source>Sent with every number of the list as VBot's “description” key (empty: not sent). A contact column mapped to “description” wins.</source>
        <translation>Gửi kèm mọi số trong danh sách dưới khóa “description” của VBot (để trống: không gửi). Nếu có cột liên hệ được ghép với “description” thì cột đó được ưu tiên.</translation>
    </message>
    <message>
        <source>How many times VBot calls each number: VBot's “numberCall” key (a whole number; not sent when left at the template campaign's own).</source>
        <translation>Số lần VBot gọi mỗi số: khóa “numberCall” của VBot (số nguyên; không gửi nếu để theo chiến dịch mẫu).</translation>
    </message>
    <message>
        <source> s</source>
        <translation> giây</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Không giới hạn</translation>
    </message>
    <message>
        <source>Longest talk time of one call (VBot: max_time)</source>
        <translation>Thời gian đàm thoại dài nhất của một cuộc gọi (VBot: max_time)</translation>
    </message>
    <message>
        <source>How long a call may ring before it counts as not answered (max_waiting_time)</source>
        <translation>Thời gian đổ chuông tối đa trước khi tính là không nghe máy (max_waiting_time)</translation>
    </message>
    <message>
        <source>&amp;How to call:</source>
        <translation>&amp;Cách gọi:</translation>
    </message>
    <message>
        <source>&amp;Script:</source>
        <translation>&amp;Kịch bản:</translation>
    </message>
    <message>
        <source>&amp;Hotline:</source>
        <translation>&amp;Hotline:</translation>
    </message>
    <message>
        <source>Number of the VBot &amp;campaign to copy:</source>
        <translation>Mã &amp;chiến dịch VBot cần sao chép:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Mô tả:</translation>
    </message>
    <message>
        <source>&amp;Number of calls:</source>
        <translation>&amp;Số lần gọi:</translation>
    </message>
    <message>
        <source>Longest &amp;talk time:</source>
        <translation>Đàm thoại &amp;tối đa:</translation>
    </message>
    <message>
        <source>Longest &amp;ringing time:</source>
        <translation>Đổ &amp;chuông tối đa:</translation>
    </message>
    <message>
        <source>Asking VBot for the templates and hotlines…</source>
        <translation>Đang hỏi VBot các mẫu và hotline…</translation>
    </message>
    <message>
        <source>The lists could not be read: %1</source>
        <translation>Không đọc được danh sách: %1</translation>
    </message>
    <message>
        <source>%1 template(s) and %2 hotline(s) on this account.</source>
        <translation>Tài khoản này có %1 mẫu và %2 hotline.</translation>
    </message>
    <message>
        <source>%1 (not on this account)</source>
        <translation>%1 (không có trong tài khoản này)</translation>
    </message>
    <message>
        <source>Needs a v2 VBot account (with its VBot ID and project code).</source>
        <translation>Cần tài khoản VBot v2 (có mã VBot và mã nhóm).</translation>
    </message>
</context>
</TS>