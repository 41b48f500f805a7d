"""A person's own pages of the workspace: what waits on them ("My work"), whether they get the daily
reminder digest, and the link in each mail that turns it off without signing in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from indices.access import access_for
from indices.workspace import my_work
from indices.workspace.reminders import reminders_set, user_of_token, wants_reminders


class PreferenceForm(forms.Form):
    enabled = forms.BooleanField(
        label=gettext_lazy("Send me a daily e-mail of what newly waits on me"), required=False
    )


@require_safe
@never_cache
@login_required
def my_work_page(request):
    tasks = my_work.tasks_for(access_for(request.user), timezone.localdate())
    reviews = sum(1 for task in tasks if task.kind == my_work.REVIEW)
    context = {
        "groups": my_work.grouped(tasks),
        "review_count": my_work.review_count_in_words(reviews) if reviews else "",
        "reminders_on": wants_reminders(request.user),
    }
    return render(request, "workspace/my_work.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@login_required
def preferences(request):
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            enabled = form.cleaned_data["enabled"]
            reminders_set(user=request.user, enabled=enabled)
            messages.success(request, _("Reminders are on.") if enabled else _("Reminders are off."))
            return redirect("workspace:reminders")
    else:
        form = PreferenceForm(initial={"enabled": wants_reminders(request.user)})
    return render(request, "workspace/reminders.html", {"form": form, "email": request.user.email})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def unsubscribe(request, token):
    """Turn reminders off from a mail's link. Opening the link asks; only the button turns them off (mail
    scanners open links)."""
    user = user_of_token(token)
    if user is None:
        raise Http404(_("This link is not valid."))
    done = request.method == "POST"
    if done:
        reminders_set(user=user, enabled=False)
    return render(request, "workspace/unsubscribe.html", {"done": done})
