"""The case workspace. Every view reaches its case through ``recours.cases.access``."""

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recours import audit
from recours.accounts.decorators import require_recent_auth
from recours.audit.models import Action
from recours.cases import access, ics
from recours.cases.forms import (
    CaseCreateForm,
    CaseDetailsForm,
    CloseForm,
    EvidenceAddForm,
    EvidenceUpdateForm,
    EvidenceUploadForm,
    OutcomeForm,
    TaskForm,
    TeamAddForm,
)
from recours.cases.intake import (
    apply_situation_form,
    apply_topic,
    current_values,
    field_name,
    progress,
    unknown_name,
)
from recours.cases.models import (
    Case,
    CaseMember,
    Event,
    EvidenceFile,
    EvidenceItem,
    Outcome,
    Task,
)
from recours.cases.planning import kb_labels, plan_for_case, rendered_body
from recours.cases.planview import PlanView
from recours.cases.questions import OWN_ACCOUNT, get_path, in_language, load_interview
from recours.crypto import keyed_hash
from recours.crypto.files import open_upload, save_upload

PAGE_SIZE = 25
TAB_SECTIONS = {"intake": "situation", "summary": "identity"}


def lang():
    return (get_language() or "en").split("-")[0]


def record_event(case, user, kind, detail=""):
    Event.objects.create(case=case, actor=user, kind=kind, detail=str(detail)[:80])
    case.touch()


def base_context(case_access, tab):
    return {
        "case": case_access.case,
        "access": case_access,
        "tab": tab,
        "can_edit": case_access.can_edit(TAB_SECTIONS.get(tab, tab)),
    }


# -- Case list, creation, overview ----------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    show_all = request.GET.get("scope") == "organisation" and access.is_admin_somewhere(
        request.user
    )
    cases = access.visible_cases(request.user, include_organisation=show_all)
    status = request.GET.get("status")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    paginator = Paginator(cases.order_by("-updated_at", "-id"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    if show_all:
        audit.record(request.user, Action.READ, request=request)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Case.Status.choices,
            "show_all": show_all,
            "is_admin": access.is_admin_somewhere(request.user),
            "can_create": access.organisations_for_new_case(request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    organisations = list(access.organisations_for_new_case(request.user))
    if not organisations:
        raise Http404
    form = CaseCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        org_id = int(form.cleaned_data["organisation"])
        with transaction.atomic():
            case = Case(
                organisation_id=org_id,
                reference=next_reference(),
                created_by=request.user,
                client_name=form.cleaned_data["client_name"],
                contact=form.cleaned_data["contact"],
                name_lookup=keyed_hash(form.cleaned_data["client_name"], f"client-name:{org_id}"),
            )
            case.save()
            CaseMember.objects.create(case=case, user=request.user, role=CaseMember.Role.LEAD)
            record_event(case, request.user, "created")
            audit.record(request.user, Action.CREATE, obj=case, case=case, request=request)
        duplicates = Case.objects.filter(
            organisation_id=org_id, name_lookup=case.name_lookup
        ).exclude(pk=case.pk)
        if duplicates.exists():
            messages.warning(
                request,
                _("Another case of your organisation has this name: is it the same person?"),
            )
        return redirect("cases:intake", case.pk)
    return render(request, "cases/case_create.html", {"form": form})


def next_reference():
    year = timezone.localdate().year
    last = Case.objects.filter(reference__startswith=f"R-{year}-").order_by("-reference").first()
    number = int(last.reference.rsplit("-", 1)[1]) + 1 if last else 1
    return f"R-{year}-{number:05d}"


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, case_id):
    writing = request.method == "POST"
    case_access = access.case_for(
        request, case_id, "identity" if writing else "summary", write=writing
    )
    case = case_access.case
    form = (
        CaseDetailsForm(request.POST or None, instance=case)
        if case_access.can_see("identity")
        else None
    )
    if writing and form.is_valid():
        form.save()
        case.name_lookup = keyed_hash(case.client_name, f"client-name:{case.organisation_id}")
        case.save(update_fields=["name_lookup"])
        record_event(case, request.user, "details_changed")
        messages.success(request, _("Saved."))
        return redirect("cases:detail", case.pk)
    answered, total, _topics = progress(case)
    context = base_context(case_access, "summary")
    context.update(
        {
            "form": form,
            "answered": answered,
            "total": total,
            "members": case.members.select_related("user").order_by("added_at"),
            "team_form": TeamAddForm(case=case) if case_access.can_edit() else None,
            "next_tasks": case.tasks.filter(done=False).select_related("assignee")[:5],
            "close_form": CloseForm(),
        }
    )
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def team_add(request, case_id):
    case_access = access.case_for(request, case_id, "summary", write=True)
    form = TeamAddForm(request.POST, case=case_access.case)
    if form.is_valid():
        CaseMember.objects.create(case=case_access.case, user=form.cleaned_data["user"])
        record_event(case_access.case, request.user, "team_added")
        audit.record(request.user, Action.UPDATE, obj=case_access.case, request=request)
    return redirect("cases:detail", case_id)


@login_required
@require_POST
def team_remove(request, case_id, member_id):
    case_access, member = access.case_object(
        request, case_id, CaseMember, member_id, "summary", write=True
    )
    if member.role == CaseMember.Role.LEAD:
        messages.error(request, _("The lead cannot be removed from the team."))
    else:
        member.delete()
        record_event(case_access.case, request.user, "team_removed")
        audit.record(request.user, Action.UPDATE, obj=case_access.case, request=request)
    return redirect("cases:detail", case_id)


@login_required
@require_POST
def case_close(request, case_id):
    case_access = access.case_for(request, case_id, "summary", write=True)
    case = case_access.case
    if case.is_closed:
        case.status, case.closed_at, case.closure_reason = Case.Status.OPEN, None, ""
        case.save(update_fields=["status", "closed_at", "closure_reason"])
        record_event(case, request.user, "reopened")
        messages.success(request, _("The case is open again."))
    else:
        form = CloseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose why the case is closing."))
            return redirect("cases:detail", case_id)
        case.status, case.closed_at = Case.Status.CLOSED, timezone.now()
        case.closure_reason = form.cleaned_data["reason"]
        case.save(update_fields=["status", "closed_at", "closure_reason"])
        record_event(case, request.user, "closed", case.closure_reason)
        messages.success(request, _("The case is closed."))
    audit.record(request.user, Action.UPDATE, obj=case, case=case, request=request)
    return redirect("cases:detail", case_id)


# -- Intake ---------------------------------------------------------------------------------


@login_required
@require_GET
def intake(request, case_id):
    """Resume the interview where it was left."""
    case_access = access.case_for(request, case_id, "situation")
    interview = load_interview()
    topic = case_access.case.intake_topic or interview.topics[0].id
    try:
        interview.topic(topic)
    except KeyError:
        topic = interview.topics[0].id
    return redirect("cases:intake_topic", case_id, topic)


@login_required
@require_http_methods(["GET", "POST"])
def intake_topic(request, case_id, topic_id):
    writing = request.method == "POST"
    case_access = access.case_for(request, case_id, "situation", write=writing)
    case = case_access.case
    interview = load_interview()
    try:
        topic = interview.topic(topic_id)
    except KeyError:
        raise Http404 from None
    index = interview.index(topic_id)
    previous_topic = interview.topics[index - 1] if index > 0 else None
    next_topic = interview.topics[index + 1] if index + 1 < len(interview.topics) else None
    errors = {}
    if writing:
        result = apply_topic(case, topic, request.POST)
        errors = result.errors
        if not errors:
            going = request.POST.get("go", "next")
            if going == "next" and next_topic:
                case.intake_topic = next_topic.id
            else:
                case.intake_topic = topic.id
            if case.status == Case.Status.INTAKE and next_topic is None:
                case.status = Case.Status.OPEN
            case.save()
            if result.changed:
                record_event(case, request.user, "intake_saved", topic.id)
            if going == "previous" and previous_topic:
                return redirect("cases:intake_topic", case.pk, previous_topic.id)
            if going == "stop":
                messages.success(request, _("Saved. You can continue later from this topic."))
                return redirect("cases:detail", case.pk)
            if going == "next" and next_topic:
                return redirect("cases:intake_topic", case.pk, next_topic.id)
            return redirect("cases:intake_review", case.pk)
    values = current_values(case, topic) if not writing else _posted_values(topic, request.POST)
    language = lang()
    labels = kb_labels(language)
    questions = []
    for question in topic.questions:
        selected, unknown = values[question.id]
        questions.append(
            {
                "q": question,
                "ask": in_language(question.ask, language),
                "help": in_language(question.help, language) if question.help else "",
                "type": "indicator" if question.asks_indicators else question.field.type,
                "name": field_name(question),
                "unknown_name": unknown_name(question),
                "selected": selected,
                "value": selected[0] if selected else "",
                "unknown": unknown,
                "choices": [
                    (v, in_language(t, language)) for v, t in question.field.choices.items()
                ]
                if question.field.type in ("code", "codes")
                else [],
                "indicators": [
                    (i, labels.get("indicators", {}).get(i, {}).get(language, i))
                    for i in question.indicators
                ],
                "error": errors.get(question.id),
            }
        )
    answered, total, topics_done = progress(case)
    context = base_context(case_access, "intake")
    context.update(
        {
            "topic": topic,
            "title": in_language(topic.title, language),
            "intro": in_language(topic.intro, language) if topic.intro else "",
            "content_note": in_language(topic.content_note, language) if topic.sensitive else "",
            "questions": questions,
            "topics": [
                (t.id, in_language(t.title, language), t.id in topics_done)
                for t in interview.topics
            ],
            "position": index + 1,
            "topic_count": len(interview.topics),
            "answered": answered,
            "total": total,
            "previous_topic": previous_topic,
            "next_topic": next_topic,
            "errors": errors,
        }
    )
    return render(request, "cases/intake_topic.html", context, status=400 if errors else 200)


def _posted_values(topic, data):
    return {
        q.id: (data.getlist(field_name(q)), data.get(unknown_name(q), "")) for q in topic.questions
    }


@login_required
@require_GET
def intake_review(request, case_id):
    """Every answer, the fact it set and the indicator it supports, for the practitioner."""
    case_access = access.case_for(request, case_id, "situation")
    case = case_access.case
    interview = load_interview()
    language = lang()
    labels = kb_labels(language).get("indicators", {})
    answers = case.intake_answers or {}
    topics = []
    for topic in interview.topics:
        rows = []
        for question in topic.questions:
            recorded = answers.get(question.id)
            if question.asks_indicators:
                shown = {"yes": _("Yes"), "no": _("No")}.get(recorded, "")
            elif question.field.path == OWN_ACCOUNT:
                shown = case.own_account
            else:
                shown = display_value(
                    question.field, get_path(case.situation, question.field.path), language
                )
            if recorded == "dont_know":
                shown = _("Don't know")
            elif recorded == "prefer_not":
                shown = _("Prefer not to say")
            rows.append(
                {
                    "q": question,
                    "ask": in_language(question.ask, language),
                    "shown": shown,
                    "path": question.field.path if not question.asks_indicators else "",
                    "supports": [
                        (i, labels.get(i, {}).get(language, i))
                        for i in question.indicators
                        if recorded == "yes"
                    ],
                }
            )
        topics.append({"topic": topic, "title": in_language(topic.title, language), "rows": rows})
    context = base_context(case_access, "intake")
    context["topics"] = topics
    return render(request, "cases/intake_review.html", context)


def display_value(field_, value, language):
    if value is None:
        return ""
    if field_.type == "bool":
        return _("Yes") if value else _("No")
    if field_.type in ("code",):
        return field_.choice_label(value, language)
    if field_.type in ("codes", "indicators"):
        return ", ".join(field_.choice_label(v, language) for v in value)
    if field_.type == "languages":
        return ", ".join(value)
    if field_.type == "date":
        from django.utils.formats import date_format

        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    if field_.type in ("money", "int"):
        from django.utils.formats import number_format

        return number_format(value, use_l10n=True, force_grouping=field_.type == "money")
    return str(value)


@login_required
@require_http_methods(["GET", "POST"])
def situation_edit(request, case_id):
    writing = request.method == "POST"
    case_access = access.case_for(request, case_id, "situation", write=writing)
    case = case_access.case
    errors = {}
    if writing:
        errors = apply_situation_form(case, request.POST)
        if not errors:
            case.save()
            record_event(case, request.user, "situation_edited")
            messages.success(request, _("The situation is saved; the plan is updated."))
            return redirect("cases:plan", case.pk)
    interview = load_interview()
    language = lang()
    labels = kb_labels(language).get("indicators", {})
    rows = []
    for path, field_ in interview.fields.items():
        if path == OWN_ACCOUNT:
            continue
        value = get_path(case.situation or {}, path)
        question = interview.question_for_path(path)
        rows.append(
            {
                "path": path,
                "field": field_,
                "label": in_language(field_.label, language),
                "name": f"f-{path}",
                "value": "" if value is None else value,
                "selected": value if isinstance(value, list) else [value],
                "choices": [
                    (
                        v,
                        labels.get(v, {}).get(language, v)
                        if field_.type == "indicators"
                        else in_language(t, language),
                    )
                    for v, t in field_.choices.items()
                ],
                "error": errors.get(path),
                "question_url": reverse("cases:intake_topic", args=[case.pk, question.topic])
                + f"#q-{question.id}"
                if question
                else "",
            }
        )
    context = base_context(case_access, "situation")
    context.update({"rows": rows, "errors": errors})
    return render(request, "cases/situation_edit.html", context, status=400 if errors else 200)


# -- Plan -----------------------------------------------------------------------------------


def _plan_context(request, case_access):
    language = lang()
    result = plan_for_case(case_access.case, language)
    view = (
        PlanView(result.plan, case_access.case.pk, language, kb_labels(language))
        if result.plan
        else None
    )
    interview = load_interview()
    situation = case_access.case.situation or {}
    goals_field, limits_field = interview.fields["goals"], interview.fields["limits"]
    return {
        "result": result,
        "view": view,
        "goals": [
            (v, in_language(t, language), v in (situation.get("goals") or []))
            for v, t in goals_field.choices.items()
        ],
        "limits": [
            (v, in_language(t, language), v in (situation.get("limits") or []))
            for v, t in limits_field.choices.items()
        ],
        "chosen_goals": situation.get("goals") or [],
        "goal_labels": {v: in_language(t, language) for v, t in goals_field.choices.items()},
        "jurisdiction_question": reverse("cases:intake_topic", args=[case_access.case.pk, "where"]),
        "can_edit_priorities": case_access.can_edit("situation"),
    }


@login_required
@require_GET
def plan(request, case_id):
    case_access = access.case_for(request, case_id, "plan")
    context = base_context(case_access, "plan")
    context.update(_plan_context(request, case_access))
    context["plan_body"] = mark_safe(  # noqa: S308 - rendered by our own escaping template
        rendered_body(
            context["result"],
            lambda: render_to_string("cases/_plan_body.html", context, request=request),
        )
    )
    return render(request, "cases/plan.html", context)


@login_required
@require_POST
def plan_priorities(request, case_id):
    """Change the person's goals and limits; answers the plan fragment to htmx, else redirects.

    Goals and limits rank and sequence the options; they never change eligibility.
    """
    case_access = access.case_for(request, case_id, "situation", write=True)
    case = case_access.case
    interview = load_interview()
    situation = dict(case.situation or {})
    order = request.POST.getlist("goal_order")
    goals = [g for g in request.POST.getlist("goals") if g in interview.fields["goals"].choices]
    # The person's own order: the order they were ranked in, then the newly added.
    goals.sort(key=lambda g: order.index(g) if g in order else len(order))
    limits = [x for x in request.POST.getlist("limits") if x in interview.fields["limits"].choices]
    situation["goals"], situation["limits"] = goals, limits
    case.situation = situation
    case.save()
    record_event(case, request.user, "priorities_changed")
    if request.headers.get("HX-Request"):
        context = base_context(case_access, "plan")
        context.update(_plan_context(request, case_access))
        return render(request, "cases/_plan_body.html", context)
    return redirect("cases:plan", case.pk)


@login_required
@require_GET
def plan_compare(request, case_id):
    case_access = access.case_for(request, case_id, "plan")
    context = base_context(case_access, "plan")
    context.update(_plan_context(request, case_access))
    chosen = request.GET.getlist("option")[:3]
    view = context["view"]
    options = [o for o in (view.options() if view else []) if o["remedy"] in chosen]
    context.update({"compared": options, "too_few": len(options) < 2})
    return render(request, "cases/plan_compare.html", context)


@login_required
@require_GET
def plan_print(request, case_id):
    case_access = access.case_for(request, case_id, "plan")
    context = base_context(case_access, "plan")
    context.update(_plan_context(request, case_access))
    context["printed_on"] = timezone.localdate()
    return render(request, "cases/plan_print.html", context)


# -- Evidence -------------------------------------------------------------------------------


def sync_evidence(case, view):
    """Add the plan's evidence items that the checklist does not have yet (never remove)."""
    if view is None:
        return
    have = set(case.evidence.values_list("item", flat=True))
    for row in view.evidence():
        if row["item"] not in have:
            EvidenceItem.objects.create(case=case, item=row["item"])


@login_required
@require_http_methods(["GET", "POST"])
def evidence(request, case_id):
    writing = request.method == "POST"
    case_access = access.case_for(request, case_id, "evidence", write=writing)
    case = case_access.case
    language = lang()
    result = plan_for_case(case, language)
    view = PlanView(result.plan, case.pk, language, kb_labels(language)) if result.plan else None
    add_form = EvidenceAddForm(request.POST or None)
    if writing:
        if add_form.is_valid():
            EvidenceItem.objects.create(
                case=case, item="custom", custom_label=add_form.cleaned_data["label"]
            )
            record_event(case, request.user, "evidence_added")
            return redirect("cases:evidence", case.pk)
    elif case_access.can_edit("evidence"):
        sync_evidence(case, view)
    planned = {row["item"]: row for row in view.evidence()} if view else {}
    items = []
    for item in case.evidence.prefetch_related("files"):
        row = planned.get(item.item, {})
        items.append(
            {
                "obj": item,
                "label": item.custom_label
                if item.item == "custom"
                else row.get("label", item.item),
                "serves": row.get("serves", []),
                "in_plan": item.item in planned,
                "files": list(item.files.all()),
            }
        )
    context = base_context(case_access, "evidence")
    context.update(
        {
            "items": items,
            "add_form": add_form,
            "upload_form": EvidenceUploadForm(),
            "gathered": sum(1 for i in items if i["obj"].gathered),
        }
    )
    return render(request, "cases/evidence.html", context)


@login_required
@require_POST
def evidence_update(request, case_id, item_id):
    case_access, item = access.case_object(
        request, case_id, EvidenceItem, item_id, "evidence", write=True
    )
    form = EvidenceUpdateForm(request.POST)
    if form.is_valid():
        item.gathered = form.cleaned_data["gathered"]
        item.notes = form.cleaned_data["notes"]
        item.updated_at = timezone.now()
        item.save()
        record_event(case_access.case, request.user, "evidence_updated", item.item)
        messages.success(request, _("Saved."))
    return redirect(reverse("cases:evidence", args=[case_id]) + f"#evidence-{item.pk}")


@login_required
@require_POST
def evidence_upload(request, case_id, item_id):
    case_access, item = access.case_object(
        request, case_id, EvidenceItem, item_id, "evidence", write=True
    )
    form = EvidenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        ref = save_upload(case_access.case, upload)
        EvidenceFile.objects.create(
            evidence=item,
            case=case_access.case,
            name=upload.name,
            content_type=(upload.content_type or "application/octet-stream")[:100],
            size=upload.size,
            storage_name=ref,
            uploaded_by=request.user,
        )
        record_event(case_access.case, request.user, "evidence_file_added", item.item)
        audit.record(request.user, Action.CREATE, obj=item, case=case_access.case, request=request)
        messages.success(request, _("The file is stored, encrypted."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("file", [])))
    return redirect(reverse("cases:evidence", args=[case_id]) + f"#evidence-{item.pk}")


@login_required
@require_recent_auth
@require_GET
def evidence_file(request, case_id, file_id):
    case_access, stored = access.case_object(request, case_id, EvidenceFile, file_id, "evidence")
    upload = open_upload(case_access.case, stored.storage_name)
    audit.record(request.user, Action.EXPORT, obj=stored, case=case_access.case, request=request)
    response = HttpResponse(upload.data, content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(stored.name)
    response["Cache-Control"] = "no-store"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name, safe="")


# -- Tasks, calendar, due list ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tasks(request, case_id):
    writing = request.method == "POST"
    case_access = access.case_for(request, case_id, "tasks", write=writing)
    case = case_access.case
    form = TaskForm(request.POST or None, case=case)
    if writing and form.is_valid():
        task = form.save(commit=False)
        task.case, task.created_by = case, request.user
        task.save()
        record_event(case, request.user, "task_added")
        messages.success(request, _("Task added."))
        return redirect("cases:tasks", case.pk)
    language = lang()
    result = plan_for_case(case, language)
    view = PlanView(result.plan, case.pk, language, kb_labels(language)) if result.plan else None
    existing = set(case.tasks.exclude(remedy="").values_list("remedy", "due_on"))
    deadlines = [
        o
        for o in (view.deadlines() if view else [])
        if (o["remedy"], o["deadline"]) not in existing
    ]
    context = base_context(case_access, "tasks")
    context.update(
        {
            "form": form,
            "tasks": case.tasks.select_related("assignee"),
            "deadlines": deadlines,
            "today": timezone.localdate(),
        }
    )
    return render(request, "cases/tasks.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def tasks_from_plan(request, case_id):
    case_access = access.case_for(request, case_id, "tasks", write=True)
    case = case_access.case
    language = lang()
    result = plan_for_case(case, language)
    view = PlanView(result.plan, case.pk, language, kb_labels(language)) if result.plan else None
    wanted = set(request.POST.getlist("remedy"))
    made = 0
    for option in view.deadlines() if view else []:
        if option["remedy"] in wanted:
            _task, created = Task.objects.get_or_create(
                case=case,
                remedy=option["remedy"],
                due_on=option["deadline"],
                defaults={
                    "title": _("Deadline: %(option)s") % {"option": option["label"]},
                    "created_by": request.user,
                },
            )
            made += created
    if made:
        record_event(case, request.user, "tasks_from_plan", str(made))
    messages.success(request, _("Tasks added from the plan's deadlines."))
    return redirect("cases:tasks", case.pk)


@login_required
@require_POST
def task_update(request, case_id, task_id):
    case_access, task = access.case_object(request, case_id, Task, task_id, "tasks", write=True)
    task.done = request.POST.get("done") == "1"
    task.done_at = timezone.now() if task.done else None
    task.save(update_fields=["done", "done_at"])
    record_event(case_access.case, request.user, "task_done" if task.done else "task_reopened")
    return redirect("cases:tasks", case_id)


def month_grid(year, month, tasks_by_day):
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([(day, day.month == month, tasks_by_day.get(day, [])) for day in week])
    return weeks


@login_required
@require_GET
def case_calendar(request, case_id):
    case_access = access.case_for(request, case_id, "tasks")
    case = case_access.case
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    by_day = {}
    for task in case.tasks.filter(due_on__range=(first, last)).select_related("assignee"):
        by_day.setdefault(task.due_on, []).append(task)
    context = base_context(case_access, "tasks")
    context.update(
        {
            "month": first,
            "weeks": month_grid(first.year, first.month, by_day),
            "previous_month": (first - timedelta(days=1)).strftime("%Y-%m"),
            "next_month": (last + timedelta(days=1)).strftime("%Y-%m"),
            "today": today,
            "weekdays": [date(2024, 1, d) for d in range(1, 8)],  # a Monday to a Sunday
        }
    )
    return render(request, "cases/calendar.html", context)


@login_required
@require_recent_auth
@require_GET
def case_calendar_ics(request, case_id):
    case_access = access.case_for(request, case_id, "tasks")
    case = case_access.case
    audit.record(request.user, Action.EXPORT, obj=case, case=case, request=request)
    body = ics.calendar_for(case.tasks.filter(due_on__isnull=False), request, lang())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case.reference}.ics"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def due_list(request):
    """What is due across the cases this person reaches (an admin: the organisation's)."""
    cases = access.visible_cases(request.user, include_organisation=True)
    days = request.GET.get("days", "30")
    horizon = timezone.localdate() + timedelta(days=min(int(days), 366) if days.isdigit() else 30)
    due = (
        Task.objects.filter(case__in=cases, done=False, due_on__isnull=False, due_on__lte=horizon)
        .select_related("case", "assignee")
        .order_by("due_on", "id")[:200]
    )
    audit.record(request.user, Action.READ, request=request)
    return render(
        request,
        "cases/due_list.html",
        {"tasks": due, "today": timezone.localdate(), "horizon": horizon},
    )


# -- Outcomes and timeline ---------------------------------------------------------------------


def _outcome_choices(case, language):
    result = plan_for_case(case, language)
    labels = kb_labels(language)
    view = PlanView(result.plan, case.pk, language, labels) if result.plan else None
    remedies = [(o["remedy"], o["label"]) for o in view.options()] if view else []
    harm_ids = sorted({h["id"] for o in view.options() for h in o["harms"]}) if view else []
    harms = [(h, view.label("harms", h)) for h in harm_ids]
    return remedies, harms


@login_required
@require_http_methods(["GET", "POST"])
def outcomes(request, case_id):
    writing = request.method == "POST"
    case_access = access.case_for(request, case_id, "outcomes", write=writing)
    case = case_access.case
    language = lang()
    remedies, harms = _outcome_choices(case, language)
    form = OutcomeForm(request.POST or None, remedies=remedies, harms=harms)
    if writing and form.is_valid():
        outcome = form.save(commit=False)
        outcome.case = case
        outcome.save()
        record_event(case, request.user, "outcome_recorded", outcome.remedy)
        messages.success(request, _("Outcome recorded."))
        return redirect("cases:outcomes", case.pk)
    remedy_labels, harm_labels = dict(remedies), dict(harms)
    rows = [
        {
            "obj": o,
            "label": remedy_labels.get(o.remedy, o.remedy),
            "harms": [harm_labels.get(h, h) for h in o.harms_happened],
        }
        for o in case.outcomes.all()
    ]
    context = base_context(case_access, "outcomes")
    context.update({"form": form, "rows": rows})
    return render(request, "cases/outcomes.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request, case_id, outcome_id):
    writing = request.method == "POST"
    case_access, outcome = access.case_object(
        request, case_id, Outcome, outcome_id, "outcomes", write=writing
    )
    remedies, harms = _outcome_choices(case_access.case, lang())
    form = OutcomeForm(request.POST or None, instance=outcome, remedies=remedies, harms=harms)
    if writing and form.is_valid():
        changed = form.save(commit=False)
        changed.updated_at = timezone.now()
        changed.save()
        record_event(case_access.case, request.user, "outcome_updated", outcome.remedy)
        messages.success(request, _("Saved."))
        return redirect("cases:outcomes", case_id)
    context = base_context(case_access, "outcomes")
    context.update({"form": form, "outcome": outcome})
    return render(request, "cases/outcome_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def timeline(request, case_id):
    case_access = access.case_for(request, case_id, "timeline")
    events = case_access.case.events.select_related("actor")
    paginator = Paginator(events, 50)
    context = base_context(case_access, "timeline")
    context.update(
        {
            "page": paginator.get_page(request.GET.get("page")),
            "access_history": audit.case_history(case_access.case, limit=50)
            if case_access.via != "consent"
            else [],
        }
    )
    return render(request, "cases/timeline.html", context)
