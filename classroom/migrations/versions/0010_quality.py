"""quality: the completion assessment (exam settings, question bank, attempts with answers and
evidence, retakes, exam signals, results and their audited changes), confirmed completion,
employment outcomes, the anonymous satisfaction survey, inspections with findings, their
conversation and the inspector's private notes

Revision ID: quality
Revises: content
Create Date: 2026-12-01 05:26:01.390229+00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'quality'
down_revision: str | Sequence[str] | None = 'content'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('quality_assessments',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('instructions', sa.String(length=2000), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('draw', sa.String(length=16), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=True),
    sa.Column('results_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('results_published_by', sa.Uuid(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('question_count IS NULL OR question_count > 0', name=op.f('ck_quality_assessments_count_positive')),
    sa.CheckConstraint('time_limit_minutes IS NULL OR time_limit_minutes > 0', name=op.f('ck_quality_assessments_limit_positive')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_assessments_course_id_courses')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_quality_assessments_created_by_users')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_assessments_institution_id_institutions')),
    sa.ForeignKeyConstraint(['results_published_by'], ['users.id'], name=op.f('fk_quality_assessments_results_published_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_assessments')),
    sa.UniqueConstraint('course_id', name=op.f('uq_quality_assessments_course_id'))
    )
    with op.batch_alter_table('quality_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_assessments_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_completions',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('attendance_num', sa.Integer(), nullable=True),
    sa.Column('attendance_den', sa.Integer(), nullable=True),
    sa.Column('score_num', sa.Integer(), nullable=True),
    sa.Column('score_den', sa.Integer(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('confirmed_by', sa.Uuid(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by'], ['users.id'], name=op.f('fk_quality_completions_confirmed_by_users')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_completions_course_id_courses')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_completions_institution_id_institutions')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_quality_completions_trainee_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_completions')),
    sa.UniqueConstraint('course_id', 'trainee_id', name=op.f('uq_quality_completions_course_id_trainee_id'))
    )
    with op.batch_alter_table('quality_completions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_completions_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_completions_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_completions_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('quality_employment',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('employed', sa.Boolean(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('insured', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('evidence_key', sa.String(length=300), nullable=True),
    sa.Column('evidence_name', sa.String(length=200), nullable=True),
    sa.Column('evidence_type', sa.String(length=100), nullable=True),
    sa.Column('evidence_size', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.Uuid(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('employed OR starts_on IS NULL', name=op.f('ck_quality_employment_start_only_when_employed')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_employment_course_id_courses')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_employment_institution_id_institutions')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_quality_employment_recorded_by_users')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_quality_employment_trainee_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_employment')),
    sa.UniqueConstraint('course_id', 'trainee_id', name=op.f('uq_quality_employment_course_id_trainee_id'))
    )
    with op.batch_alter_table('quality_employment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_employment_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_employment_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_exam_signals',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('attempt_ids', sa.JSON(), nullable=False),
    sa.Column('trainee_ids', sa.JSON(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('detected_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_exam_signals_course_id_courses')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_exam_signals_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_exam_signals')),
    sa.UniqueConstraint('institution_id', 'key', name=op.f('uq_quality_exam_signals_institution_id_key'))
    )
    with op.batch_alter_table('quality_exam_signals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_exam_signals_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_exam_signals_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_inspections',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=True),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=4000), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('opened_by', sa.Uuid(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.Uuid(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('conclusion', sa.String(length=4000), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_quality_inspections_closed_by_users')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_inspections_course_id_courses')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_inspections_institution_id_institutions')),
    sa.ForeignKeyConstraint(['opened_by'], ['users.id'], name=op.f('fk_quality_inspections_opened_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_inspections'))
    )
    with op.batch_alter_table('quality_inspections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_inspections_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_inspections_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_inspections_status'), ['status'], unique=False)

    op.create_table('quality_questions',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=4000), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('correct', sa.JSON(), nullable=False),
    sa.Column('accepted', sa.JSON(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('points > 0 AND points <= 100', name=op.f('ck_quality_questions_points_range')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_questions_course_id_courses')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_quality_questions_created_by_users')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_questions_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_questions'))
    )
    with op.batch_alter_table('quality_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_questions_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_questions_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_survey_receipts',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_survey_receipts_course_id_courses')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_survey_receipts_institution_id_institutions')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_quality_survey_receipts_trainee_id_users')),
    sa.PrimaryKeyConstraint('course_id', 'trainee_id', name=op.f('pk_quality_survey_receipts'))
    )
    with op.batch_alter_table('quality_survey_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_survey_receipts_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_survey_responses',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('content', sa.Integer(), nullable=False),
    sa.Column('instructor', sa.Integer(), nullable=False),
    sa.Column('environment', sa.Integer(), nullable=False),
    sa.Column('usefulness', sa.Integer(), nullable=False),
    sa.Column('overall', sa.Integer(), nullable=False),
    sa.Column('comment', sa.String(length=1000), nullable=False),
    sa.CheckConstraint('content >= 1 AND content <= 5', name=op.f('ck_quality_survey_responses_content_scale')),
    sa.CheckConstraint('environment >= 1 AND environment <= 5', name=op.f('ck_quality_survey_responses_environment_scale')),
    sa.CheckConstraint('instructor >= 1 AND instructor <= 5', name=op.f('ck_quality_survey_responses_instructor_scale')),
    sa.CheckConstraint('overall >= 1 AND overall <= 5', name=op.f('ck_quality_survey_responses_overall_scale')),
    sa.CheckConstraint('usefulness >= 1 AND usefulness <= 5', name=op.f('ck_quality_survey_responses_usefulness_scale')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_survey_responses_course_id_courses')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_survey_responses_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_survey_responses'))
    )
    with op.batch_alter_table('quality_survey_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_survey_responses_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_survey_responses_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_attempts',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('assessment_id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deadline_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=16), nullable=True),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('possible', sa.Integer(), nullable=False),
    sa.Column('objective_earned', sa.Integer(), nullable=True),
    sa.Column('earned', sa.Integer(), nullable=True),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('graded_by', sa.Uuid(), nullable=True),
    sa.CheckConstraint('earned IS NULL OR (earned >= 0 AND earned <= possible)', name=op.f('ck_quality_attempts_earned_range')),
    sa.CheckConstraint('number >= 1 AND number <= 2', name=op.f('ck_quality_attempts_number_range')),
    sa.CheckConstraint('possible > 0', name=op.f('ck_quality_attempts_possible_positive')),
    sa.ForeignKeyConstraint(['assessment_id'], ['quality_assessments.id'], name=op.f('fk_quality_attempts_assessment_id_quality_assessments')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_attempts_course_id_courses')),
    sa.ForeignKeyConstraint(['graded_by'], ['users.id'], name=op.f('fk_quality_attempts_graded_by_users')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_attempts_institution_id_institutions')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_quality_attempts_trainee_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_attempts')),
    sa.UniqueConstraint('assessment_id', 'trainee_id', 'number', name=op.f('uq_quality_attempts_assessment_id_trainee_id_number'))
    )
    with op.batch_alter_table('quality_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_attempts_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index('ix_quality_attempts_course_trainee', ['course_id', 'trainee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_attempts_deadline_at'), ['deadline_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_attempts_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_findings',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=4000), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_quality_findings_created_by_users')),
    sa.ForeignKeyConstraint(['inspection_id'], ['quality_inspections.id'], name=op.f('fk_quality_findings_inspection_id_quality_inspections')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_findings_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_findings'))
    )
    with op.batch_alter_table('quality_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_findings_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_findings_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_retakes',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('assessment_id', sa.Uuid(), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('granted_by', sa.Uuid(), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['quality_assessments.id'], name=op.f('fk_quality_retakes_assessment_id_quality_assessments')),
    sa.ForeignKeyConstraint(['granted_by'], ['users.id'], name=op.f('fk_quality_retakes_granted_by_users')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_retakes_institution_id_institutions')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_quality_retakes_trainee_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_retakes')),
    sa.UniqueConstraint('assessment_id', 'trainee_id', name=op.f('uq_quality_retakes_assessment_id_trainee_id'))
    )
    with op.batch_alter_table('quality_retakes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_retakes_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_retakes_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_answers',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('attempt_id', sa.Uuid(), nullable=False),
    sa.Column('question_id', sa.Uuid(), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('text', sa.String(length=10000), nullable=False),
    sa.Column('saves', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('auto_points', sa.Integer(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.Column('comment', sa.String(length=2000), nullable=False),
    sa.Column('graded_by', sa.Uuid(), nullable=True),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['quality_attempts.id'], name=op.f('fk_quality_answers_attempt_id_quality_attempts')),
    sa.ForeignKeyConstraint(['graded_by'], ['users.id'], name=op.f('fk_quality_answers_graded_by_users')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_answers_institution_id_institutions')),
    sa.ForeignKeyConstraint(['question_id'], ['quality_questions.id'], name=op.f('fk_quality_answers_question_id_quality_questions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_answers')),
    sa.UniqueConstraint('attempt_id', 'question_id', name=op.f('uq_quality_answers_attempt_id_question_id'))
    )
    with op.batch_alter_table('quality_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_answers_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_answers_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_attempt_events',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('attempt_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['quality_attempts.id'], name=op.f('fk_quality_attempt_events_attempt_id_quality_attempts')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_attempt_events_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_attempt_events'))
    )
    with op.batch_alter_table('quality_attempt_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_attempt_events_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_attempt_events_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_finding_messages',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('finding_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('body', sa.String(length=4000), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_quality_finding_messages_author_id_users')),
    sa.ForeignKeyConstraint(['finding_id'], ['quality_findings.id'], name=op.f('fk_quality_finding_messages_finding_id_quality_findings')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_finding_messages_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_finding_messages'))
    )
    with op.batch_alter_table('quality_finding_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_finding_messages_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_finding_messages_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_inspector_notes',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=False),
    sa.Column('finding_id', sa.Uuid(), nullable=True),
    sa.Column('body', sa.String(length=4000), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_quality_inspector_notes_author_id_users')),
    sa.ForeignKeyConstraint(['finding_id'], ['quality_findings.id'], name=op.f('fk_quality_inspector_notes_finding_id_quality_findings')),
    sa.ForeignKeyConstraint(['inspection_id'], ['quality_inspections.id'], name=op.f('fk_quality_inspector_notes_inspection_id_quality_inspections')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_inspector_notes_institution_id_institutions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_inspector_notes'))
    )
    with op.batch_alter_table('quality_inspector_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_inspector_notes_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_inspector_notes_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_results',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('attempt_id', sa.Uuid(), nullable=True),
    sa.Column('score_num', sa.Integer(), nullable=False),
    sa.Column('score_den', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('graded_by', sa.Uuid(), nullable=True),
    sa.Column('graded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('score_den > 0 AND score_num >= 0 AND score_num <= 100 * score_den', name=op.f('ck_quality_results_score_range')),
    sa.ForeignKeyConstraint(['attempt_id'], ['quality_attempts.id'], name=op.f('fk_quality_results_attempt_id_quality_attempts')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_results_course_id_courses')),
    sa.ForeignKeyConstraint(['graded_by'], ['users.id'], name=op.f('fk_quality_results_graded_by_users')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_results_institution_id_institutions')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_quality_results_trainee_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_results')),
    sa.UniqueConstraint('course_id', 'trainee_id', name=op.f('uq_quality_results_course_id_trainee_id'))
    )
    with op.batch_alter_table('quality_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_results_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_results_institution_id'), ['institution_id'], unique=False)

    op.create_table('quality_result_changes',
    sa.Column('institution_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('result_id', sa.Uuid(), nullable=False),
    sa.Column('course_id', sa.Uuid(), nullable=False),
    sa.Column('trainee_id', sa.Uuid(), nullable=False),
    sa.Column('old_num', sa.Integer(), nullable=False),
    sa.Column('old_den', sa.Integer(), nullable=False),
    sa.Column('new_num', sa.Integer(), nullable=False),
    sa.Column('new_den', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('changed_by', sa.Uuid(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_quality_result_changes_changed_by_users')),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_quality_result_changes_course_id_courses')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_quality_result_changes_institution_id_institutions')),
    sa.ForeignKeyConstraint(['result_id'], ['quality_results.id'], name=op.f('fk_quality_result_changes_result_id_quality_results')),
    sa.ForeignKeyConstraint(['trainee_id'], ['users.id'], name=op.f('fk_quality_result_changes_trainee_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_result_changes'))
    )
    with op.batch_alter_table('quality_result_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_result_changes_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_result_changes_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quality_result_changes_result_id'), ['result_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quality_result_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_result_changes_result_id'))
        batch_op.drop_index(batch_op.f('ix_quality_result_changes_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_result_changes_course_id'))

    op.drop_table('quality_result_changes')
    with op.batch_alter_table('quality_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_results_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_results_course_id'))

    op.drop_table('quality_results')
    with op.batch_alter_table('quality_inspector_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_inspector_notes_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_inspector_notes_inspection_id'))

    op.drop_table('quality_inspector_notes')
    with op.batch_alter_table('quality_finding_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_finding_messages_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_finding_messages_finding_id'))

    op.drop_table('quality_finding_messages')
    with op.batch_alter_table('quality_attempt_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_attempt_events_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_attempt_events_attempt_id'))

    op.drop_table('quality_attempt_events')
    with op.batch_alter_table('quality_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_answers_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_answers_attempt_id'))

    op.drop_table('quality_answers')
    with op.batch_alter_table('quality_retakes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_retakes_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_retakes_assessment_id'))

    op.drop_table('quality_retakes')
    with op.batch_alter_table('quality_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_findings_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_findings_inspection_id'))

    op.drop_table('quality_findings')
    with op.batch_alter_table('quality_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_attempts_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_attempts_deadline_at'))
        batch_op.drop_index('ix_quality_attempts_course_trainee')
        batch_op.drop_index(batch_op.f('ix_quality_attempts_assessment_id'))

    op.drop_table('quality_attempts')
    with op.batch_alter_table('quality_survey_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_survey_responses_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_survey_responses_course_id'))

    op.drop_table('quality_survey_responses')
    with op.batch_alter_table('quality_survey_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_survey_receipts_institution_id'))

    op.drop_table('quality_survey_receipts')
    with op.batch_alter_table('quality_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_questions_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_questions_course_id'))

    op.drop_table('quality_questions')
    with op.batch_alter_table('quality_inspections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_inspections_status'))
        batch_op.drop_index(batch_op.f('ix_quality_inspections_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_inspections_course_id'))

    op.drop_table('quality_inspections')
    with op.batch_alter_table('quality_exam_signals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_exam_signals_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_exam_signals_course_id'))

    op.drop_table('quality_exam_signals')
    with op.batch_alter_table('quality_employment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_employment_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_employment_course_id'))

    op.drop_table('quality_employment')
    with op.batch_alter_table('quality_completions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_completions_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_quality_completions_institution_id'))
        batch_op.drop_index(batch_op.f('ix_quality_completions_course_id'))

    op.drop_table('quality_completions')
    with op.batch_alter_table('quality_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_assessments_institution_id'))

    op.drop_table('quality_assessments')
