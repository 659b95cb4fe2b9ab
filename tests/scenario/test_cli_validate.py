"""`salesim validate`, `salesim schema` and `salesim list` as an author runs them: in a
subprocess, with exit status 0 (valid), 1 (invalid) or 2 (usage / I/O), located messages,
and never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from sim.scenario.schema import schema_json

from .helpers import REPO, variant


def salesim(*args: str, cwd=REPO) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def test_bundled_scenarios_are_valid():
    proc = salesim("validate", "scenarios/")
    assert proc.returncode == 0, proc.stdout
    assert "scenarios/tutorial.yaml: OK" in proc.stdout


def test_bundled_id_is_accepted():
    proc = salesim("validate", "tutorial")
    assert proc.returncode == 0 and "tutorial.yaml: OK" in proc.stdout


def test_invalid_file_exits_1_with_located_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(variant("moveTo: qualified\n", "moveTo: qualifcation\n"), encoding="utf-8")
    proc = salesim("validate", str(bad))
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first.startswith(f"{bad}:") and ":15: error[S104]: unknown stage 'qualifcation'" in first
    assert "^~~~~~~~~~~~" in proc.stdout
    assert f"{bad}: invalid (1 error)" in proc.stdout


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        (
            "bomb.yaml",
            (
                "a: &a [x,x,x,x,x,x,x,x,x]\n"
                + "".join(
                    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n"
                    for i in range(9)
                )
            ).encode(),
            "Y011",
        ),
        ("latin1.yaml", "apiVersion: salesim/v1\ntitle: café\n".encode("latin-1"), "Y002"),
        ("tag.yaml", b"apiVersion: !!python/object/apply:os.system ['echo pwned']\n", "Y008"),
        ("binary.yaml", bytes(range(256)) * 4, "Y003"),
        ("empty.yaml", b"", "Y004"),
    ],
)
def test_hostile_files_exit_1_fast(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    start = time.perf_counter()
    proc = salesim("validate", str(path))
    assert time.perf_counter() - start < 5  # includes interpreter start-up
    assert proc.returncode == 1, proc.stdout
    assert f"error[{code}]" in proc.stdout
    assert "pwned" not in proc.stderr


def test_folder_is_searched_recursively_and_summarised(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "ok.yml").write_text(variant("", ""), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("a: b: c\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a scenario", encoding="utf-8")
    proc = salesim("validate", str(tmp_path))
    assert proc.returncode == 1
    assert "ok.yml: OK" in proc.stdout and "broken.yaml:1:5: error[Y005]" in proc.stdout
    assert proc.stdout.rstrip().endswith("2 files checked: 1 valid, 1 invalid")


def test_missing_file_exits_2():
    proc = salesim("validate", "no/such/file.yaml")
    assert proc.returncode == 2 and "error[F001]" in proc.stdout


def test_unknown_id_exits_2_with_suggestion():
    proc = salesim("validate", "tutorail")
    assert (
        proc.returncode == 2
        and "error[F002]" in proc.stdout
        and "did you mean 'tutorial'" in proc.stdout
    )


def test_folder_without_scenarios_exits_2(tmp_path):
    proc = salesim("validate", str(tmp_path))
    assert proc.returncode == 2 and "error[F003]" in proc.stdout


def test_no_arguments_is_a_usage_error():
    proc = salesim("validate")
    assert proc.returncode == 2 and "usage:" in proc.stderr


def test_schema_command_prints_the_committed_schema(tmp_path):
    proc = salesim("schema")
    assert proc.returncode == 0 and proc.stdout == schema_json()
    out = tmp_path / "s.json"
    assert salesim("schema", "--output", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == schema_json()


def test_list_shows_the_tutorial():
    proc = salesim("list")
    assert proc.returncode == 0
    line = next(x for x in proc.stdout.splitlines() if x.startswith("tutorial"))
    assert "beginner" in line and "min" in line and "First week on the desk" in line


def test_validate_does_not_import_textual():
    code = (
        "import sys; from sim.cli import main; rc = main(['validate', '-q', 'scenarios/tutorial.yaml']); "
        "assert 'textual' not in sys.modules, 'textual imported'; sys.exit(rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
