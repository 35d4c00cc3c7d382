"""The README's example, run as written in a fresh interpreter, its output the README's."""

import pathlib
import subprocess
import sys

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def block(text, lang, after):
    start = text.index(f"```{lang}\n", after) + len(lang) + 4
    end = text.index("```", start)
    return text[start:end], end


def test_the_readme_example_runs_as_written():
    readme = README.read_text("utf-8")
    code, end = block(readme, "python", readme.index("## Example"))
    expected, _ = block(readme, "text", end)
    assert len(code.strip().splitlines()) <= 5
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
