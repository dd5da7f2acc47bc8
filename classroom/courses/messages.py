"""Korean / English texts of the courses domain: errors, rule explanations, labels.

Rule texts take their figures from `rules` (digits only, already rounded so they never
contradict the verdict): units and words are here. `texts.py` builds them as `i18n.Text`s.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # Labels of the closed vocabularies (rules/kinds.py).
    "lesson.mode.live": {"ko": "실시간 원격", "en": "Live online"},
    "lesson.mode.vod": {"ko": "이러닝(녹화)", "en": "Recorded online (VOD)"},
    "lesson.mode.classroom": {"ko": "집체", "en": "Classroom"},
    "lesson.mode.onsite": {"ko": "현장실습", "en": "On-site practice"},
    "course.category.new_tech": {"ko": "신기술", "en": "New technology"},
    "course.category.ict": {"ko": "ICT", "en": "ICT"},
    "course.category.root": {"ko": "뿌리산업", "en": "Root industries"},
    "course.category.other": {"ko": "기타", "en": "Other"},
    # The smart-training plan (rules/plan.py): one entry per violation code, then the rules.
    "plan.hours": {"ko": "{hours}시간", "en": "{hours} h"},
    "plan.percent": {"ko": "{percent}%", "en": "{percent}%"},
    "plan.rule.empty_plan": {"ko": "계획된 차시가 없습니다", "en": "no lessons planned"},
    "plan.rule.total_too_short": {
        "ko": "전체 {total}시간 ({limit}시간 미만)",
        "en": "total {total} h < {limit} h",
    },
    "plan.rule.online_share_too_low": {
        "ko": "온라인 {online}시간 / 전체 {total}시간 = {percent}% ({limit}% 미만)",
        "en": "online {online} h of {total} h = {percent}% < {limit}%",
    },
    "plan.rule.online_share_too_high": {
        "ko": "온라인 {online}시간 / 전체 {total}시간 = {percent}% ({limit}% 초과)",
        "en": "online {online} h of {total} h = {percent}% > {limit}%",
    },
    "plan.rule.online_too_short": {
        "ko": "온라인 {online}시간 ({limit}시간 미만)",
        "en": "online {online} h < {limit} h",
    },
    "plan.rule.day_too_long": {
        "ko": "{day}: 하루 훈련 {hours}시간 (하루 {limit}시간 초과)",
        "en": "{day}: {hours} h of training in one day > {limit} h a day",
    },
    "plan.rule.then": {"ko": "{a}; {b}", "en": "{a}; {b}"},
    "plan.basis.default": {"ko": "기본값, 사업연도 미개설", "en": "defaults; no programme year opened"},
    "plan.basis.programme": {"ko": "{year} 사업연도", "en": "{year} programme year"},
    "plan.rules": {
        "ko": "기준: 총 {total}시간 이상, 온라인 {low}~{high}% 그리고 {online}시간 이상, 하루 {daily}시간 이하 ({basis})",
        "en": "Rules: at least {total} h in total; online {low}–{high}% and at least {online} h; "
        "at most {daily} h a day ({basis})",
    },
    "course.publish_refused": {
        "ko": "스마트훈련 기준({basis})을 충족하지 않아 공개할 수 없습니다: {reasons}",
        "en": "The course cannot be published; it does not meet the smart-training rules ({basis}): "
        "{reasons}",
    },
    "lesson.plan_broken": {
        "ko": "공개된 과정은 스마트훈련 기준({basis})을 지켜야 하므로 변경하지 않았습니다: {reasons}",
        "en": "Not changed: a published course must keep meeting the smart-training rules ({basis}): "
        "{reasons}",
    },
    "course.title_required": {"ko": "과정명을 입력해 주세요.", "en": "Please enter a course title."},
    "course.period_order": {
        "ko": "훈련 종료일이 시작일보다 빠릅니다.",
        "en": "The training period ends before it starts.",
    },
    "course.period_too_long": {
        "ko": "훈련기간이 {days}일입니다. 과정은 최대 {years}년({max_days}일)까지 만들 수 있으니 종료일의 연도를 확인해 주세요.",
        "en": "The training period is {days} days; a course can last at most {years} years ({max_days} days). "
        "Please check the year of the end date.",
    },
    "course.starts_too_early": {
        "ko": "시작일 {starts_on:은} 1년 이상 지난 날짜입니다. 과정은 시작 전이나 진행 중에 만들므로 시작일의 연도를 확인해 주세요.",
        "en": "The start date {starts_on} is more than a year ago; courses are set up before or while they run, "
        "so please check the year of the start date.",
    },
    "course.instructor_invalid": {
        "ko": "이 기관의 강사가 아닌 사용자가 있습니다: {ids}",
        "en": "Not instructors of this institution: {ids}",
    },
    "course.instructor_has_lessons": {
        "ko": "빼려는 강사에게 배정된 차시가 {count}개 있습니다. 먼저 차시의 강사를 바꿔 주세요.",
        "en": "The instructor you are removing teaches {count} lesson(s) of this course; reassign them first.",
    },
    "course.only_lead_staffs": {
        "ko": "공동 강사는 이 과정의 책임강사나 기관 관리자만 추가하거나 뺄 수 있습니다.",
        "en": "Only the course's lead instructor or an institution admin can add or remove co-instructors.",
    },
    "course.only_lead_hands_over": {
        "ko": "책임강사는 현재 책임강사나 기관 관리자만 바꿀 수 있습니다.",
        "en": "Only the current lead instructor or an institution admin can change the course's lead.",
    },
    "course.lead_not_instructor": {
        "ko": "책임강사는 이 과정의 담당 강사 중에서 정해 주세요.",
        "en": "The lead instructor must be one of the course's instructors.",
    },
    "course.cannot_remove_self": {
        "ko": "강사는 자신이 담당하는 과정에서 자신을 뺄 수 없습니다.",
        "en": "An instructor cannot remove themselves from a course they teach.",
    },
    "course.period_over": {
        "ko": "훈련기간이 이미 끝났습니다 (종료일 {last}).",
        "en": "The training period is already over (it ended on {last}).",
    },
    "course.no_instructor": {
        "ko": "담당 강사를 한 명 이상 지정해 주세요.",
        "en": "Assign at least one instructor.",
    },
    "course.lessons_outside_period": {
        "ko": "새 훈련기간 밖에 차시가 {count}개 있습니다 (예: {first}).",
        "en": "{count} lesson(s) fall outside the new training period (e.g. {first}).",
    },
    "course.capacity_below_enrolled": {
        "ko": "정원 {capacity}명은 현재 수강 인원 {enrolled}명보다 적습니다.",
        "en": "A capacity of {capacity} is below the {enrolled} trainees already enrolled.",
    },
    "course.finished_readonly": {
        "ko": "종료된 과정은 변경할 수 없습니다.",
        "en": "A finished course cannot be changed.",
    },
    "course.not_teaching": {
        "ko": "담당 강사이거나 기관 관리자만 이 과정을 편집할 수 있습니다.",
        "en": "Only the course's instructors or an institution admin can edit this course.",
    },
    "course.publish_not_draft": {
        "ko": "작성 중인 과정만 공개할 수 있습니다 (현재 상태: {status}).",
        "en": "Only a draft can be published (current status: {status}).",
    },
    "course.bad_transition": {
        "ko": "과정 상태를 {current}에서 {target:으로} 바꿀 수 없습니다.",
        "en": "The course cannot go from {current} to {target}.",
    },
    "course.unpublish_started": {
        "ko": "이미 훈련이 시작된 과정은 작성 중으로 되돌릴 수 없습니다.",
        "en": "A course whose training has started cannot go back to draft.",
    },
    "course.delete_not_draft": {
        "ko": "작성 중인 과정만 삭제할 수 있습니다.",
        "en": "Only a draft course can be deleted.",
    },
    "course.delete_has_enrolments": {
        "ko": "수강 기록이 있는 과정은 삭제할 수 없습니다.",
        "en": "A course with enrolments cannot be deleted.",
    },
    "course.created": {"ko": "과정을 만들었습니다.", "en": "Course created."},
    "course.saved": {"ko": "과정 정보를 저장했습니다.", "en": "Course saved."},
    "course.published": {"ko": "과정을 공개했습니다.", "en": "Course published."},
    "course.status_changed": {"ko": "과정 상태를 바꿨습니다.", "en": "Course status changed."},
    "course.deleted": {"ko": "과정을 삭제했습니다.", "en": "Course deleted."},
    "lesson.added": {"ko": "차시를 추가했습니다.", "en": "Lesson added."},
    "lesson.saved": {"ko": "차시를 저장했습니다.", "en": "Lesson saved."},
    "lesson.deleted": {"ko": "차시를 삭제했습니다.", "en": "Lesson deleted."},
    "lesson.held_edit": {
        "ko": "이미 진행된 차시(종료 시각이 지남)는 강사가 수정할 수 없습니다. 출결 기록의 기준이므로, 고쳐야 하면 기관 관리자에게 사유와 함께 정정을 요청하세요.",
        "en": "This lesson has already been held (its end has passed), so instructors can no longer edit it. "
        "Attendance relies on it: ask an institution admin to correct it, with the reason.",
    },
    "lesson.held_delete": {
        "ko": "이미 진행된 차시(종료 시각이 지남)는 강사가 삭제할 수 없습니다. 출결 기록의 기준이므로, 필요하면 기관 관리자에게 사유와 함께 요청하세요.",
        "en": "This lesson has already been held (its end has passed), so instructors can no longer delete it. "
        "Attendance relies on it: ask an institution admin, with the reason.",
    },
    "lesson.into_past": {
        "ko": "차시를 이미 지난 시각으로 옮길 수 없습니다. 지난 일정의 정정은 기관 관리자가 사유와 함께 합니다.",
        "en": "A lesson cannot be moved to a time that has already passed; an institution admin corrects "
        "past schedules, with a reason.",
    },
    "lesson.added_in_past": {
        "ko": "{day} 차시는 이미 끝난 시각입니다. 강사는 지난 차시를 추가할 수 없습니다. 지난 일정의 기록은 기관 관리자가 입력합니다.",
        "en": "The lesson of {day} would already be over: instructors cannot add past lessons. An institution "
        "admin enters past schedules.",
    },
    "lesson.held_reason_required": {
        "ko": "이미 진행된 차시를 정정하려면 사유를 입력해야 합니다 (감사 기록에 남습니다).",
        "en": "Correcting a lesson that has already been held needs a reason (kept in the audit log).",
    },
    "lesson.end_before_start": {
        "ko": "끝나는 시각이 시작 시각보다 늦어야 합니다.",
        "en": "The end must be after the start.",
    },
    "lesson.crosses_midnight": {
        "ko": "차시는 하루 안에서 끝나야 합니다 (자정을 넘길 수 없음).",
        "en": "A lesson must end on the day it starts (it cannot cross midnight).",
    },
    "lesson.outside_period": {
        "ko": "{day:은} 훈련기간({first} ~ {last}) 밖입니다.",
        "en": "{day} is outside the training period ({first} to {last}).",
    },
    "lesson.room_required": {
        "ko": "집체 훈련에는 강의실을 입력해 주세요.",
        "en": "A classroom lesson needs a room.",
    },
    "lesson.host_required": {
        "ko": "현장실습에는 실습 기업(호스트 기업)을 입력해 주세요.",
        "en": "An on-site practice lesson needs the host company.",
    },
    "lesson.instructor_invalid": {
        "ko": "이 기관의 사용 중인 강사가 아닙니다.",
        "en": "Not an active instructor of this institution.",
    },
    "lesson.instructor_not_on_course": {
        "ko": "이 과정의 담당 강사만 차시를 맡을 수 있습니다. 먼저 과정에 강사를 추가해 주세요.",
        "en": "Only the course's instructors can teach its lessons; add the instructor to the course first.",
    },
    "lesson.supervisor_invalid": {
        "ko": "이 기관의 사용 중인 현장교사가 아닙니다.",
        "en": "Not an active supervisor of this institution.",
    },
    "lesson.conflict": {
        "ko": "일정이 겹쳐 저장하지 않았습니다 ({count}건).",
        "en": "Not saved: the schedule collides ({count} conflict(s)).",
    },
    "conflict.instructor": {
        "ko": "{when}: {instructor} 강사는 같은 시간에 '{course}' 차시({other})가 있습니다.",
        "en": "{when}: instructor {instructor} already teaches '{course}' at that time ({other}).",
    },
    "conflict.room": {
        "ko": "{when}: 강의실 {room:은} 같은 시간에 '{course}' 차시({other})로 예약되어 있습니다.",
        "en": "{when}: room {room} is already booked for '{course}' ({other}).",
    },
    "conflict.course_overlap": {
        "ko": "{when}: 이 과정의 다른 차시({mode}, {other})와 시간이 겹칩니다.",
        "en": "{when}: overlaps another lesson of this course ({mode}, {other}).",
    },
    "conflict.onsite_without_supervisor": {
        # No date: every such lesson gives the same line, shown once with its count.
        "ko": "현장실습 차시에는 현장교사를 지정해야 합니다.",
        "en": "An on-site practice lesson needs a supervisor.",
    },
    "lesson.needs_supervisor": {
        "ko": "현장교사가 지정되지 않은 현장실습 차시가 있어 저장하지 않았습니다 ({count}건).",
        "en": "Not saved: {count} on-site practice lesson(s) without a supervisor.",
    },
    "lesson.not_saved_mixed": {
        "ko": "저장하지 않았습니다: 일정 겹침 {clashes}건, 현장교사 미지정 {missing}건.",
        "en": "Not saved: {clashes} schedule conflict(s) and {missing} on-site lesson(s) without a supervisor.",
    },
    "series.shift_too_far": {
        "ko": "날짜 이동은 {limit}일 이내로 입력해 주세요.",
        "en": "Shift by at most {limit} days.",
    },
    "series.nothing_to_move": {
        "ko": "옮길 날짜 수나 새 시작 시각을 입력해 주세요.",
        "en": "Give a number of days or a new start time.",
    },
    "series.all_held": {
        "ko": "이 반복 일정의 차시 {kept}개는 모두 이미 진행되어 옮길 수 없습니다.",
        "en": "All {kept} lesson(s) of this series have already been held; none can be moved.",
    },
    "series.into_past": {
        "ko": "옮기면 {day} 차시가 이미 지난 시각이 됩니다. 반복 일정은 지난 시각으로 옮길 수 없습니다.",
        "en": "The move would put the lesson of {day} in the past; a series cannot be moved into the past.",
    },
    "recurring.bad_weekday": {
        "ko": "요일은 0(월)~6(일)로 지정해 주세요.",
        "en": "Weekdays run from 0 (Mon) to 6 (Sun).",
    },
    "recurring.range_order": {
        "ko": "마지막 날이 첫날보다 빠릅니다.",
        "en": "The last day is before the first day.",
    },
    "recurring.outside_period": {
        "ko": "반복 기간은 훈련기간({first} ~ {last}) 안이어야 합니다.",
        "en": "The repeat range must lie within the training period ({first} to {last}).",
    },
    "recurring.too_long": {
        "ko": "반복 기간은 2년을 넘을 수 없습니다.",
        "en": "The repeat range cannot exceed two years.",
    },
    "recurring.no_holiday_calendar": {
        "ko": "이 연도의 공휴일 정보가 없어 일정을 만들 수 없습니다.",
        "en": "No public holiday calendar for these years; the lessons were not created.",
    },
    "recurring.no_days": {
        "ko": "해당 요일이 기간 안에 없습니다 (공휴일로 건너뛴 날 {skipped}일).",
        "en": "No matching days in the range ({skipped} skipped as public holidays).",
    },
    "enrolment.nobody": {"ko": "등록할 훈련생을 선택해 주세요.", "en": "Choose the trainees to enrol."},
    "enrolment.not_a_trainee": {
        "ko": "이 기관의 사용 중인 훈련생이 아닙니다: {id}",
        "en": "Not an active trainee of this institution: {id}",
    },
    "enrolment.not_a_trainee_any": {
        "ko": "훈련생이 아닌 대상이 {count}명 있어 아무도 등록하지 않았습니다.",
        "en": "{count} of the chosen people are not trainees here; nobody was enrolled.",
    },
    "enrolment.capacity": {
        "ko": "정원 초과: 정원 {capacity}명 중 {enrolled}명 등록, 남은 자리 {left}명인데 {requested}명을 요청했습니다.",
        "en": "Over capacity: {enrolled} of {capacity} seats taken, {left} left, {requested} requested.",
    },
    "load.day_over": {
        "ko": "{trainee}: {day}에 이미 {others}이 있어 이 과정 {hours}시간을 더하면 하루 {total}시간으로 "
        "{limit}시간을 넘습니다",
        "en": "{trainee} already has {others} on {day}; adding this course's {hours} h makes {total} h, "
        "over the {limit} h daily limit",
    },
    "load.other_course": {"ko": "'{course}' 과정 {hours}시간", "en": "{hours} h of '{course}'"},
    "load.others.more": {"ko": "{a}, {b}", "en": "{a}, {b}"},
    "load.others.last": {"ko": "{a}, {b}", "en": "{a} and {b}"},
    "load.overlap": {
        "ko": "{trainee}: {day}에 이미 '{course}' 과정 {other_start}–{other_end} 차시가 있어 이 과정 "
        "{start}–{end} 차시와 시간이 겹칩니다",
        "en": "{trainee} already has '{course}' {other_start}–{other_end} at the same time "
        "(this course: {day} {start}–{end})",
    },
    "enrolment.trainee_load": {
        "ko": "훈련생 {people}명이 다른 과정 일정과 맞지 않아({count}건) 아무도 등록하지 않았습니다. 예: {first}",
        "en": "Nobody was enrolled: {people} trainee(s) clash with their other courses ({count} problem(s)), "
        "e.g. {first}",
    },
    "lesson.trainee_load": {
        "ko": "수강 중인 훈련생 {people}명의 다른 과정 일정과 맞지 않아({count}건) 저장하지 않았습니다. 예: {first}",
        "en": "Not saved: it clashes with other courses of {people} enrolled trainee(s) ({count} problem(s)), "
        "e.g. {first}",
    },
    "enrolment.reason_required": {
        "ko": "수강 취소 사유를 입력해 주세요.",
        "en": "Please give a reason for the drop.",
    },
    "enrolment.not_enrolled": {
        "ko": "현재 수강 중이 아닙니다.",
        "en": "This trainee is not currently enrolled.",
    },
    "enrolment.done": {
        "ko": "{count}명을 등록했습니다.",
        "en": "{count} trainee(s) enrolled.",
    },
    "enrolment.dropped": {"ko": "수강을 취소했습니다.", "en": "Enrolment dropped."},
    "enrolment.matching_changed": {
        "ko": "확인한 뒤 검색 결과가 바뀌었습니다({expected}명 → {count}명). 다시 확인해 주세요. 아무도 등록하지 않았습니다.",
        "en": "The search results changed after you confirmed ({expected} → {count} people). "
        "Please confirm again; nobody was enrolled.",
    },
    "lesson.where.classroom": {"ko": "강의실 {room}", "en": "Room {room}"},
    "lesson.where.onsite": {"ko": "{host}", "en": "{host}"},
    "lesson.where.onsite_supervised": {
        "ko": "{host} · 현장교사 {supervisor}",
        "en": "{host} · supervisor {supervisor}",
    },
    "lesson.where.live_link": {"ko": "온라인 접속: {url}", "en": "Join online: {url}"},
    "lesson.where.live": {
        "ko": "실시간 온라인 강의실 (당일 입장)",
        "en": "Live online classroom (opens on the day)",
    },
    "lesson.where.vod": {"ko": "녹화 강의 — 온라인 수강", "en": "Recorded lesson — watch online"},
    # The holidays package's own language code for each of ours (holiday names in skipped days).
    "holidays.language": {"ko": "ko", "en": "en_US"},
    # The phone feed (ical.py).
    "calendar.feed_name": {"ko": "스마트훈련 시간표 · {name}", "en": "Smart-training timetable · {name}"},
    "calendar.event.course": {"ko": "과정: {title}", "en": "Course: {title}"},
    "calendar.event.mode": {"ko": "방식: {mode}", "en": "Mode: {mode}"},
    "calendar.event.instructor": {"ko": "강사: {name}", "en": "Instructor: {name}"},
    "calendar.regenerated": {
        "ko": "새 캘린더 주소를 만들었습니다. 이전 주소는 더 이상 동작하지 않습니다.",
        "en": "New calendar address created; the old one no longer works.",
    },
    "job.kind.courses.advance": {"ko": "과정 상태 갱신", "en": "Course status update"},
}
