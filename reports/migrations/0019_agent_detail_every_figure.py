from django.db import migrations


def agent_detail_build(apps, schema_editor):
    # AgentDetailFigure now holds the summary's figures as well
    # (reports.rollups.grains.AGENT_DETAIL): existing rollups get them from
    # DailyFigure here, so no report filtered by agent reads them empty. A new
    # database has none.
    if not apps.get_model("reports", "DailyFigure").objects.exists():
        return
    from reports.rollups.fold import summary_rebuild_all
    from reports.rollups.grains import AGENT_DETAIL

    summary_rebuild_all((AGENT_DETAIL,))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0018_week_quarter_year_rows"),
    ]

    operations = [
        migrations.RunPython(agent_detail_build, migrations.RunPython.noop),
    ]
