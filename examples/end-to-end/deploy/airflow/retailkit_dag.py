"""Airflow DAG that runs the RetailKit CLI steps as tasks.

Each task is one idempotent CLI command (re-running a task gives the same outputs and loads no duplicate
rows), so Airflow's retries are safe. Set the Airflow Variables `retailkit_repo` (a checkout with
`npm ci` done), `retailkit_data`, `retailkit_out`, `retailkit_lake` and `retailkit_warehouse`.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

REPO = "{{ var.value.get('retailkit_repo', '/opt/retailkit') }}"
COMMON = (
    "--data {{ var.value.get('retailkit_data', 'seeds/online-retail.csv.gz') }} "
    "--out {{ var.value.get('retailkit_out', '/opt/retailkit/out') }}"
)

# The CLI commands, in dependency order; each also runs its own prerequisites when run alone.
STEPS = ["ingest", "clean", "load", "segment", "basket", "forecast", "pricing", "report"]

default_args = {
    "owner": "retailkit",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
}

with DAG(
    dag_id="retailkit_pipeline",
    description="Extract, clean, load, segment, basket, forecast, pricing and report with the RetailKit CLI",
    default_args=default_args,
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    tags=["retailkit"],
) as dag:
    tasks = {}
    for step in STEPS:
        extra = ""
        if step == "load":
            extra = (
                " --lake {{ var.value.get('retailkit_lake', '/opt/retailkit/out/lake') }}"
                " --warehouse {{ var.value.get('retailkit_warehouse', 'embedded') }}"
            )
        tasks[step] = BashOperator(
            task_id=step,
            bash_command=f"cd {REPO} && npm start -- {step} {COMMON}{extra}",
        )

    tasks["ingest"] >> tasks["clean"] >> tasks["load"]
    tasks["clean"] >> [tasks["segment"], tasks["basket"], tasks["forecast"], tasks["pricing"]]
    [tasks["segment"], tasks["basket"], tasks["forecast"], tasks["pricing"]] >> tasks["report"]
