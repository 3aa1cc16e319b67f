from django.urls import path

from recours.cases import documents, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("due/", views.due_list, name="due"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/team/add/", views.team_add, name="team_add"),
    path("<int:case_id>/team/<int:member_id>/remove/", views.team_remove, name="team_remove"),
    path("<int:case_id>/close/", views.case_close, name="close"),
    path("<int:case_id>/intake/", views.intake, name="intake"),
    path("<int:case_id>/intake/review/", views.intake_review, name="intake_review"),
    path("<int:case_id>/intake/<slug:topic_id>/", views.intake_topic, name="intake_topic"),
    path("<int:case_id>/situation/", views.situation_edit, name="situation"),
    path("<int:case_id>/plan/", views.plan, name="plan"),
    path("<int:case_id>/plan/priorities/", views.plan_priorities, name="plan_priorities"),
    path("<int:case_id>/plan/compare/", views.plan_compare, name="plan_compare"),
    path("<int:case_id>/plan/print/", views.plan_print, name="plan_print"),
    path("<int:case_id>/evidence/", views.evidence, name="evidence"),
    path("<int:case_id>/evidence/<int:item_id>/", views.evidence_update, name="evidence_update"),
    path(
        "<int:case_id>/evidence/<int:item_id>/upload/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path("<int:case_id>/files/<int:file_id>/", views.evidence_file, name="evidence_file"),
    path("<int:case_id>/tasks/", views.tasks, name="tasks"),
    path("<int:case_id>/tasks/from-plan/", views.tasks_from_plan, name="tasks_from_plan"),
    path("<int:case_id>/tasks/<int:task_id>/", views.task_update, name="task_update"),
    path("<int:case_id>/calendar/", views.case_calendar, name="calendar"),
    path("<int:case_id>/calendar.ics", views.case_calendar_ics, name="calendar_ics"),
    path("<int:case_id>/outcomes/", views.outcomes, name="outcomes"),
    path("<int:case_id>/outcomes/<int:outcome_id>/", views.outcome_edit, name="outcome_edit"),
    path("<int:case_id>/timeline/", views.timeline, name="timeline"),
    path("<int:case_id>/documents/", documents.documents, name="documents"),
    path("<int:case_id>/documents/handout/", documents.handout, name="handout"),
    path("<int:case_id>/documents/memo/", documents.memo, name="memo"),
]
