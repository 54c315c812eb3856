"""Units get a stable code (unique in their province), provinces can be merged into another.

Existing units, and their history rows, get the code "DV-<id>"; units created later without a
code get a random one (organisations.models.new_unit_code). Going back drops the codes.
"""

import django.core.validators
import django.db.models.deletion
import organisations.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Cast, Concat


def fill_codes(apps, schema_editor):
    for model_name in ("Organisation", "HistoricalOrganisation"):
        model = apps.get_model("organisations", model_name)
        model.objects.update(code=Concat(Value("DV-"), Cast("id", models.CharField())))



class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0002_zero_padded_paths'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='UnitImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file_name', models.CharField(max_length=255, verbose_name='tên tệp')),
                ('content', models.BinaryField(verbose_name='nội dung')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='tải lên lúc')),
            ],
            options={
                'verbose_name': 'tệp đơn vị, người dùng chờ xác nhận',
                'verbose_name_plural': 'tệp đơn vị, người dùng chờ xác nhận',
                'ordering': ['-uploaded_at'],
            },
        ),
        migrations.AddField(
            model_name='historicalorganisation',
            name='code',
            field=models.CharField(default='', max_length=40, verbose_name='mã đơn vị'),
        ),
        migrations.AddField(
            model_name='historicalorganisation',
            name='former_province',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.province', verbose_name='trước đây thuộc tỉnh'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='code',
            field=models.CharField(default='', max_length=40, verbose_name='mã đơn vị'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='former_province',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='former_organisations', to='organisations.province', verbose_name='trước đây thuộc tỉnh'),
        ),
        migrations.AddField(
            model_name='province',
            name='merged_into',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='merged_from', to='organisations.province', verbose_name='sáp nhập vào'),
        ),
        migrations.AddField(
            model_name='province',
            name='merged_on',
            field=models.DateField(blank=True, null=True, verbose_name='ngày sáp nhập'),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalorganisation',
            name='code',
            field=models.CharField(default=organisations.models.new_unit_code, help_text='Mã cố định, không trùng trong tỉnh; dùng để nhận ra đơn vị khi nhập từ Excel.', max_length=40, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9._-]*\\Z', 'Mã chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (không có dấu cách).')], verbose_name='mã đơn vị'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='code',
            field=models.CharField(default=organisations.models.new_unit_code, help_text='Mã cố định, không trùng trong tỉnh; dùng để nhận ra đơn vị khi nhập từ Excel.', max_length=40, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9._-]*\\Z', 'Mã chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (không có dấu cách).')], verbose_name='mã đơn vị'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(fields=('province', 'code'), name='org_code_unique_in_province', violation_error_message='Tỉnh này đã có đơn vị mang mã này.'),
        ),
        migrations.AddConstraint(
            model_name='province',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('merged_into__isnull', True), ('merged_on__isnull', True)), models.Q(('merged_into__isnull', False), ('merged_on__isnull', False)), _connector='OR'), name='province_merged_has_date', violation_error_message='Tỉnh đã sáp nhập phải có ngày sáp nhập.'),
        ),
        migrations.AddConstraint(
            model_name='province',
            constraint=models.CheckConstraint(condition=models.Q(('merged_into', models.F('id')), _negated=True), name='province_not_merged_into_itself', violation_error_message='Một tỉnh không thể sáp nhập vào chính nó.'),
        ),
        migrations.AddField(
            model_name='unitimport',
            name='owner',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='unit_imports', to=settings.AUTH_USER_MODEL, verbose_name='người tải lên'),
        ),
        migrations.AddField(
            model_name='unitimport',
            name='province',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='unit_imports', to='organisations.province', verbose_name='tỉnh'),
        ),
    ]
