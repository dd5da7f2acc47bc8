"""Korean and English texts of the leases domain: errors first, then page labels."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- errors -----------------------------------------------------------------------
    "programme.not_found": {
        "ko": "{year}년 사업연도가 개설되지 않았습니다.",
        "en": "The {year} programme year has not been opened.",
    },
    "programme.cap_negative": {
        "ko": "임대 한도는 0 이상이어야 합니다.",
        "en": "The lease cap cannot be negative.",
    },
    "programme.cap_below_used": {
        "ko": "임대 한도 {cap}실은 이미 승인된 {used}실보다 작을 수 없습니다.",
        "en": "The cap of {cap} classrooms cannot be below the {used} already approved.",
    },
    "programme.rate_invalid": {
        "ko": "지원율은 0~100% 사이로 입력해 주세요 (예: 50%, 1/2): {value}",
        "en": "Enter a subsidy rate between 0 and 100% (e.g. 50%, 1/2): {value}",
    },
    "programme.budget_below_committed": {
        "ko": "예산 {budget:,}원은 이미 집행된 지원금 {committed:,}원보다 작을 수 없습니다.",
        "en": "The budget ₩{budget:,} cannot be below the ₩{committed:,} already committed.",
    },
    "programme.amount_negative": {"ko": "0 이상의 값을 입력해 주세요.", "en": "Enter a value of 0 or more."},
    "programme.seats_invalid": {
        "ko": "강의실당 실시간 좌석은 1석 이상이어야 합니다.",
        "en": "Each classroom needs at least one live seat.",
    },
    "programme.min_total_hours_invalid": {
        "ko": "최소 총 훈련시간은 {min}~{max}시간 사이의 정수여야 합니다 (입력: {value}).",
        "en": "The minimum total hours must be a whole number from {min} to {max} (got {value}).",
    },
    "programme.min_online_hours_invalid": {
        "ko": "최소 온라인 훈련시간은 {min}~{max}시간 사이의 정수여야 합니다 (입력: {value}).",
        "en": "The minimum online hours must be a whole number from {min} to {max} (got {value}).",
    },
    "programme.max_daily_hours_invalid": {
        "ko": "하루 최대 훈련시간은 {min}~{max}시간 사이의 정수여야 합니다 (입력: {value}).",
        "en": "The maximum training hours a day must be a whole number from {min} to {max} (got {value}).",
    },
    "programme.online_share_min_invalid": {
        "ko": "온라인 비율 하한은 0~100% 사이로 입력해 주세요 (예: 10%, 1/10): {value}",
        "en": "Enter a minimum online share between 0 and 100% (e.g. 10%, 1/10): {value}",
    },
    "programme.online_share_max_invalid": {
        "ko": "온라인 비율 상한은 0~100% 사이로 입력해 주세요 (예: 50%, 1/2): {value}",
        "en": "Enter a maximum online share between 0 and 100% (e.g. 50%, 1/2): {value}",
    },
    "programme.online_share_order": {
        "ko": "온라인 비율 하한 {low:이} 상한 {high}보다 클 수 없습니다.",
        "en": "The minimum online share {low} cannot exceed the maximum {high}.",
    },
    "designation.institution_unknown": {"ko": "훈련기관을 찾을 수 없습니다.", "en": "Unknown institution."},
    "designation.range_invalid": {
        "ko": "지정 종료일이 시작일보다 빠릅니다.",
        "en": "The designation ends before it starts.",
    },
    "designation.already_revoked": {
        "ko": "이미 취소된 지정입니다.",
        "en": "This designation is already revoked.",
    },
    # --- lease states (rules.leases.LeaseState), also quoted in refusals -------------
    "state.requested": {"ko": "승인 대기", "en": "Pending"},
    "state.rejected": {"ko": "반려", "en": "Rejected"},
    "state.cancelled": {"ko": "철회", "en": "Withdrawn"},
    "state.scheduled": {"ko": "시작 전", "en": "Scheduled"},
    "state.active": {"ko": "이용 중", "en": "Active"},
    "state.ended": {"ko": "종료", "en": "Ended"},
    "state.terminated": {"ko": "해지", "en": "Terminated"},
    "lease.reason_required": {"ko": "사유를 입력해 주세요.", "en": "Please give a reason."},
    "lease.not_pending": {
        "ko": "승인 대기 중인 신청만 처리할 수 있습니다 (현재: {status}).",
        "en": "Only pending requests can be decided or withdrawn (now: {status}).",
    },
    "lease.not_approved": {
        "ko": "승인된 임대만 해지하거나 연장할 수 있습니다 (현재: {status}).",
        "en": "Only approved leases can be terminated or renewed (now: {status}).",
    },
    "lease.classrooms_range": {
        "ko": "강의실 수는 1~{max}실이어야 합니다.",
        "en": "Request between 1 and {max} classrooms.",
    },
    "lease.start_in_past": {
        "ko": "시작일은 오늘({today}) 이후여야 합니다.",
        "en": "The start date must be today ({today}) or later.",
    },
    "lease.end_before_start": {
        "ko": "종료일이 시작일보다 빠릅니다.",
        "en": "The end date is before the start date.",
    },
    "lease.spans_years": {
        "ko": "임대는 한 사업연도 안에서만 신청할 수 있습니다. {year}-12-31까지 신청한 뒤 연장해 주세요.",
        "en": "A lease must stay within one programme year. Request until {year}-12-31, then renew.",
    },
    "lease.no_programme": {
        "ko": "{year}년 사업연도가 아직 개설되지 않아 신청할 수 없습니다.",
        "en": "The {year} programme year is not open yet, so leases cannot be requested.",
    },
    "lease.request_expired": {
        "ko": "신청 기간({ends_on} 종료)이 이미 지났습니다.",
        "en": "The requested period (ending {ends_on}) is already over.",
    },
    "lease.cap_exceeded": {
        "ko": "{year}년 임대 한도 {cap}실 중 {used}실이 승인되어 {left}실만 남았습니다. 신청한 {requested}실은 승인할 수 없습니다.",
        "en": "Of the {year} cap of {cap} classrooms, {used} are approved and only {left} remain; "
        "{requested} cannot be approved.",
    },
    "lease.terminate_in_past": {
        "ko": "마지막 이용일은 오늘({today}) 이후여야 합니다.",
        "en": "The last day cannot be before today ({today}).",
    },
    "lease.terminate_after_end": {
        "ko": "마지막 이용일이 임대 종료일({ends_on}) 이전이어야 조기 해지입니다.",
        "en": "To end early, the last day must be before the planned end ({ends_on}).",
    },
    "lease.already_renewed": {
        "ko": "이미 연장 신청되었거나 연장된 임대입니다.",
        "en": "This lease already has a renewal.",
    },
    "billing.month_invalid": {
        "ko": "정산 월은 2027-05처럼 연도-월로 입력해 주세요 (입력한 값: {value}).",
        "en": "Enter the billing month as year-month, e.g. 2027-05 (you entered: {value}).",
    },
    "billing.month_not_over": {
        "ko": "{month:은} 아직 끝나지 않아 마감할 수 없습니다.",
        "en": "{month} is not over yet and cannot be closed.",
    },
    "ledger.already_paid": {"ko": "이미 납부가 완료된 청구서입니다.", "en": "This invoice is already paid."},
    "ledger.payment_amount": {
        "ko": "납부액은 1원 이상, 미납액 {outstanding:,}원 이하여야 합니다.",
        "en": "A payment must be between ₩1 and the outstanding ₩{outstanding:,}.",
    },
    "ledger.not_reversible": {
        "ko": "납부 기록만 취소(역분개)할 수 있습니다 ({kind}).",
        "en": "Only payments can be reversed ({kind}).",
    },
    "ledger.already_reversed": {"ko": "이미 취소된 기록입니다.", "en": "This entry is already reversed."},
    # --- ledger checks (rules.ledger): figures in won ----------------------------------
    "ledger.check.split": {
        "ko": "지원금 {subsidy} + 기관 부담액 {share} ≠ 청구액 {total}",
        "en": "subsidy {subsidy} + share {share} != total {total}",
    },
    "ledger.check.charge": {
        "ko": "원장 청구 {charge} ≠ 청구서 청구액 {total}",
        "en": "ledger charge {charge} != invoice total {total}",
    },
    "ledger.check.subsidy": {
        "ko": "원장 지원금 {ledger} ≠ 청구서 지원금 {subsidy}",
        "en": "ledger subsidy {ledger} != invoice subsidy {subsidy}",
    },
    "ledger.check.payments": {
        "ko": "납부 합계 {paid:이} 0~{share} 범위를 벗어났습니다",
        "en": "payments {paid} outside 0..{share}",
    },
    "ledger.check.reversal": {
        "ko": "취소 기록이 가리키는 원 기록을 상쇄하지 않습니다",
        "en": "reversal does not negate the row it references",
    },
    "ledger.check.budget": {
        "ko": "지원금 합계 {subsidy:이} 예산 {budget:을} 넘었습니다",
        "en": "subsidy {subsidy} exceeds budget {budget}",
    },
    "ledger.check.committed": {
        "ko": "집행액 {committed}, 청구서 합계 {invoices}, 원장 합계 {ledger:이} 서로 다릅니다",
        "en": "committed {committed}, invoices {invoices}, ledger {ledger} differ",
    },
    "quota.no_lease": {
        "ko": "{day}에 사용 중인 임대 강의실이 없습니다. 과정을 운영하려면 강의실을 임대해 주세요.",
        "en": "No leased classroom is active on {day}. Lease a classroom to run a course.",
    },
    "quota.classrooms": {
        "ko": "{day}에 임대 강의실 {classrooms}실에서 이미 {running}개 과정이 운영 중입니다. 이 기간을 포함해 강의실을 {more}실 더 임대해 주세요.",
        "en": "On {day}, {running} course(s) already run in your {classrooms} leased classroom(s). "
        "Lease {more} more classroom(s) covering that period.",
    },
    "quota.storage": {
        "ko": "저장 용량 {limit:,.1f} GB 중 {used:,.1f} GB를 사용 중이라 {adding:,.1f} GB를 더 올릴 수 없습니다. 강의실을 더 임대하면 강의실당 {per_classroom:,.1f} GB씩 늘어납니다.",
        "en": "{used:,.1f} GB of {limit:,.1f} GB storage is used, so {adding:,.1f} GB more does not fit. "
        "Each extra leased classroom adds {per_classroom:,.1f} GB.",
    },
    "quota.room_seats": {
        "ko": "이 실시간 강의실은 {seats}석이 모두 찼습니다 (현재 {present}명). 좌석은 강의실당 포함량으로 정해집니다.",
        "en": "This live room is full: {present} present of {seats} seats included per classroom.",
    },
    "quota.live_seats": {
        "ko": "기관 전체 실시간 좌석 {seats}석이 모두 찼습니다 (현재 {present}명). 강의실을 더 임대해 주세요.",
        "en": "All {seats} live seats of your leased classrooms are taken ({present} present). "
        "Lease more classrooms.",
    },
    # --- statement exports (CSV/XLSX headers; exports are filed in Korean) -----------
    "export.month": {"ko": "청구월", "en": "Month"},
    "export.institution": {"ko": "훈련기관", "en": "Institution"},
    "export.institution_code": {"ko": "기관코드", "en": "Institution code"},
    "export.lease_id": {"ko": "임대번호", "en": "Lease"},
    "export.classrooms": {"ko": "강의실 수", "en": "Classrooms"},
    "export.active_from": {"ko": "이용 시작일", "en": "Active from"},
    "export.active_to": {"ko": "이용 종료일", "en": "Active to"},
    "export.active_days": {"ko": "이용일수", "en": "Active days"},
    "export.days_in_month": {"ko": "해당 월 일수", "en": "Days in month"},
    "export.excellent_days": {"ko": "우수기관 지정일수", "en": "Designated days"},
    "export.monthly_fee": {"ko": "강의실당 월 이용료", "en": "Monthly fee per classroom"},
    "export.total": {"ko": "청구액", "en": "Total"},
    "export.eligible": {"ko": "지원 대상액", "en": "Eligible"},
    "export.rate": {"ko": "지원율", "en": "Subsidy rate"},
    "export.subsidy": {"ko": "지원금", "en": "Subsidy"},
    "export.institution_share": {"ko": "기관 부담액", "en": "Institution share"},
    "export.paid": {"ko": "납부액", "en": "Paid"},
    "export.outstanding": {"ko": "미납액", "en": "Outstanding"},
    "export.budget_limited": {"ko": "예산 소진으로 감액", "en": "Cut: budget ran out"},
    "export.sequence": {"ko": "마감 순번", "en": "Closing sequence"},
    "export.closed_at": {"ko": "마감 일시", "en": "Closed at"},
    "export.sheet": {"ko": "청구내역", "en": "Invoices"},
    "job.kind.leases.close_month": {"ko": "월 마감", "en": "Month close"},
}
