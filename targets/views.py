"""The program pages (/programs/): each program as its document has it, targets included.

They show a program's targets and baselines, so they live here, above the programs app.
"""

from django.http import Http404
from django.views.generic import DetailView, ListView

from programs.selectors import assignments_by_body, program_list
from targets.selectors import program_get, target_changes


class ProgramListView(ListView):
    template_name = "programs/program_list.html"
    context_object_name = "programs"

    def get_queryset(self):
        return program_list(user=self.request.user)


class ProgramDetailView(DetailView):
    template_name = "programs/program_detail.html"
    context_object_name = "program"

    def get_object(self, queryset=None):
        program = program_get(user=self.request.user, slug=self.kwargs["slug"])
        if program is None:
            raise Http404
        return program

    def get_context_data(self, **kwargs):
        program = self.object
        targets = list(program.targets.all())
        tasks = list(program.tasks.all())
        return super().get_context_data(
            targets=targets,
            tasks=tasks,
            bodies=assignments_by_body(program=program),
            target_changes=target_changes(program=program),
            targets_missing=max((program.declared_target_count or 0) - len(targets), 0),
            tasks_missing=max((program.declared_task_count or 0) - len(tasks), 0),
            **kwargs,
        )
