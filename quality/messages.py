"""Korean / English texts of the quality services: refusals, labels of the closed vocabularies,
completion and priority reasons, sheet problems and export headers. Page texts are in
classroom/web/quality/messages.py."""

from typing import Any

from quality.rules.kinds import (
    AssessmentKind,
    AttemptStatus,
    ClosedBy,
    DrawMode,
    EvidenceKind,
    EvidenceLinkKind,
    ExamSignalKind,
    FindingStatus,
    InspectionMode,
    InspectionScope,
    InspectionStatus,
    QuestionKind,
    ResultSource,
    Severity,
)

# (member, Korean, English). A list, not a dict: StrEnum members of different vocabularies
# with the same value ("open", "offline") are equal as keys.
LABELS: list[tuple[Any, str, str]] = [
    (AssessmentKind.ONLINE, "온라인 시험", "Online exam"),
    (AssessmentKind.OFFLINE, "오프라인 평가", "Offline assessment"),
    (QuestionKind.SINGLE, "단일 선택", "Single choice"),
    (QuestionKind.MULTIPLE, "복수 선택", "Multiple choice"),
    (QuestionKind.SHORT, "단답형", "Short answer"),
    (QuestionKind.ESSAY, "서술형", "Essay"),
    (DrawMode.FIXED, "고정 순서", "Fixed order"),
    (DrawMode.SHUFFLED, "무작위 출제", "Shuffled"),
    (AttemptStatus.IN_PROGRESS, "응시 중", "In progress"),
    (AttemptStatus.SUBMITTED, "제출됨(채점 대기)", "Submitted (awaiting grading)"),
    (AttemptStatus.GRADED, "채점 완료", "Graded"),
    (ClosedBy.TRAINEE, "훈련생 제출", "Submitted by the trainee"),
    (ClosedBy.DEADLINE, "시간 종료로 자동 제출", "Closed at the deadline"),
    (EvidenceKind.START, "응시 시작", "Started"),
    (EvidenceKind.RESUME, "재접속", "Resumed"),
    (EvidenceKind.SAVE, "답안 저장", "Answer saved"),
    (EvidenceKind.FOCUS_LOST, "화면 이탈", "Left the page"),
    (EvidenceKind.FOCUS_BACK, "화면 복귀", "Back on the page"),
    (EvidenceKind.OFFLINE, "연결 끊김", "Connection lost"),
    (EvidenceKind.SUBMIT, "제출", "Submitted"),
    (EvidenceKind.LATE_REFUSED, "시간 초과로 거부", "Refused: too late"),
    (ExamSignalKind.FOCUS_AWAY, "잦은 화면 이탈", "Often away from the page"),
    (ExamSignalKind.IP_CHANGED, "응시 중 IP 변경", "Address changed during the attempt"),
    (ExamSignalKind.DEVICE_CHANGED, "응시 중 기기 변경", "Device changed during the attempt"),
    (ExamSignalKind.SHARED_IP, "같은 IP에서 동시 응시", "Same address, overlapping attempts"),
    (ExamSignalKind.SHARED_DEVICE, "같은 기기에서 여러 명 응시", "One device, several trainees"),
    (ExamSignalKind.TOO_FAST, "지나치게 빠른 고득점", "High score unusually fast"),
    (ResultSource.EXAM, "온라인 시험", "Online exam"),
    (ResultSource.OFFLINE, "오프라인 평가", "Offline assessment"),
    (Severity.LOW, "경미", "Low"),
    (Severity.MEDIUM, "보통", "Medium"),
    (Severity.HIGH, "중대", "High"),
    (InspectionScope.COURSE, "과정 점검", "Course"),
    (InspectionScope.INSTITUTION, "기관 점검", "Institution"),
    (InspectionMode.REMOTE, "원격 점검", "Remote"),
    (InspectionMode.ONSITE, "현장 점검", "On-site"),
    (InspectionStatus.OPEN, "진행 중", "Open"),
    (InspectionStatus.CLOSED, "종결", "Closed"),
    (FindingStatus.OPEN, "답변 대기", "Awaiting answer"),
    (FindingStatus.ANSWERED, "답변 완료(검토 중)", "Answered (under review)"),
    (FindingStatus.CLOSED, "종결", "Closed"),
    (EvidenceLinkKind.LESSON, "차시", "Lesson"),
    (EvidenceLinkKind.ATTENDANCE, "출결 기록", "Attendance record"),
    (EvidenceLinkKind.FRAUD_SIGNAL, "부정 출결 신호", "Attendance fraud signal"),
    (EvidenceLinkKind.EXAM_ATTEMPT, "시험 응시 기록", "Exam attempt"),
    (EvidenceLinkKind.EXAM_SIGNAL, "시험 이상 신호", "Exam signal"),
]

MESSAGES: dict[str, dict[str, str]] = {
    **{member.label_key: {"ko": ko, "en": en} for member, ko, en in LABELS},
    "quality.completion.completed": {"ko": "수료", "en": "Completed"},
    "quality.completion.not_completed": {"ko": "미수료", "en": "Not completed"},
    "quality.completion.pending": {"ko": "판정 대기", "en": "Pending"},
    # Completion reasons (rules/completion.py); rates and scores as shown (truncated).
    "quality.reason.dropped": {"ko": "중도 탈락", "en": "Dropped out"},
    "quality.reason.attendance_pending": {"ko": "출결 기록 없음", "en": "no attendance recorded yet"},
    "quality.reason.attendance_low": {
        "ko": "출석률 {rate}% (기준 {threshold}% 미만)",
        "en": "attendance {rate}% < {threshold}%",
    },
    "quality.reason.no_score": {"ko": "평가 점수 없음", "en": "no assessment score"},
    "quality.reason.score_low": {
        "ko": "평가 점수 {score}점 (합격 기준 {pass_mark}점 미만)",
        "en": "score {score} < pass mark {pass_mark}",
    },
    # Priority reasons (rules/priority.py).
    "quality.priority.fraud_signals": {
        "ko": "부정 출결 신호 {count}건: {kinds}",
        "en": "{count} attendance fraud signal(s): {kinds}",
    },
    "quality.priority.exam_signals": {"ko": "시험 이상 신호 {count}건", "en": "{count} exam signal(s)"},
    "quality.priority.attendance_missing": {
        "ko": "출결 기록 없음",
        "en": "no attendance recorded",
    },
    "quality.priority.attendance_low": {
        "ko": "훈련생 {trainees}명 중 {below}명 출석률 기준 미달",
        "en": "{below} of {trainees} trainees below the attendance rate",
    },
    "quality.priority.attendance_mean_low": {"ko": "평균 출석률 {rate}%", "en": "mean attendance {rate}%"},
    "quality.priority.no_assessment": {"ko": "이수자평가 미등록", "en": "no completion assessment"},
    "quality.priority.results_unpublished": {
        "ko": "종료 후 평가 결과 미공개",
        "en": "results not published after the end",
    },
    # Assessment settings and bank.
    "quality.assessment.missing": {
        "ko": "이 과정에는 아직 이수자평가가 등록되지 않았습니다.",
        "en": "This course has no completion assessment yet.",
    },
    "quality.assessment.title_required": {
        "ko": "평가 이름을 입력해 주세요.",
        "en": "Enter the assessment's name.",
    },
    "quality.assessment.window_required": {
        "ko": "온라인 시험은 응시 시작과 마감 시각이 필요합니다.",
        "en": "An online exam needs an opening and a closing time.",
    },
    "quality.assessment.window_order": {
        "ko": "마감 시각은 시작 시각보다 뒤여야 합니다.",
        "en": "The exam must close after it opens.",
    },
    "quality.assessment.limit_range": {
        "ko": "제한 시간은 1~600분이어야 합니다.",
        "en": "The time limit must be 1–600 minutes.",
    },
    "quality.assessment.count_range": {
        "ko": "출제 문항 수는 1~{limit}개여야 합니다.",
        "en": "The number of questions drawn must be 1–{limit}.",
    },
    "quality.assessment.kind_locked": {
        "ko": "응시 기록이나 점수가 있어 평가 방식을 바꿀 수 없습니다.",
        "en": "Attempts or scores exist: the assessment's kind can no longer change.",
    },
    "quality.question.text_required": {"ko": "문항 내용을 입력해 주세요.", "en": "Enter the question."},
    "quality.question.points_range": {"ko": "배점은 1~100점입니다.", "en": "Points must be 1–100."},
    "quality.question.choices": {
        "ko": "보기는 2~{limit}개이며 비어 있을 수 없습니다.",
        "en": "A choice question needs 2–{limit} non-empty choices.",
    },
    "quality.question.correct_missing": {
        "ko": "정답 보기를 골라 주세요.",
        "en": "Mark the correct choice(s).",
    },
    "quality.question.single_one": {
        "ko": "단일 선택 문항의 정답은 하나입니다.",
        "en": "A single-choice question has exactly one correct choice.",
    },
    "quality.question.accepted_missing": {
        "ko": "인정 답안을 1~{limit}개 입력해 주세요.",
        "en": "Enter 1–{limit} accepted answers.",
    },
    "quality.question.bank_full": {
        "ko": "문제은행에는 {limit}문항까지 둘 수 있습니다.",
        "en": "A bank holds at most {limit} questions.",
    },
    "quality.question.archived": {
        "ko": "보관된 문항은 고칠 수 없습니다.",
        "en": "An archived question cannot be edited.",
    },
    # Taking the exam.
    "quality.exam.none": {"ko": "응시할 온라인 시험이 없습니다.", "en": "There is no online exam to take."},
    "quality.exam.trainees_only": {"ko": "시험은 훈련생만 응시합니다.", "en": "Only trainees take the exam."},
    "quality.exam.empty_bank": {"ko": "문제은행에 문항이 없습니다.", "en": "The question bank is empty."},
    "quality.exam.refused.no_exam": {
        "ko": "응시할 온라인 시험이 없습니다.",
        "en": "There is no online exam to take.",
    },
    "quality.exam.refused.not_open": {
        "ko": "아직 응시 기간이 아닙니다.",
        "en": "The exam has not opened yet.",
    },
    "quality.exam.refused.closed": {"ko": "응시 기간이 끝났습니다.", "en": "The exam has closed."},
    "quality.exam.refused.no_attempts_left": {
        "ko": "이미 응시했습니다. 재응시는 강사가 허용한 경우에만 가능합니다.",
        "en": "You have taken the exam. A retake needs the instructor's permission.",
    },
    "quality.exam.refused.not_enrolled": {
        "ko": "이 과정의 수강생만 응시할 수 있습니다.",
        "en": "Only trainees enrolled in the course may take it.",
    },
    "quality.exam.closed": {"ko": "이미 제출(종료)된 시험입니다.", "en": "This attempt is already closed."},
    "quality.exam.late": {
        "ko": "제한 시간이 지나 제출할 수 없습니다. 시간 안에 저장된 답안으로 제출 처리되었습니다.",
        "en": "Time is up: this was not accepted. The answers saved in time were submitted.",
    },
    "quality.exam.bad_choice": {"ko": "없는 보기입니다.", "en": "No such choice."},
    "quality.exam.one_choice": {"ko": "보기를 하나만 고를 수 있습니다.", "en": "Choose one option only."},
    "quality.exam.text_long": {
        "ko": "답안은 {limit}자까지입니다.",
        "en": "Answers are at most {limit} characters.",
    },
    "quality.exam.bad_event": {"ko": "기록할 수 없는 항목입니다.", "en": "This cannot be recorded."},
    # Grading, retakes, results.
    "quality.grade.in_progress": {
        "ko": "응시가 끝난 뒤에 채점할 수 있습니다.",
        "en": "The attempt can be graded once it has closed.",
    },
    "quality.grade.points_range": {"ko": "점수는 0~{limit}점입니다.", "en": "Points must be 0–{limit}."},
    "quality.grade.comment_long": {
        "ko": "의견은 {limit}자까지입니다.",
        "en": "Comments are at most {limit} characters.",
    },
    "quality.retake.reason_required": {
        "ko": "재응시 사유를 입력해 주세요.",
        "en": "Give the reason for the retake.",
    },
    "quality.retake.no_exam": {
        "ko": "온라인 시험에만 재응시를 허용합니다.",
        "en": "Retakes are for online exams.",
    },
    "quality.retake.no_attempt": {
        "ko": "끝난 응시가 있어야 재응시를 허용할 수 있습니다.",
        "en": "A retake needs a closed first attempt.",
    },
    "quality.retake.once": {"ko": "재응시는 한 번만 허용됩니다.", "en": "A retake can be granted once."},
    "quality.result.score_range": {"ko": "점수는 0~100점입니다.", "en": "Scores are 0–100."},
    "quality.result.score_format": {
        "ko": "점수는 0~100 사이, 소수점 둘째 자리까지 입력합니다.",
        "en": "Enter a score of 0–100 with at most two decimals.",
    },
    "quality.result.reason_required": {
        "ko": "공개된 점수를 바꾸려면 사유를 입력해야 합니다.",
        "en": "Changing a published score needs a reason.",
    },
    "quality.result.reason_long": {
        "ko": "사유는 {limit}자까지입니다.",
        "en": "Reasons are at most {limit} characters.",
    },
    "quality.result.dropped": {"ko": "중도 탈락한 훈련생입니다.", "en": "This trainee dropped out."},
    "quality.result.exam_only": {
        "ko": "온라인 시험 점수는 채점으로 정해집니다. 채점 후에 정정할 수 있습니다.",
        "en": "Online exam scores come from grading; correct them once graded.",
    },
    "quality.import.offline_only": {
        "ko": "점수 파일은 오프라인 평가에서만 올릴 수 있습니다.",
        "en": "Score files are for offline assessments.",
    },
    # Completion.
    "quality.completion.not_ended": {
        "ko": "과정이 끝난 뒤({last} 이후)에 수료를 확정할 수 있습니다.",
        "en": "Completion can be confirmed after the course ends ({last}).",
    },
    "quality.completion.unpublished": {
        "ko": "평가 결과를 먼저 공개해 주세요.",
        "en": "Publish the assessment results first.",
    },
    "quality.completion.attendance_not_recorded": {
        "ko": "이 과정에는 출결 기록이 없어 수료를 확정할 수 없습니다.",
        "en": "No attendance is recorded for this course: completion cannot be confirmed.",
    },
    # Employment.
    "quality.employment.not_completer": {
        "ko": "수료가 확정된 훈련생만 취업성과를 기록합니다.",
        "en": "Employment is recorded for confirmed completers only.",
    },
    "quality.employment.start_required": {"ko": "취업일을 입력해 주세요.", "en": "Enter the start date."},
    "quality.employment.start_future": {
        "ko": "취업일이 오늘({today}) 이후입니다. 입사 후에 기록해 주세요.",
        "en": "The start date is after today ({today}): record the job once it has started.",
    },
    "quality.employment.employer_required": {"ko": "사업장명을 입력해 주세요.", "en": "Enter the employer."},
    "quality.employment.employer_long": {
        "ko": "사업장명이 너무 깁니다.",
        "en": "The employer's name is too long.",
    },
    "quality.employment.note_long": {"ko": "비고가 너무 깁니다.", "en": "The note is too long."},
    "quality.employment.evidence_first": {
        "ko": "취업성과를 먼저 기록한 뒤 증빙을 올려 주세요.",
        "en": "Record the outcome before attaching evidence.",
    },
    "quality.evidence.type": {
        "ko": "증빙은 PDF, PNG, JPEG 파일만 올릴 수 있습니다.",
        "en": "Evidence must be a PDF, PNG or JPEG file.",
    },
    "quality.evidence.too_large": {
        "ko": "증빙 파일은 {limit_mb}MB까지 올릴 수 있습니다.",
        "en": "Evidence files are at most {limit_mb} MB.",
    },
    # Survey.
    "quality.survey.ratings": {
        "ko": "모든 문항에 1~5점으로 답해 주세요.",
        "en": "Rate every statement from 1 to 5.",
    },
    "quality.survey.comment_long": {
        "ko": "의견은 {limit}자까지입니다.",
        "en": "Comments are at most {limit} characters.",
    },
    "quality.survey.refused.not_open": {
        "ko": "아직 설문 기간이 아닙니다.",
        "en": "The survey has not opened yet.",
    },
    "quality.survey.refused.closed": {"ko": "설문 기간이 끝났습니다.", "en": "The survey has closed."},
    "quality.survey.refused.answered": {
        "ko": "이미 응답했습니다. 감사합니다.",
        "en": "You have already answered. Thank you.",
    },
    "quality.survey.refused.not_enrolled": {
        "ko": "이 과정의 수강생만 응답할 수 있습니다.",
        "en": "Only trainees of the course may answer.",
    },
    "quality.survey.q.content": {"ko": "훈련 내용이 충실했다", "en": "The training content was thorough"},
    "quality.survey.q.instructor": {
        "ko": "강사의 강의가 이해하기 쉬웠다",
        "en": "The instructor taught clearly",
    },
    "quality.survey.q.environment": {
        "ko": "훈련 환경(원격 강의실, 실습실)이 적절했다",
        "en": "The training environment (online classroom, labs) was suitable",
    },
    "quality.survey.q.usefulness": {"ko": "취업·직무에 도움이 된다", "en": "It helps for a job"},
    "quality.survey.q.overall": {"ko": "전반적으로 만족한다", "en": "Overall I am satisfied"},
    # Inspections.
    "quality.inspection.text_required": {"ko": "내용을 입력해 주세요.", "en": "Enter the text."},
    "quality.inspection.text_long": {
        "ko": "{limit}자까지 입력할 수 있습니다.",
        "en": "At most {limit} characters.",
    },
    "quality.inspection.due_past": {
        "ko": "기한은 오늘 이후여야 합니다.",
        "en": "The due date must not be in the past.",
    },
    "quality.inspection.course_required": {
        "ko": "점검할 과정을 골라 주세요.",
        "en": "Choose the course to inspect.",
    },
    "quality.inspection.course_unknown": {"ko": "없는 과정입니다.", "en": "No such course."},
    "quality.inspection.institution_unknown": {"ko": "없는 훈련기관입니다.", "en": "No such institution."},
    "quality.inspection.link_kind": {"ko": "알 수 없는 증빙 종류입니다.", "en": "Unknown kind of evidence."},
    "quality.inspection.link_course": {
        "ko": "이 증빙에는 과정을 함께 지정해야 합니다.",
        "en": "This evidence needs its course.",
    },
    "quality.inspection.link_unknown": {
        "ko": "점검 대상 기관(과정)의 기록이 아닙니다.",
        "en": "That record does not belong to the inspected institution (course).",
    },
    "quality.inspection.links_many": {
        "ko": "증빙은 {limit}개까지입니다.",
        "en": "At most {limit} evidence links.",
    },
    "quality.inspection.closed": {"ko": "종결된 점검입니다.", "en": "This inspection is closed."},
    "quality.inspection.findings_open": {
        "ko": "종결되지 않은 지적 사항이 {count}건 있습니다.",
        "en": "{count} finding(s) are not closed yet.",
    },
    "quality.finding.bad_move": {
        "ko": "지금 상태에서는 할 수 없는 처리입니다.",
        "en": "Not possible in this state.",
    },
    # Files and sheets (imports.py, rules/sheets.py).
    "quality.file.bad_file": {
        "ko": "파일을 읽을 수 없습니다. CSV(UTF-8 또는 CP949) 또는 XLSX 파일을 올려 주세요.",
        "en": "The file could not be read. Upload a CSV (UTF-8 or CP949) or XLSX file.",
    },
    "quality.file.too_many_rows": {
        "ko": "한 번에 {limit}행까지 올릴 수 있습니다.",
        "en": "At most {limit} rows per file.",
    },
    "quality.file.bomb": {
        "ko": "압축을 풀면 지나치게 커지는 파일이라 읽지 않았습니다.",
        "en": "The file would grow far too large when unpacked, so it was not read.",
    },
    "quality.file.bad_csv": {
        "ko": "CSV 파일 {row}행의 형식이 잘못되었습니다. 엑셀에서 다시 저장해 올려 주세요.",
        "en": "Row {row} of the CSV file is malformed. Save it again from Excel and upload it.",
    },
    "quality.sheet.empty": {"ko": "파일에 입력된 행이 없습니다.", "en": "The file has no rows."},
    "quality.sheet.missing_columns": {
        "ko": "필수 열이 없습니다: {columns}",
        "en": "Required columns are missing: {columns}",
    },
    "quality.sheet.rejected": {
        "ko": "파일에 오류가 {count}건 있어 아무것도 저장하지 않았습니다.",
        "en": "The file has {count} error(s); nothing was saved.",
    },
    "quality.sheet.required": {"ko": "필수 항목입니다.", "en": "Required."},
    "quality.sheet.bad_score": {
        "ko": "점수가 아닙니다({value}): 0~100, 소수점 둘째 자리까지.",
        "en": "Not a score ({value}): 0–100 with at most two decimals.",
    },
    "quality.sheet.bad_yes_no": {"ko": "Y/N으로 입력해 주세요({value}).", "en": "Use Y or N ({value})."},
    "quality.sheet.bad_date": {
        "ko": "날짜 형식이 아닙니다({value}): 2026-03-02",
        "en": "Not a date ({value}): 2026-03-02",
    },
    "quality.sheet.too_long": {"ko": "{limit}자까지입니다.", "en": "At most {limit} characters."},
    "quality.sheet.duplicate": {
        "ko": "파일 안에서 중복됩니다({other}행과 같음).",
        "en": "Repeated in the file (as row {other}).",
    },
    "quality.sheet.not_in_course": {
        "ko": "이 과정의 훈련생이 아닙니다({value}).",
        "en": "Not a trainee of this course ({value}).",
    },
    "quality.sheet.dropped": {
        "ko": "중도 탈락한 훈련생입니다({value}).",
        "en": "This trainee dropped out ({value}).",
    },
    "quality.sheet.name_mismatch": {
        "ko": "이름이 다릅니다: {value} (등록된 이름 {expected})",
        "en": "Name differs: {value} (registered as {expected})",
    },
    "quality.sheet.reason_required": {
        "ko": "공개된 점수가 바뀝니다: 변경 사유를 입력해 주세요.",
        "en": "A published score would change: give the reason.",
    },
    "quality.sheet.not_completer": {
        "ko": "수료가 확정된 훈련생이 아닙니다({value}).",
        "en": "Not a confirmed completer ({value}).",
    },
    "quality.sheet.start_future": {
        "ko": "취업일이 오늘({today}) 이후입니다.",
        "en": "The start date is after today ({today}).",
    },
    # Exports (Korean headers, as filed).
    "quality.export.completion_sheet": {"ko": "수료 현황", "en": "Completion"},
    "quality.export.rates_sheet": {"ko": "취업률", "en": "Employment rates"},
    "quality.export.pooled": {"ko": "합계", "en": "Total"},
    "quality.export.name": {"ko": "이름", "en": "Name"},
    "quality.export.email": {"ko": "이메일", "en": "E-mail"},
    "quality.export.enrolled": {"ko": "수강 중", "en": "Enrolled"},
    "quality.export.attendance": {"ko": "출석률(%)", "en": "Attendance (%)"},
    "quality.export.score": {"ko": "평가 점수", "en": "Score"},
    "quality.export.pass_mark": {"ko": "합격 기준", "en": "Pass mark"},
    "quality.export.state": {"ko": "수료 여부", "en": "Completion"},
    "quality.export.reasons": {"ko": "사유", "en": "Reasons"},
    "quality.export.confirmed": {"ko": "확정 수료", "en": "Confirmed"},
    "quality.export.institution": {"ko": "훈련기관", "en": "Institution"},
    "quality.export.course": {"ko": "과정", "en": "Course"},
    "quality.export.ends_on": {"ko": "종료일", "en": "End date"},
    "quality.export.completers": {"ko": "수료자", "en": "Completers"},
    "quality.export.employed_3_insured": {"ko": "3개월 취업(고용보험)", "en": "Employed 3 m (insured)"},
    "quality.export.rate_3_insured": {"ko": "3개월 취업률(고용보험, %)", "en": "Rate 3 m (insured, %)"},
    "quality.export.employed_3_all": {"ko": "3개월 취업(전체)", "en": "Employed 3 m (all)"},
    "quality.export.rate_3_all": {"ko": "3개월 취업률(전체, %)", "en": "Rate 3 m (all, %)"},
    "quality.export.employed_6_insured": {"ko": "6개월 취업(고용보험)", "en": "Employed 6 m (insured)"},
    "quality.export.rate_6_insured": {"ko": "6개월 취업률(고용보험, %)", "en": "Rate 6 m (insured, %)"},
    "quality.export.employed_6_all": {"ko": "6개월 취업(전체)", "en": "Employed 6 m (all)"},
    "quality.export.rate_6_all": {"ko": "6개월 취업률(전체, %)", "en": "Rate 6 m (all, %)"},
    "quality.export.high_performing": {
        "ko": "성과 우수(6개월 70% 이상)",
        "en": "High-performing (≥ 70% at 6 m)",
    },
    "quality.export.final_6": {"ko": "6개월 확정", "en": "6 m final"},
    "job.kind.quality.close_attempts": {"ko": "시간 종료 시험 마감", "en": "Closing timed-out exams"},
}
