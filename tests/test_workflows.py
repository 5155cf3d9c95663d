"""The GitHub workflows: actionlint-clean, and doing what CONTRIBUTING.md promises."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def actionlint() -> str:
    beside_python = Path(sys.executable).parent / "actionlint"
    found = str(beside_python) if beside_python.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: install the test extra"
    return found


def lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([actionlint(), "-color=false", "-shellcheck=", "-pyflakes=", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True; the workflow means the string.
    document = yaml.safe_load((WORKFLOWS / name).read_text())
    return {("on" if key is True else key): value for key, value in document.items()}


def test_workflows_pass_actionlint():
    result = lint(*sorted(WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/checkout@v4\n"
                      "        with:\n          no-such-input: 1\n")
    result = lint(broken)
    assert result.returncode == 1
    assert "no-such-input" in result.stdout


def test_pull_requests_install_check_and_test():
    workflow = load("pull-request.yml")
    assert "pull_request" in workflow["on"]
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "python build.py check" in runs
    assert "bash .ci/run" in runs


def test_main_is_built_for_pages_and_deployed_with_the_official_actions():
    workflow = load("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    build = next(s for s in workflow["jobs"]["build"]["steps"] if "build.py" in s.get("run", ""))
    assert build["run"] == 'python build.py --base-url "$BASE_URL" --path "$BASE_PATH/"'
    assert build["env"] == {"BASE_URL": "${{ steps.pages.outputs.origin }}",
                            "BASE_PATH": "${{ steps.pages.outputs.base_path }}"}


def test_ci_runs_the_readmes_test_command():
    command = 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest'
    assert command in (REPO / "README.md").read_text()
    assert command in (REPO / ".ci" / "run").read_text()


def test_the_sync_workflow_imports_checks_and_opens_one_pull_request():
    workflow = load("sync.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["on"]["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = workflow["jobs"]["sync"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert 'python build.py import --summary "$RUNNER_TEMP/import.md"' in runs
    assert "python build.py check" in runs
    opening = next(s for s in steps if s.get("uses", "").startswith("peter-evans/create-pull-request@"))
    assert opening["with"]["body-path"] == "${{ runner.temp }}/import.md"
    assert opening["with"]["branch"] == "sync/ircc-rounds"  # one branch: the same pull request is updated
    # The import reads IRCC's address from site.yml, not from the workflow.
    assert "canada.ca" not in (WORKFLOWS / "sync.yml").read_text()
    assert "ircc_rounds_url: https://www.canada.ca/content/dam/ircc/documents/json/ee_rounds_123_en.json" in \
        (REPO / "site.yml").read_text()


def test_the_import_summary_is_a_pull_request_description(project, tmp_path):
    from conftest import FIXTURES, run_build

    summary = tmp_path / "import.md"
    result = run_build("import", str(FIXTURES / "ircc-later-rounds.json"), "--summary", str(summary), root=project)
    assert result.returncode == 0, result.stderr
    assert summary.read_text() == (
        f"Import of IRCC's rounds from {FIXTURES / 'ircc-later-rounds.json'}.\n\n"
        "**Summary:** added 6; confirmed 0; updated 0; unchanged 0.\n\n## Added\n\n"
        "- #441\n- #440\n- #439\n- #438\n- #437\n- #436\n\nUnchanged: 0 rounds.\n")
