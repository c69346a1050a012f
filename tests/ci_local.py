"""Run a job of the CI templates on this machine, step by step, as the CI
service would: the YAML is parsed, `${{ … }}` expressions and `if:`
conditions are evaluated, every `run:` step (GitHub) or the `before_script`
and `script` (GitLab) is run with bash in order; an action (`uses:`) is done
by a Python stand-in the test gives. Fake `gh`, `curl` and `apk` put on PATH
record the API calls and answer them from a small in-memory forge
(FakeForge), so what the templates would post can be read back.

Only what the templates use is implemented: contexts github, steps, runner,
env, vars; the functions always(), success(), failure(), cancelled(); the
operators ==, !=, &&, ||, !."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_TOKEN = re.compile(r"\s*('(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|,|[A-Za-z_][\w.\-]*|\d+)")


def _lookup(ctx: dict, path: str):
    node = ctx
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def evaluate(expr: str, ctx: dict, status: dict):
    """A GitHub Actions expression, translated token by token into Python."""
    out, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        assert m, f"unsupported expression: {expr!r}"
        tok, pos = m.group(1), m.end()
        if tok.startswith("'"):
            out.append(repr(tok[1:-1].replace("''", "'")))
        elif tok in ("&&", "||", "!"):
            out.append({"&&": " and ", "||": " or ", "!": " not "}[tok])
        elif tok in ("==", "!=", "(", ")", ","):
            out.append(tok)
        elif tok in ("always", "success", "failure", "cancelled"):
            out.append(f"F[{tok!r}]")
        elif tok.isdigit():
            out.append(tok)
        else:
            out.append(f"L({tok!r})")
    funcs = {
        "always": lambda: True,
        "success": lambda: not status["failed"],
        "failure": lambda: status["failed"],
        "cancelled": lambda: False,
    }
    return eval("".join(out), {"__builtins__": {}}, {"L": lambda p: _lookup(ctx, p), "F": funcs})  # noqa: S307


def substitute(text: str, ctx: dict, status: dict) -> str:
    def one(m):
        v = evaluate(m.group(1), ctx, status)
        return "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)

    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def _condition(cond, ctx: dict, status: dict) -> bool:
    if cond is None:
        return not status["failed"]
    cond = str(cond).strip()
    cond = cond[3:-2] if cond.startswith("${{") else cond
    if not re.search(r"\b(always|success|failure|cancelled)\(", cond):
        cond = f"success() && ({cond})"
    return bool(evaluate(cond, ctx, status))


@dataclass
class StepResult:
    name: str
    outcome: str  # success, failure or skipped
    stdout: str = ""


@dataclass
class JobResult:
    result: str  # success, failure or skipped
    steps: list[StepResult] = field(default_factory=list)

    def step(self, name: str) -> StepResult:
        return next(s for s in self.steps if s.name == name)


Action = Callable[[dict, dict], None]  # (evaluated `with:`, environment) -> None; raises to fail


def run_github_job(
    workflow: Path, job_name: str, cwd: Path, ctx: dict, env: dict[str, str], actions: dict[str, Action]
) -> JobResult:
    """One job of a workflow. ctx: the contexts (github, runner, vars); env:
    the process environment (PATH with the fakes, HOME, RUNNER_TEMP …)."""
    wf = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    job = wf["jobs"][job_name]
    status = {"failed": False}
    ctx = {**ctx, "steps": {}, "env": {}}
    if "if" in job and not _condition(job["if"], ctx, status):
        return JobResult("skipped")
    # As GitHub runs a step: `shell: bash` is bash with pipefail, no shell given is `bash -e`.
    shell = wf.get("defaults", {}).get("run", {}).get("shell")
    assert shell in (None, "bash"), shell
    argv = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"] if shell else ["bash", "-e", "-c"]
    results = []
    for i, step in enumerate(job["steps"]):
        name = step.get("name") or step.get("uses") or f"step {i}"
        step_env = {**wf.get("env", {}), **job.get("env", {}), **step.get("env", {})}
        ctx["env"] = {k: substitute(str(v), ctx, status) for k, v in step_env.items()}
        if not _condition(step.get("if"), ctx, status):
            results.append(StepResult(name, "skipped"))
            outcome = "skipped"
        else:
            full_env = {**env, **ctx["env"]}
            if "uses" in step:
                action = step["uses"].split("@")[0]
                inputs = {k: substitute(str(v), ctx, status) for k, v in step.get("with", {}).items()}
                try:
                    actions[action](inputs, full_env)
                    outcome, out = "success", ""
                except Exception as err:  # noqa: BLE001 - a failed action fails the step
                    outcome, out = "failure", repr(err)
            else:
                script = substitute(step["run"], ctx, status)
                proc = subprocess.run(
                    [*argv, script],
                    cwd=cwd,
                    env=full_env,
                    capture_output=True,
                    text=True,
                )
                outcome = "success" if proc.returncode == 0 else "failure"
                out = proc.stdout + proc.stderr
            results.append(StepResult(name, outcome, out))
        conclusion = "success" if outcome == "failure" and step.get("continue-on-error") else outcome
        if conclusion == "failure":
            status["failed"] = True
        if "id" in step:
            ctx["steps"][step["id"]] = {"outcome": outcome, "conclusion": conclusion}
    return JobResult("failure" if status["failed"] else "success", results)


def run_gitlab_job(config: Path, job_name: str, cwd: Path, env: dict[str, str]) -> JobResult:
    """One job of .gitlab-ci.yml: before_script and script, each entry run
    by bash with -e as the runner does; the job fails at the first entry
    that fails."""
    conf = yaml.safe_load(config.read_text(encoding="utf-8"))
    job = conf[job_name]
    variables = {**conf.get("variables", {}), **job.get("variables", {})}
    full_env = {**{k: str(v) for k, v in variables.items()}, **env}
    entries = list(job.get("before_script", conf.get("default", {}).get("before_script", []))) + list(job["script"])
    results = []
    for entry in entries:
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", entry],
            cwd=cwd,
            env=full_env,
            capture_output=True,
            text=True,
        )
        outcome = "success" if proc.returncode == 0 else "failure"
        results.append(StepResult(entry.splitlines()[0], outcome, proc.stdout + proc.stderr))
        if outcome == "failure":
            return JobResult("failure", results)
    return JobResult("success", results)


# -- The fake forge: `gh api` (GitHub) and `curl` (GitLab) answered from a JSON file ------------------------


class FakeForge:
    """State in forge.json (comments or notes), every call appended to calls.jsonl."""

    def __init__(self, folder: Path, state: dict):
        self.folder = folder
        self.bin = folder / "bin"
        self.bin.mkdir(parents=True, exist_ok=True)
        self.state_file = folder / "forge.json"
        self.calls_file = folder / "calls.jsonl"
        self.state_file.write_text(json.dumps(state), encoding="utf-8")
        self.calls_file.write_text("", encoding="utf-8")
        for tool in ("gh", "curl", "apk"):
            script = self.bin / tool
            script.write_text(
                f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(Path(__file__).parent)!r})\n"
                f"import ci_local\nsys.exit(ci_local.fake_{tool}(sys.argv[1:]))\n",
                encoding="utf-8",
            )
            script.chmod(0o755)

    def env(self, base: dict[str, str]) -> dict[str, str]:
        path = f"{self.bin}{os.pathsep}{base.get('PATH', os.environ['PATH'])}"
        return {**base, "PATH": path, "FAKE_FORGE": str(self.folder)}

    @property
    def state(self) -> dict:
        return json.loads(self.state_file.read_text(encoding="utf-8"))

    @property
    def calls(self) -> list[dict]:
        lines = self.calls_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line]


def _forge() -> tuple[Path, dict]:
    folder = Path(os.environ["FAKE_FORGE"])
    return folder, json.loads((folder / "forge.json").read_text(encoding="utf-8"))


def _record(folder: Path, state: dict, call: dict) -> None:
    (folder / "forge.json").write_text(json.dumps(state), encoding="utf-8")
    with (folder / "calls.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(call, ensure_ascii=False) + "\n")


def fake_apk(argv: list[str]) -> int:
    return 0  # the packages (curl, jq) are the fakes and the host's jq


def fake_gh(argv: list[str]) -> int:
    """`gh api [--method M] [--paginate] [--jq EXPR] [--input FILE] PATH`."""
    assert argv[0] == "api", argv
    method, jq, body, path = "GET", None, None, None
    args = iter(argv[1:])
    for a in args:
        if a == "--method":
            method = next(args)
        elif a == "--jq":
            jq = next(args)
        elif a == "--input":
            body = json.loads(Path(next(args)).read_text(encoding="utf-8"))
        elif a == "--paginate":
            pass
        else:
            path = a
    folder, state = _forge()
    route = path.split("?")[0]
    m = re.fullmatch(
        r"repos/[^/]+/[^/]+/(pulls|issues)/(\d+)(/comments)?|repos/[^/]+/[^/]+/issues/comments/(\d+)", route
    )
    assert m, path
    if m.group(1) == "pulls":
        answer = {"number": int(m.group(2)), "head": {"sha": state["head_sha"]}}
    elif m.group(4):
        assert method == "PATCH", method
        answer = next(c for c in state["comments"] if c["id"] == int(m.group(4)))
        answer["body"] = body["body"]
    elif method == "POST":
        answer = {"id": max([c["id"] for c in state["comments"]], default=0) + 1, "user": {"login": state["bot"]}}
        answer["body"] = body["body"]
        state["comments"].append(answer)
    else:
        answer = state["comments"]
    _record(folder, state, {"tool": "gh", "method": method, "path": path, "body": body and body["body"]})
    text = json.dumps(answer)
    if jq is not None:
        text = subprocess.run(["jq", "-r", jq], input=text, capture_output=True, text=True, check=True).stdout
    sys.stdout.write(text if jq is not None else text + "\n")
    return 0


def fake_curl(argv: list[str]) -> int:
    """The GitLab notes API as the note job calls it."""
    method, headers, data, dump, url = "GET", [], None, None, None
    args = iter(argv)
    for a in args:
        if a == "--request":
            method = next(args)
        elif a == "--header":
            headers.append(next(args))
        elif a == "--data":
            d = next(args)
            data = json.loads(Path(d[1:]).read_text(encoding="utf-8") if d.startswith("@") else d)
        elif a == "--dump-header":
            dump = next(args)
        elif a.startswith("-"):
            pass
        else:
            url = a
    folder, state = _forge()
    if f"PRIVATE-TOKEN: {state['token']}" not in headers:
        sys.stderr.write("curl: (22) The requested URL returned error: 401\n")
        return 22
    path, _, query = url.partition("?")
    page = int(dict(q.split("=") for q in query.split("&") if q).get("page", 1)) if query else 1
    next_page = ""
    if path.endswith("/user"):
        answer = {"id": state["me"]}
    elif m := re.search(r"/notes/(\d+)$", path):
        assert method == "PUT", method
        answer = next(n for n in state["notes"] if n["id"] == int(m.group(1)))
        answer["body"] = data["body"]
    elif method == "POST":
        answer = {"id": max([n["id"] for n in state["notes"]], default=0) + 1, "author": {"id": state["me"]}}
        answer["body"] = data["body"]
        state["notes"].append(answer)
    else:
        size = state.get("page_size", 100)
        answer = state["notes"][(page - 1) * size : page * size]
        next_page = str(page + 1) if page * size < len(state["notes"]) else ""
    if dump:
        Path(dump).write_text(f"HTTP/2 200\r\nx-next-page: {next_page}\r\n\r\n", encoding="utf-8")
    _record(folder, state, {"tool": "curl", "method": method, "url": url, "body": data and data["body"]})
    sys.stdout.write(json.dumps(answer))
    return 0


def copy_tree(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, copy_function=shutil.copy2, dirs_exist_ok=True)
