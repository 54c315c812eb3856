"""Baseline comes over from the programs app (programs/migrations/0005_baseline_moves_to_targets.py).

Its rows are production data: the model is taken over in the migration state only, on its existing
tables, which are then renamed to this app's names. Its content types move too, so the permissions
granted on baselines, the admin log and the history rows stay attached to them.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ["baseline", "historicalbaseline"]


def _move_content_types(source, destination):
    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        for model in MOVED:
            if content_types.filter(app_label=source, model=model).exists():
                # A content type created meanwhile for the destination holds nothing yet: the old one wins.
                content_types.filter(app_label=destination, model=model).delete()
                content_types.filter(app_label=source, model=model).update(app_label=destination)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("programs", "0005_baseline_moves_to_targets"),
        ("targets", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalBaseline',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('label', models.CharField(max_length=300, verbose_name='chỉ số')),
                        ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='giá trị')),
                        ('unit_of_measure', models.CharField(max_length=40, verbose_name='đơn vị tính')),
                        ('as_of', models.DateField(blank=True, null=True, verbose_name='tại ngày')),
                        ('as_of_text', models.CharField(blank=True, help_text='Khi văn bản không nêu ngày cụ thể (ví dụ: “đến nay”, đầu năm 2024).', max_length=200, verbose_name='thời điểm như văn bản nêu')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('figure', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='targets.figure', verbose_name='số liệu')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('program', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programs.program', verbose_name='chương trình')),
                        ('target', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='targets.target', verbose_name='mục tiêu')),
                    ],
                    options={
                        'db_table': 'programs_historicalbaseline',
                        'verbose_name': 'historical số liệu nền',
                        'verbose_name_plural': 'historical số liệu nền',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Baseline',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('label', models.CharField(max_length=300, verbose_name='chỉ số')),
                        ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='giá trị')),
                        ('unit_of_measure', models.CharField(max_length=40, verbose_name='đơn vị tính')),
                        ('as_of', models.DateField(blank=True, null=True, verbose_name='tại ngày')),
                        ('as_of_text', models.CharField(blank=True, help_text='Khi văn bản không nêu ngày cụ thể (ví dụ: “đến nay”, đầu năm 2024).', max_length=200, verbose_name='thời điểm như văn bản nêu')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                        ('figure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='baselines', to='targets.figure', verbose_name='số liệu')),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='baselines', to='programs.program', verbose_name='chương trình')),
                        ('target', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='baselines', to='targets.target', verbose_name='mục tiêu')),
                    ],
                    options={
                        'db_table': 'programs_baseline',
                        'verbose_name': 'số liệu nền',
                        'verbose_name_plural': 'số liệu nền',
                        'ordering': ['program', 'order', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='baseline_value_non_negative', violation_error_message='Giá trị không được âm.'), models.CheckConstraint(condition=models.Q(('as_of__isnull', False), models.Q(('as_of_text', ''), _negated=True), _connector='OR'), name='baseline_has_a_time', violation_error_message='Hãy ghi ngày hoặc thời điểm của số liệu nền.')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="baseline", table=None),
        migrations.AlterModelTable(name="historicalbaseline", table=None),
        migrations.RunPython(_move_content_types("programs", "targets"), _move_content_types("targets", "programs")),
    ]
