"""The CLI's flags: every command takes the same --data-dir, and links follow the running
stack's port."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from cli import api_base_url, build_parser, settings_for
from core.config import Settings


def leaf_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield prefix, parser
        return
    for name, child in subparsers[0].choices.items():
        yield from leaf_commands(child, (*prefix, name))


REQUIRED = {
    ("org", "create"): ["--name", "N", "--owner-email", "o@example.com"],
    ("org", "set-plan"): ["org_x", "studio_pro"],
    ("org", "set-quota"): ["org_x", "seats", "12"],
    ("org", "set-terms"): ["org_x", "artists=30"],
    ("org", "delete"): ["--org", "org_x", "--yes"],
    ("plan", "set"): ["pilot", "artists=30"],
    ("member", "set-password"): ["--org", "o", "--email", "e@example.com"],
    ("member", "password-link"): ["--org", "o", "--email", "e@example.com"],
    ("domain", "add"): ["--org", "o", "--hostname", "h.example.com"],
    ("keys", "list"): ["org_x"],
    ("keys", "rotate"): ["org_x"],
    ("keys", "destroy"): ["org_x", "--yes"],
    ("tenant", "move"): ["--org", "org_x", "--to", "dedicated"],
    ("tenant", "move-status"): ["--org", "org_x"],
    ("placements", "claims-backfill"): [],
}


def test_every_command_takes_data_dir():
    commands = list(leaf_commands(build_parser()))
    assert len(commands) >= 10
    for path, _parser in commands:
        argv = [*path, *REQUIRED.get(path, []), "--data-dir", "/srv/stack"]
        args = build_parser().parse_args(argv)
        assert args.data_dir == "/srv/stack", path


def test_data_dir_decides_where_the_stack_is_found_and_links_use_its_port(tmp_path: Path):
    data = tmp_path / "stack"
    data.mkdir()
    (data / "stack.json").write_text(
        json.dumps({"api": "http://localhost:8123", "database_url": "postgresql://x/y", "pid": 1})
    )
    settings = Settings(environment="test")
    args = build_parser().parse_args(["audit", "verify", "--data-dir", str(data)])
    chosen = settings_for(settings, args)
    assert chosen.dev_data_dir == str(data)
    assert api_base_url(chosen) == "http://localhost:8123"
    # Without the flag, DEV_DATA_DIR (the setting) decides, as before.
    args = build_parser().parse_args(["audit", "verify"])
    assert settings_for(settings, args).dev_data_dir == settings.dev_data_dir


@pytest.mark.parametrize("argv", [["mail"], ["dev"]])
def test_commands_that_had_data_dir_keep_it(argv):
    assert build_parser().parse_args([*argv, "--data-dir", "d"]).data_dir == "d"
