"""The GitHub workflows: actionlint-clean, and doing what CONTRIBUTING.md promises."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from drawarchive.content.checked import PATH as CHECKED

WORKFLOWS = REPO / ".github" / "workflows"
NAMES = sorted(path.name for path in WORKFLOWS.glob("*.yml"))
# GitHub's "Security hardening for GitHub Actions": the only jobs that may hold a write token, and what for.
WRITERS = {
    ("sync.yml", "pull-request"): {"contents", "pull-requests"},  # pushes sync/ircc-rounds, opens the pull request
    ("pages.yml", "deploy"): {"pages", "id-token"},  # deploys to GitHub Pages
}
# A job that runs any of these runs code from a package index or from the branch: never with a write token.
PROJECT_CODE = ("pip install", "build.py", ".ci/run", "pytest")
TESTS = (".ci/run", "pytest")  # a job that runs the whole suite (about 15 minutes on a 2-core runner)
# A full commit SHA, with the release it is in a comment: `uses: actions/checkout@<40 hex>  # v6.1.0`
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+(?:\.\d+)*$")


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


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def writes(permissions: dict | str | None) -> set[str]:
    if isinstance(permissions, str):  # read-all or write-all
        return {"everything"} if permissions == "write-all" else set()
    return {scope for scope, access in (permissions or {}).items() if access == "write"}


def hardening_problems(name: str, text: str) -> list[str]:
    """What breaks GitHub's hardening advice in one workflow; empty when nothing does."""
    workflow = yaml.safe_load(text)
    problems = [f"not pinned to a commit SHA with its version in a comment: {line.strip()}"
                for line in text.splitlines()
                if re.match(r"^\s*(?:- )?uses: (?!\./)", line) and not PINNED.match(line)]
    if "permissions" not in workflow:
        problems.append("no top-level permissions: the token gets the repository's default, maybe write")
    elif writes(workflow["permissions"]):
        problems.append(f"top-level permissions grant write: {workflow['permissions']}")
    for job_id, job in workflow["jobs"].items():
        where = f"job {job_id}"
        if "timeout-minutes" not in job:
            problems.append(f"{where} has no timeout-minutes (the default is 6 hours)")
        elif any(command in runs(job) for command in TESTS) and job["timeout-minutes"] < 90:
            problems.append(f"{where} runs the test suite in under 90 minutes")
        if "permissions" not in job:
            problems.append(f"{where} does not declare its own permissions")
        # A job without its own permissions gets the workflow's.
        granted = writes(job["permissions"] if "permissions" in job else workflow.get("permissions"))
        allowed = WRITERS.get((name, job_id), set())
        if granted != allowed:
            problems.append(f"{where} may write {sorted(granted)}; it should write {sorted(allowed)}")
        if granted and any(command in runs(job) for command in PROJECT_CODE):
            problems.append(f"{where} holds a write token and runs project code or installs packages")
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@") and \
                    step.get("with", {}).get("persist-credentials") is not False:
                problems.append(f"{where} checks out without persist-credentials: false (the token stays in .git)")
            if "${{" in step.get("run", ""):
                problems.append(f"{where} puts an expression inline in a script; pass it through env: "
                                f"{step['run'].splitlines()[0]}")
    return problems


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
    assert build["run"] == 'python build.py --base-url "$BASE_URL" --path "$BASE_PATH/" --check-ircc'
    assert build["env"] == {"BASE_URL": "${{ steps.pages.outputs.origin }}",
                            "BASE_PATH": "${{ steps.pages.outputs.base_path }}"}


def test_the_site_is_rebuilt_daily_so_its_build_date_and_freshness_stay_true():
    """The sync records a check in content/checked.yml when content changes; the daily deploy checks IRCC's
    data itself (--check-ircc, tested in test_deploy_check.py), so every footer moves every day, whether or
    not anything was merged."""
    pages, sync = load("pages.yml"), load("sync.yml")
    assert pages["on"]["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]
    pages_hour = int(pages["on"]["schedule"][0]["cron"].split()[1])
    assert pages_hour > int(sync["on"]["schedule"][0]["cron"].split()[1])  # after the day's sync
    assert "content/checked.yml" in (REPO / "README.md").read_text()


def test_ci_runs_the_readmes_test_command():
    command = ('python3 -m venv .venv && .venv/bin/pip install -e ".[test]" -c constraints.txt '
               '&& .venv/bin/python -m pytest')
    assert command in (REPO / "README.md").read_text()
    assert command in (REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("name", NAMES)
def test_workflows_follow_githubs_hardening_advice(name):
    assert hardening_problems(name, (WORKFLOWS / name).read_text()) == []


def test_the_write_tokens_go_where_they_are_named():
    for name, job_id in WRITERS:
        assert job_id in load(name)["jobs"], f"{name} has no job {job_id}"


def test_the_hardening_check_finds_each_problem():
    hardened = (WORKFLOWS / "pull-request.yml").read_text()
    assert hardening_problems("pull-request.yml", hardened) == []
    breakages = {  # what the check must say: (pattern, replacement) in pull-request.yml
        "actions/checkout@v6": (r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v6"),
        "version in a comment": (r"  # v6\.1\.0", ""),
        "no timeout-minutes": (r"    timeout-minutes: .*\n", ""),
        "under 90 minutes": (r"timeout-minutes: 90", "timeout-minutes: 60"),
        "persist-credentials": (r"persist-credentials: false", "persist-credentials: true"),
        "top-level permissions grant write": (r"^permissions:\n  contents: read", "permissions:\n  contents: write"),
        "no top-level permissions": (r"^permissions:\n  contents: read\n", ""),
        "its own permissions": (r"    permissions:\n      contents: read\n", ""),
        "runs project code": (r"      contents: read\n    steps", "      contents: write\n    steps"),
        "inline": (r"run: python build\.py check", "run: echo ${{ github.head_ref }}"),
    }
    for message, (pattern, replacement) in breakages.items():
        broken = re.sub(pattern, replacement, hardened, flags=re.MULTILINE)
        assert broken != hardened, message
        assert message in "\n".join(hardening_problems("pull-request.yml", broken)), message


def test_the_sync_workflow_imports_checks_and_opens_one_pull_request():
    workflow = load("sync.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["on"]["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day
    assert workflow["permissions"] == {}
    importing, opening_job = workflow["jobs"]["import"], workflow["jobs"]["pull-request"]
    assert importing["permissions"] == {"contents": "read"}
    assert opening_job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert not any(step.get("uses", "").startswith("actions/setup-python@") for step in steps(opening_job))
    # Exit 1 with a summary: the pull request is still opened, and then the run fails with a warning.
    # Exit 1 without one (the download failed): the import job fails and no pull request is opened.
    assert 'python build.py import --summary "$RUNNER_TEMP/import.md"' in runs(importing)
    assert 'test -f "$RUNNER_TEMP/import.md"' in runs(importing)
    assert importing["outputs"]["status"] == "${{ steps.import.outputs.status }}"
    opening = next(s for s in opening_job["steps"] if s.get("uses", "").startswith("peter-evans/create-pull-request@"))
    assert opening["with"]["body-path"] == "${{ runner.temp }}/import.md"
    assert 'mv "$RUNNER_TEMP/imported/import.md" "$RUNNER_TEMP/import.md"' in runs(opening_job)
    assert opening["with"]["branch"] == "sync/ircc-rounds"  # one branch: the same pull request is updated
    # The pull request carries every file import writes; a path left out is dropped from it silently.
    added = opening["with"]["add-paths"].split()
    assert sorted(added) == ["content/checked.yml", "content/draws"]
    assert CHECKED in added
    asking = opening_job["steps"][opening_job["steps"].index(opening) + 1]
    assert asking["if"] == "needs.import.outputs.status != '0'"
    assert "::warning::" in asking["run"] and asking["run"].endswith("exit 1\n")
    # The import reads IRCC's address from site.yml, not from the workflow.
    assert "canada.ca" not in (WORKFLOWS / "sync.yml").read_text()
    assert "ircc_rounds_url: https://www.canada.ca/content/dam/ircc/documents/json/ee_rounds_123_en.json" in \
        (REPO / "site.yml").read_text()


def test_the_sync_workflow_runs_the_checks_and_tests_before_it_opens_the_pull_request():
    # Its pull request is opened with GITHUB_TOKEN, so pull-request.yml never runs on it.
    jobs = load("sync.yml")["jobs"]
    assert "import" in jobs
    opener = [job_id for job_id, job in jobs.items()
              if any(s.get("uses", "").startswith("peter-evans/create-pull-request@") for s in steps(job))]
    assert opener == ["pull-request"]
    assert jobs["pull-request"]["needs"] in ("import", ["import"])
    commands = [step.get("run", "") for step in jobs["import"]["steps"]]
    importing = next(i for i, run in enumerate(commands) if "python build.py import" in run)
    assert importing < commands.index("python build.py check") < commands.index("python build.py") < \
        commands.index("bash .ci/run")
    # The content that passed them is what the pull request commits.
    uploads = {step["with"]["name"]: (i, step["with"]) for i, step in enumerate(jobs["import"]["steps"])
               if step.get("uses", "").startswith("actions/upload-artifact@")}
    handed, upload = uploads["imported-content"]
    assert handed > commands.index("bash .ci/run")
    assert upload["if-no-files-found"] == "error"
    gathering = runs(jobs["import"])
    assert 'cp -R content "$RUNNER_TEMP/imported/content"' in gathering
    assert upload["path"] == "${{ runner.temp }}/imported"
    download = next(step for step in jobs["pull-request"]["steps"]
                    if step.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"] == {"name": "imported-content", "path": "${{ runner.temp }}/imported"}
    assert 'mv "$RUNNER_TEMP/imported/content" content' in runs(jobs["pull-request"])
    # The whole summary, when the pull request's copy (GitHub's limit: 65,536 characters) had to be cut.
    assert uploads["import-summary"][1] == {"name": "import-summary", "path": "${{ runner.temp }}/import.full.md",
                                            "if-no-files-found": "ignore"}


def test_the_import_summary_is_a_pull_request_description(project, tmp_path):
    from conftest import FIXTURES, run_build

    summary = tmp_path / "import.md"
    result = run_build("import", str(FIXTURES / "ircc-later-rounds.json"), "--summary", str(summary), root=project)
    assert result.returncode == 0, result.stderr
    assert summary.read_text() == (
        f"Import of IRCC's rounds from `{FIXTURES / 'ircc-later-rounds.json'}`.\n\n"
        "**Summary:** added 6; confirmed 0; updated 0; unchanged 0.\n\n## Added\n\n"
        "- round 441\n- round 440\n- round 439\n- round 438\n- round 437\n- round 436\n\nUnchanged: 0 rounds.\n")


def test_the_summary_printed_to_the_log_can_run_no_workflow_command():
    """The summary quotes IRCC's data; a line of it starting '::error::' must stay text in the Actions log."""
    steps = [s for job in load("sync.yml")["jobs"].values() for s in job["steps"]]
    printing = [s["run"] for s in steps if "cat " in s.get("run", "")]
    assert printing
    for script in printing:
        lines = script.splitlines()
        cat = next(i for i, line in enumerate(lines) if line.strip().startswith("cat "))
        assert any("::stop-commands::" in line for line in lines[:cat])
        assert any(line.strip().startswith('echo "::$token::"') for line in lines[cat + 1:])
