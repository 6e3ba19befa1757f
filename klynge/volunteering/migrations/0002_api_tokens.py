"""Partners' API tokens for the FHIR referral intake, and a referral's FHIR id (``uid``) and
token. ``uid`` is added in three steps (nullable, filled, unique), as Django's guide to
adding unique fields says, so existing referrals get one each."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def fill_uids(apps, schema_editor):
    referral = apps.get_model("volunteering", "Referral")
    for row in referral.objects.filter(uid__isnull=True).only("pk"):
        row.uid = uuid.uuid4()
        row.save(update_fields=["uid"])


class Migration(migrations.Migration):

    dependencies = [
        ('collaborations', '0001_initial'),
        ('volunteering', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='uid',
            field=models.UUIDField(editable=False, null=True, verbose_name='FHIR id'),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='referral',
            name='uid',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='FHIR id'),
        ),
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(help_text="Which system uses it, e.g. the hospital's EHR.", max_length=100, verbose_name='label')),
                ('secret_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='issued')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='collaborations.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['organisation', '-created_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='referral',
            name='api_token',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='volunteering.apitoken', verbose_name='sent with token'),
        ),
    ]
