"""Messages the engine shows people (errors, notifications), in Vietnamese (default)
and English. A key with its parameters is rendered at the edge, in the user's
language."""
from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    # deadlines and time parameters
    "deadline.unknown_kind": ("Loại thời hạn không hợp lệ: «{kind}»", "Unknown deadline kind: «{kind}»"),
    "deadline.unexpected_value": ("Thời hạn loại «{kind}» không có giá trị ngày (nhận được «{value}»)",
                                  "A «{kind}» deadline takes no date (got «{value}»)"),
    "deadline.missing_value": ("Thời hạn loại «{kind}» thiếu giá trị", "A «{kind}» deadline needs a value"),
    "deadline.impossible": ("Ngày không tồn tại: «{value}»", "That date does not exist: «{value}»"),
    "parameter.bad_offset": ("Tham số «{name}» phải có dạng «-7 working_days» hoặc «30 days» (nhận «{value}»)",
                             "Parameter «{name}» must look like «-7 working_days» or «30 days» (got «{value}»)"),
    "parameter.bad_time": ("Tham số «{name}» phải là giờ HH:MM (nhận «{value}»)",
                           "Parameter «{name}» must be a time HH:MM (got «{value}»)"),
    "parameter.bad_day": ("Tham số «{name}» phải là ngày 1–28 trong tháng (nhận «{value}»)",
                          "Parameter «{name}» must be a day 1–28 of the month (got «{value}»)"),
    # process definitions
    "bpmn.xml_syntax": ("Tệp BPMN không đúng cú pháp XML (dòng {line}): {detail}",
                        "The BPMN file is not well-formed XML (line {line}): {detail}"),
    "bpmn.invalid": ("Sơ đồ BPMN không hợp lệ{where}: {detail}", "The BPMN diagram is invalid{where}: {detail}"),
    "bpmn.no_process": ("Sơ đồ không có quy trình thực thi được (isExecutable=\"true\")",
                        "The diagram has no executable process (isExecutable=\"true\")"),
    "bpmn.unsafe_code": ("Phần tử «{element}» (dòng {line}) có mã không được phép: {reason}",
                         "Element «{element}» (line {line}) has code that is not allowed: {reason}"),
    "bpmn.unknown_form": ("Bước «{element}» dùng biểu mẫu không có: «{form}»",
                          "Step «{element}» uses an unknown form «{form}»"),
    "bpmn.unknown_lane": ("Bước «{element}» nằm ngoài làn vai trò đã biết (làn «{lane}»)",
                          "Step «{element}» is not in a lane of a known role (lane «{lane}»)"),
    "bpmn.unknown_parameter": ("Bước «{element}» dùng tham số thời gian không có: «{name}»",
                                "Step «{element}» uses an unknown time parameter «{name}»"),
    "bpmn.unknown_helper": ("Phần tử «{element}» gọi hàm không có: «{name}»",
                            "Element «{element}» calls an unknown function «{name}»"),
    "bpmn.uncaught_error": ("Quy trình gặp lỗi BPMN không được xử lý: {name}",
                            "The process raised a BPMN error nobody caught: {name}"),
    "bpmn.script_failed": ("Bước tự động «{element}» bị lỗi: {detail}", "Automatic step «{element}» failed: {detail}"),
    "process.not_found": ("Không tìm thấy quy trình «{key}»", "No process «{key}»"),
    # directives and import
    "import.not_json": ("Tệp không phải JSON hợp lệ: {detail}", "The file is not valid JSON: {detail}"),
    "import.invalid": ("Dữ liệu văn bản không hợp lệ: {detail}", "The directive data is invalid: {detail}"),
    "import.unknown_agency": ("Nhiệm vụ {ref}: không có cơ quan «{name}» trong danh mục",
                              "Task {ref}: no agency «{name}» in the registry"),
    "import.no_lead": ("Nhiệm vụ {ref}: thiếu cơ quan chủ trì", "Task {ref}: no lead agency"),
    "import.no_member": ("Nhiệm vụ {ref}: nhóm «{group}» không có cơ quan nào tồn tại vào ngày {day}",
                         "Task {ref}: group «{group}» has no agency existing on {day}"),
    "import.future_members": ("Nhiệm vụ {ref}: nhóm «{group}» chưa có cơ quan nào vào ngày ban hành; giao cho các cơ quan của nhóm từ ngày {day}",
                              "Task {ref}: group «{group}» had no member on the issue date; assigned to its members from {day}"),
    "import.bad_deadline": ("Nhiệm vụ {ref}: {detail}", "Task {ref}: {detail}"),
    "import.no_tasks": ("Văn bản không có nhiệm vụ nào", "The directive has no tasks"),
    "import.duplicate": ("Văn bản «{number}» ngày {date} đã được nhập", "Directive «{number}» of {date} was already imported"),
    # directive pages, manual entry and extraction review
    "directive.not_found": ("Không tìm thấy văn bản «{directive}»", "No directive «{directive}»"),
    "directive.forbidden": ("Bạn không có quyền xem văn bản này", "You may not see this directive"),
    "directive.entry_forbidden": ("Chỉ cơ quan theo dõi hoặc quản trị hệ thống được nhập văn bản",
                                  "Only a monitoring agency or an administrator may enter directives"),
    "entry.no_title": ("Văn bản thiếu trích yếu", "The directive has no title (trích yếu)"),
    "entry.no_date": ("Văn bản thiếu ngày ban hành", "The directive has no issue date"),
    "entry.bad_date": ("Ngày ban hành không hợp lệ: «{value}» (dd/mm/yyyy)",
                       "The issue date is not valid: «{value}» (dd/mm/yyyy)"),
    "entry.no_summary": ("Nhiệm vụ {ref}: thiếu nội dung nhiệm vụ", "Task {ref}: no content"),
    "entry.duplicate_ref": ("Số hiệu nhiệm vụ «{ref}» bị trùng", "Task number «{ref}» is used twice"),
    "entry.bad_deadline_value": ("Nhiệm vụ {ref}: thời hạn «{value}» phải có dạng {shape}",
                                 "Task {ref}: the deadline «{value}» must look like {shape}"),
    "entry.impossible_date": ("Nhiệm vụ {ref}: ngày không tồn tại «{value}»",
                              "Task {ref}: the date «{value}» does not exist"),
    "entry.unread_deadline": ("Nhiệm vụ {ref}: không đọc được thời hạn «{text}» ({detail})",
                              "Task {ref}: cannot read the deadline «{text}» ({detail})"),
    "entry.gap_product": ("Nhiệm vụ {ref}: chưa rõ sản phẩm", "Task {ref}: no expected product"),
    "entry.gap_deadline": ("Nhiệm vụ {ref}: chưa rõ thời hạn", "Task {ref}: no deadline"),
    "entry.gap_authority": ("Văn bản chưa chọn người có thẩm quyền xác nhận hoàn thành (sẽ dùng mặc định: {name})",
                            "No authority to sign completion off was chosen (the default will be used: {name})"),
    "entry.has_errors": ("Văn bản còn lỗi, chưa thể khởi động: {detail}",
                         "The directive still has errors and cannot be launched: {detail}"),
    "entry.gaps_unacknowledged": ("Còn nhiệm vụ chưa đủ «6 rõ»; hãy đánh dấu đã kiểm tra trước khi khởi động",
                                  "Some tasks miss one of the «6 rõ»; tick that you checked them before launching"),
    "extraction.unreadable": ("{detail}", "The file cannot be read: {detail}"),
    "review.not_found": ("Không tìm thấy bản rà soát (có thể đã được khởi động hoặc hủy)",
                         "No such review draft (it may have been launched or discarded)"),
    "review.no_task": ("Không tìm thấy nhiệm vụ «{key}» trong bản rà soát", "No task «{key}» in this review"),
    "review.no_file": ("Hãy chọn tệp văn bản (.txt, .docx, .pdf)", "Choose a directive file (.txt, .docx, .pdf)"),
    # steps
    "step.not_found": ("Không tìm thấy bước «{step}»", "No step «{step}»"),
    "step.already_completed": ("Bước này đã được {who} hoàn thành lúc {when}",
                               "This step was already completed by {who} at {when}"),
    "step.changed": ("Nhiệm vụ vừa được người khác cập nhật; hãy tải lại trang",
                     "Someone else just updated this task; reload the page"),
    "step.forbidden": ("Bạn không có quyền thực hiện bước này", "You may not act on this step"),
    "step.suspended": ("Nhiệm vụ đang tạm dừng; chỉ có thể tiếp tục hoặc hủy", "The task is suspended; it can only be resumed or cancelled"),
    "step.closed": ("Nhiệm vụ đã kết thúc; không thể thực hiện thêm", "The task is closed; nothing more can be done"),
    "form.invalid": ("Biểu mẫu có lỗi: {detail}", "The form has errors: {detail}"),
    "bpmn.unsupported": ("Phần tử «{element}» (dòng {line}) dùng loại «{kind}» mà chidao không hỗ trợ",
                         "Element «{element}» (line {line}) is a «{kind}», which chidao does not support"),
    "form.required": ("Trường «{field}» là bắt buộc", "«{field}» is required"),
    "form.bad_choice": ("Trường «{field}»: lựa chọn không hợp lệ «{value}»", "«{field}»: invalid choice «{value}»"),
    "form.bad_date": ("Trường «{field}»: ngày không hợp lệ «{value}» (dd/mm/yyyy)",
                      "«{field}»: invalid date «{value}» (dd/mm/yyyy)"),
    "form.bad_number": ("Trường «{field}»: phải là số từ {min} đến {max}", "«{field}»: must be a number from {min} to {max}"),
    "form.too_long": ("Trường «{field}»: tối đa {max} ký tự", "«{field}»: at most {max} characters"),
    "form.unknown_field": ("Trường không có trong biểu mẫu: «{field}»", "Not a field of this form: «{field}»"),
    "form.date_not_after": ("Trường «{field}»: phải sau {after}", "«{field}»: must be after {after}"),
    "form.not_officer": ("«{value}» không phải chuyên viên của {agency}", "«{value}» is not an officer of {agency}"),
    "form.no_deadline": ("Nhiệm vụ không có thời hạn nên không thể gia hạn", "The task has no deadline to extend"),
    "form.no_coordinator": ("Nhiệm vụ không có đơn vị phối hợp này: «{value}»", "The task has no coordinating agency «{value}»"),
    "form.comment_required": ("Khi trả lại phải ghi rõ ý kiến", "A return needs a comment"),
    # evidence
    "evidence.too_large": ("Tệp «{name}» quá lớn ({size} byte; tối đa {max} byte)",
                           "File «{name}» is too large ({size} bytes; at most {max})"),
    "evidence.empty": ("Tệp «{name}» rỗng", "File «{name}» is empty"),
    "evidence.not_found": ("Không tìm thấy tệp minh chứng", "No such evidence file"),
    # agencies, users
    "agency.not_found": ("Không tìm thấy cơ quan «{name}»", "No agency «{name}»"),
    "agency.still_exists": ("Cơ quan «{name}» chưa chấm dứt hoạt động", "Agency «{name}» has not ceased"),
    "user.not_found": ("Không tìm thấy người dùng «{login}»", "No user «{login}»"),
    "user.no_role": ("Người dùng «{login}» không có vai trò «{role}»", "User «{login}» does not hold role «{role}»"),
    "task.not_found": ("Không tìm thấy nhiệm vụ «{task}»", "No task «{task}»"),
    "task.unknown_status": ("Tình trạng không hợp lệ «{status}»; dùng một trong: {choices}",
                            "Unknown status «{status}»; use one of: {choices}"),
    "task.unknown_bucket": ("Nhóm thống kê không hợp lệ «{bucket}»; dùng một trong: {choices}",
                            "Unknown count «{bucket}»; use one of: {choices}"),
    "task.forbidden": ("Bạn không có quyền xem nhiệm vụ này", "You may not see this task"),
    "auth.wrong_password": ("Mật khẩu hiện tại không đúng", "The current password is wrong"),
    "auth.password_mismatch": ("Hai lần nhập mật khẩu mới không khớp", "The two new passwords differ"),
    "auth.same_password": ("Mật khẩu mới phải khác mật khẩu hiện tại",
                           "The new password must differ from the current one"),
    "calendar.bad_day": ("Ngày không hợp lệ: «{value}»", "Invalid day: «{value}»"),
    # ---- auth hardening (issue 16): sign-in limits, password policy, sessions ----
    "auth.locked_seconds": ("Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau {seconds} giây.",
                            "Too many wrong passwords. Try again in {seconds} seconds."),
    "auth.locked_minutes": ("Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau {minutes} phút.",
                            "Too many wrong passwords. Try again in {minutes} minutes."),
    "auth.limits_unavailable": ("Tạm thời không kiểm tra được đăng nhập (kho đếm lượt đăng nhập không trả lời). "
                                "Hãy thử lại sau ít phút.",
                                "Sign-in cannot be checked right now (the sign-in counter store does not answer). "
                                "Try again in a few minutes."),
    "password.too_short": ("Mật khẩu phải có ít nhất {min} ký tự.", "The password needs at least {min} characters."),
    "password.too_long": ("Mật khẩu dài tối đa {max} ký tự.", "The password may have at most {max} characters."),
    "password.repeated": ("Mật khẩu chỉ lặp lại một ký tự hoặc một cụm ký tự (như «aaaaaaaa»), rất dễ đoán. "
                          "Hãy dùng một cụm nhiều từ không liên quan đến nhau.",
                          "The password only repeats a character or a group of characters (like «aaaaaaaa»): "
                          "easy to guess. Use a phrase of several unrelated words."),
    "password.sequence": ("Mật khẩu là một dãy liên tiếp (như «12345678» hoặc «abcdefgh»), rất dễ đoán. "
                          "Hãy dùng một cụm nhiều từ không liên quan đến nhau.",
                          "The password is a run of consecutive characters (like «12345678» or «abcdefgh»): "
                          "easy to guess. Use a phrase of several unrelated words."),
    "password.keyboard": ("Mật khẩu là các phím liền nhau trên bàn phím (như «qwerty»), rất dễ đoán.",
                          "The password is a row of neighbouring keys (like «qwerty»): easy to guess."),
    "password.date": ("Mật khẩu chủ yếu là ngày tháng hoặc năm, rất dễ đoán.",
                      "The password is mostly a date or a year: easy to guess."),
    "password.common": ("Đây là một mật khẩu phổ biến (có trong danh sách mật khẩu hay bị dò như «password»). "
                        "Hãy chọn mật khẩu khác.",
                        "This is a common password (on the lists attackers try first, like «password»). "
                        "Choose another."),
    "password.word": ("Mật khẩu chủ yếu là một từ thông dụng, dễ đoán. Hãy ghép thêm vài từ không liên quan.",
                      "The password is mostly one common word: easy to guess. Add a few unrelated words."),
    "password.is_login": ("Mật khẩu không được trùng với tên đăng nhập.",
                          "The password may not be the login."),
    "password.is_name": ("Mật khẩu không được là họ tên của người dùng.",
                         "The password may not be the user's name."),
    "password.has_personal": ("Mật khẩu chủ yếu là tên đăng nhập hoặc họ tên của người dùng, dễ đoán.",
                              "The password is mostly the login or the user's name: easy to guess."),
    "password.demo": ("Mật khẩu không được là mật khẩu dùng chung của bản minh họa.",
                      "The password may not be the demo's shared password."),
    "password.product_word": ("Mật khẩu chủ yếu là tên hệ thống, tên tỉnh hoặc từ «mật khẩu», dễ đoán.",
                              "The password is mostly the product's or the province's name, or the word "
                              "«password»: easy to guess."),
    "password.guessable": ("Mật khẩu quá dễ đoán. Hãy dùng mật khẩu dài hơn, ví dụ một cụm ba, bốn từ "
                           "không liên quan đến nhau.",
                           "The password is too easy to guess. Use a longer one, e.g. three or four "
                           "unrelated words."),
    # ---- audit chain, audit search, administration (branch audit-admin) ----
    "audit.altered": ("Dòng số {seq} (#{id}) bị sửa: nội dung không khớp mã băm",
                      "Row {seq} (#{id}) was altered: its content does not match its hash"),
    "audit.relinked": ("Dòng số {seq} (#{id}) không nối tiếp dòng trước nó (dòng trước bị sửa rồi băm lại, "
                       "hoặc liên kết của dòng này bị sửa)",
                       "Row {seq} (#{id}) does not follow the row before it (that row was altered and re-hashed, "
                       "or this row's link was altered)"),
    "audit.missing": ("Thiếu {count} dòng ở giữa chuỗi: số {seq}–{last} (đã bị xóa)",
                      "{count} row(s) missing from the middle of the chain: {seq}–{last} (deleted)"),
    "audit.cut": ("Thiếu {count} dòng cuối: số {seq}–{last} (mốc kiểm chứng ghi đầu chuỗi là dòng số {last})",
                  "{count} row(s) missing at the end: {seq}–{last} (the checkpoint records row {last} as the head)"),
    "audit.unrecorded": ("Có {count} dòng sau đầu chuỗi mà mốc kiểm chứng ghi nhận (số {seq}–{last}): "
                         "được thêm ngoài chidao",
                         "{count} row(s) after the head the checkpoint records ({seq}–{last}): added outside chidao"),
    "audit.head_replaced": ("Dòng cuối (số {seq}) không phải dòng mà mốc kiểm chứng ghi nhận: đã bị thay",
                            "The last row ({seq}) is not the one the checkpoint records: it was replaced"),
    "audit.checkpoint_missing": ("Không có mốc kiểm chứng đầu chuỗi: không thể biết các dòng cuối có bị xóa không",
                                 "The chain's checkpoint is missing: rows cut from the end cannot be ruled out"),
    "audit.checkpoint_forged": ("Chữ ký của mốc kiểm chứng không đúng: mốc bị sửa (hoặc khóa CHIDAO_AUDIT_KEY đã đổi)",
                                "The checkpoint's signature is wrong: it was altered (or CHIDAO_AUDIT_KEY changed)"),
    "admin.forbidden": ("Chỉ quản trị hệ thống được thực hiện việc này", "Only an administrator may do this"),
    "user.bad_login": ("Tên đăng nhập «{value}» không hợp lệ: 2–80 ký tự thường không dấu, số, dấu chấm, gạch "
                       "ngang hoặc gạch dưới", "Invalid login «{value}»: 2–80 lower-case letters without accents, "
                       "digits, dots, hyphens or underscores"),
    "user.bad_email": ("Địa chỉ thư điện tử không hợp lệ: «{value}»", "Not a valid e-mail address: «{value}»"),
    "user.no_roles": ("Hãy chọn ít nhất một vai trò", "Choose at least one role"),
    "user.duplicate": ("Tên đăng nhập «{login}» đã có người dùng", "The login «{login}» is already taken"),
    "user.agency_ceased": ("Cơ quan «{name}» đã chấm dứt hoạt động", "Agency «{name}» has ceased"),
    "user.own_admin": ("Không thể tự bỏ vai trò quản trị hệ thống của chính mình",
                       "You cannot remove your own administrator role"),
    "user.own_deactivation": ("Không thể tự khóa tài khoản của chính mình", "You cannot deactivate your own account"),
    "user.must_change_password": ("Mật khẩu của bạn vừa được quản trị hệ thống đặt lại: hãy đăng nhập trên trang web "
                                  "và đổi mật khẩu trước khi dùng API",
                                  "Your password was reset by an administrator: sign in on the web site and change "
                                  "it before using the API"),
    "agency.bad_name": ("Tên cơ quan không được bắt đầu bằng «@» (dành cho nhóm): «{name}»",
                        "An agency name may not start with «@» (kept for groups): «{name}»"),
    "agency.duplicate": ("Đã có cơ quan «{name}» trong danh mục", "The registry already has «{name}»"),
    "agency.cease_in_future": ("Ngày cuối hoạt động {day} chưa đến: hãy ghi nhận khi cơ quan đã chấm dứt",
                               "The last day {day} is still to come: record the cessation once it has happened"),
    "agency.own_successor": ("Cơ quan không thể kế thừa chính nó", "An agency cannot succeed itself"),
    "agency.successor_gone": ("Cơ quan kế thừa «{name}» không hoạt động vào ngày {day}",
                              "The successor «{name}» does not exist on {day}"),
    "calendar.bad_month": ("Tháng không hợp lệ: «{value}»", "Invalid month: «{value}»"),
    "export.no_font": ("Máy chủ thiếu phông chữ DejaVu Sans để xuất PDF tiếng Việt (gói Debian fonts-dejavu-core)",
                       "The server lacks the DejaVu Sans font for Vietnamese PDF (Debian package fonts-dejavu-core)"),
    "export.bad_format": ("Định dạng xuất không hỗ trợ: «{value}»", "Unsupported export format: «{value}»"),
    "audit.forbidden": ("Chỉ thanh tra, cơ quan theo dõi và quản trị hệ thống được xem nhật ký kiểm tra",
                        "Only auditors, monitors and administrators may read the audit log"),
    "audit.checkpoint_broken": ("Khi ghi dòng số {seq}, mốc kiểm chứng đã không hợp lệ (bị sửa, bị xóa hoặc đổi khóa): "
                                "các dòng cuối trước dòng số {seq} có thể đã bị cắt",
                                "When row {seq} was written the checkpoint was invalid (altered, removed or a new "
                                "key): rows at the end before row {seq} may have been cut"),
    # bounded scripts, safe files (sandbox-files)
    "sandbox.too_much_work": ("phép tính vượt quá {max} bước", "the calculation goes past {max} steps"),
    "sandbox.too_slow": ("phép tính chạy quá {seconds} giây", "the calculation runs past {seconds} seconds"),
    "sandbox.too_long": ("kết quả dài {size} phần tử, vượt giới hạn {max}",
                         "the result would hold {size} items, past the limit of {max}"),
    "sandbox.too_big_number": ("số nguyên vượt quá {max} bit", "the integer would pass {max} bits"),
    "sandbox.format_too_wide": ("độ rộng hoặc độ chính xác «{value}» trong định dạng vượt giới hạn {max}",
                                "the width or precision «{value}» in a format is past the limit of {max}"),
    "sandbox.star_width": ("định dạng «%» không được dùng độ rộng «*»", "a «%» format may not use a «*» width"),
    "sandbox.number_text_too_long": ("chuỗi {size} ký tự quá dài để đổi thành số (tối đa {max})",
                                     "a text of {size} characters is too long to read as a number (at most {max})"),
    "sandbox.data_too_big": ("dữ liệu kịch bản để lại vượt giới hạn {max} phần tử",
                             "the data the script leaves behind passes the limit of {max} items"),
    "bpmn.script_limit": ("Bước tự động «{element}» bị dừng vì {reason}. Không có gì thay đổi; hãy báo người "
                          "quản trị quy trình sửa sơ đồ.",
                          "Automatic step «{element}» was stopped: {reason}. Nothing was changed; ask the "
                          "process owner to fix the diagram."),
    "bpmn.costly_code": ("Phần tử «{element}» (dòng {line}) có biểu thức vượt giới hạn an toàn: {reason}",
                         "Element «{element}» (line {line}) has an expression past the safety limits: {reason}"),
    "json.not_text": ("không phải văn bản UTF-8 (byte lạ ở vị trí {at})", "not UTF-8 text (a stray byte at {at})"),
    "json.nul": ("có ký tự NUL (\\u0000)", "it holds a NUL character (\\u0000)"),
    "json.too_deep": ("lồng nhau quá {max} cấp", "nested deeper than {max} levels"),
    "json.too_big": ("quá lớn ({size} byte; tối đa {max})", "too large ({size} bytes; at most {max})"),
    "bpmn.not_text": ("Tệp BPMN không phải văn bản UTF-8 (byte lạ ở vị trí {at})",
                      "The BPMN file is not UTF-8 text (a stray byte at {at})"),
    "bpmn.foreign_element": ("Dòng {line}: thẻ «{name}» không thuộc BPMN, BPMN-DI, DC, DI hay spiffworkflow; "
                             "sơ đồ không được chứa thẻ lạ",
                             "Line {line}: element «{name}» is outside BPMN, BPMN-DI, DC, DI and spiffworkflow; "
                             "a diagram may not carry foreign elements"),
    "bpmn.foreign_attribute": ("Dòng {line}: thuộc tính «{name}» của «{element}» không thuộc BPMN, BPMN-DI, DC, DI "
                               "hay spiffworkflow",
                               "Line {line}: attribute «{name}» of «{element}» is outside BPMN, BPMN-DI, DC, DI "
                               "and spiffworkflow"),
    "bpmn.processing_instruction": ("Dòng {line}: sơ đồ không được chứa chỉ thị xử lý «<?{name} …?>»",
                                    "Line {line}: a diagram may not carry the processing instruction «<?{name} …?>»"),
    "bpmn.doctype": ("Sơ đồ không được chứa khai báo DOCTYPE hay thực thể (entity)",
                     "A diagram may not carry a DOCTYPE or entity declarations"),
    "evidence.bad_extension": ("Tệp «{name}» không được nhận làm minh chứng: phần mở rộng «.{ext}» không thuộc "
                               "các loại được nhận ({allowed})",
                               "File «{name}» is not accepted as evidence: «.{ext}» is not one of the accepted "
                               "kinds ({allowed})"),
    "evidence.bad_content": ("Tệp «{name}» không được nhận làm minh chứng: nội dung là {found}, không phải tài "
                             "liệu hay ảnh được nhận ({allowed})",
                             "File «{name}» is not accepted as evidence: its content is {found}, not an accepted "
                             "document or image ({allowed})"),
    "evidence.mismatch": ("Tệp «{name}»: nội dung ({found}) không khớp phần mở rộng «.{ext}»",
                          "File «{name}»: its content ({found}) does not match «.{ext}»"),
    "evidence.macros": ("Tệp «{name}» chứa macro; hãy lưu lại không có macro (.docx, .xlsx, .pptx) rồi tải lên",
                        "File «{name}» carries macros; save it without them (.docx, .xlsx, .pptx) and upload again"),
    "file.too_many_parts": ("Tệp «{name}» có {count} thành phần (tối đa {max}); không đọc",
                            "File «{name}» has {count} parts (at most {max}); not read"),
    "file.unpacks_too_big": ("Tệp «{name}» khi giải nén quá lớn (phần «{part}»: {size} MB; tối đa {max} MB); "
                             "không đọc",
                             "File «{name}» unpacks too large (part «{part}»: {size} MB; at most {max} MB); not read"),
    "file.too_many_pages": ("Tệp PDF «{name}» có hơn {max} trang; không đọc",
                            "PDF «{name}» has more than {max} pages; not read"),
    "file.pdf_streams_too_big": ("Tệp PDF «{name}» có nội dung giải nén quá lớn (tối đa {max} MB); không đọc",
                                 "PDF «{name}» inflates too large (at most {max} MB); not read"),
    "file.too_slow": ("Đọc tệp «{name}» quá {seconds} giây; đã dừng", "Reading «{name}» took over {seconds} seconds; stopped"),
    "parameter.out_of_range": ("Tham số «{name}» phải trong khoảng ±{max} ngày (nhận «{value}»)",
                               "Parameter «{name}» must be within ±{max} days (got «{value}»)"),
}


def render(key: str, lang: str = "vi", **params) -> str:
    """The message ``key`` in ``lang`` ("vi" or "en") with ``params`` filled in."""
    vi, en = CATALOG.get(key, (key, key))
    template = en if lang == "en" else vi
    params = {name: value.message(lang) if callable(getattr(value, "message", None)) else value
              for name, value in params.items()}     # a nested error, in the same language
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
