"""deploy/ checked as far as CI can without a Docker engine or a cluster: the Compose file
against the Compose Specification's schema, the Dockerfile with hadolint, the Kubernetes
manifests against the API schemas of their version (kubernetes-validate, offline), every YAML
file with yamllint, and the Prometheus configuration, alert rules (with their unit tests) and
the Grafana dashboard's queries with promtool.

Each checker is also shown a broken input, so that a checker that checks nothing fails here.
The Python tools are dev dependencies; promtool comes from the Debian package `prometheus`
(.ci/run installs it). A missing tool skips locally and fails in CI."""

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from tests.conftest import IN_CI

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
K8S = DEPLOY / "k8s"
PROMETHEUS = DEPLOY / "prometheus"
DASHBOARD = DEPLOY / "grafana" / "carsales.json"
KUBERNETES_VERSION = "1.30.0"  # the oldest release the manifests must apply to
# The Compose Specification's JSON schema, copied from github.com/compose-spec/compose-spec
# (schema/compose-spec.json, Apache-2.0). docker-compose 1.29 cannot check this file: it does
# not install on Python 3.11 (PyYAML 5 fails to build) and predates `name` and optional
# `env_file` entries, which Docker Compose v2 reads.
COMPOSE_SCHEMA = DEPLOY / "schemas" / "compose-spec.json"


def tool(name: str) -> str:
    """The path of a command-line checker, from this virtualenv or the system."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(name, path=search)
    if found is None:
        if IN_CI:
            pytest.fail(f"{name} must be installed in CI")
        pytest.skip(f"{name} is not installed")
    return found


def run(*command: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, cwd=REPO, timeout=120, check=False
    )


# Compose


def compose_problems(document: dict[str, Any]) -> list[str]:
    """What `docker compose config` would refuse: the schema, and references that must resolve
    (services named in depends_on, named volumes, the build's Dockerfile, shipped files)."""
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    problems = [
        f"{'/'.join(map(str, error.path))}: {error.message}"
        for error in jsonschema.Draft7Validator(schema).iter_errors(document)
    ]
    services: dict[str, dict[str, Any]] = document.get("services", {})
    volumes = set(document.get("volumes") or {})
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            if needed not in services:
                problems.append(f"{name}: depends on unknown service {needed}")
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if source.startswith("."):
                # tls/ holds the operator's certificate; anything else ships with deploy/.
                if source != "./tls" and not (DEPLOY / source).exists():
                    problems.append(f"{name}: mounts missing file {source}")
            elif source not in volumes:
                problems.append(f"{name}: volume {source} is not declared")
        build = service.get("build")
        if build is not None:
            dockerfile = (DEPLOY / build["context"] / build["dockerfile"]).resolve()
            if not dockerfile.is_file():
                problems.append(f"{name}: no Dockerfile at {dockerfile}")
    return problems


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def test_the_compose_file_follows_the_compose_specification() -> None:
    assert compose_problems(compose()) == []
    assert {"postgres", "redis", "migrate", "app", "worker", "nginx"} <= set(compose()["services"])


def _bad_condition(document: dict[str, Any]) -> None:
    document["services"]["app"]["depends_on"]["redis"]["condition"] = "service_ok"


def _misplaced_key(document: dict[str, Any]) -> None:
    document["services"]["worker"]["restart_policy"] = "always"


def _unknown_service(document: dict[str, Any]) -> None:
    document["services"]["worker"]["depends_on"]["cache"] = {"condition": "service_healthy"}


def _undeclared_volume(document: dict[str, Any]) -> None:
    document["services"]["redis"]["volumes"] = ["redis-state:/data"]


@pytest.mark.parametrize(
    "breakage", [_bad_condition, _misplaced_key, _unknown_service, _undeclared_volume]
)
def test_the_compose_check_finds_mistakes(breakage: Any) -> None:
    broken = copy.deepcopy(compose())
    breakage(broken)
    assert compose_problems(broken)


# Dockerfile


def test_the_dockerfile_passes_hadolint() -> None:
    result = run(tool("hadolint"), "--failure-threshold", "info", "deploy/Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_flags_a_careless_dockerfile() -> None:
    careless = "FROM python:latest\nRUN apt-get update && apt-get install -y curl\n"
    result = run(tool("hadolint"), "--failure-threshold", "warning", "-", stdin=careless)
    assert result.returncode != 0
    assert "DL3007" in result.stdout  # the :latest tag


# Kubernetes


def manifests() -> list[tuple[str, dict[str, Any]]]:
    """Every resource of deploy/k8s but the Kustomization, which is kustomize's, not the API's."""
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document["kind"] != "Kustomization":
                found.append((path.name, document))
    return found


def test_the_kubernetes_manifests_match_the_api_schemas() -> None:
    resources = manifests()
    assert {document["kind"] for _, document in resources} >= {
        "Deployment",
        "Service",
        "Ingress",
        "ConfigMap",
        "Secret",
        "Namespace",
    }
    for _, document in resources:
        # strict: a misspelt or misplaced field is an error, not silently ignored.
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_the_kustomization_lists_every_manifest_and_names_the_image() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    shipped = {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == shipped
    images = {image["name"] for image in kustomization["images"]}
    for _, document in manifests():
        if document["kind"] == "Deployment":
            pod = document["spec"]["template"]["spec"]
            for container in pod["containers"] + pod.get("initContainers", []):
                assert container["image"] in images, container["name"]


def test_scrape_annotations_point_at_a_served_port() -> None:
    for _, document in manifests():
        if document["kind"] != "Deployment":
            continue
        template = document["spec"]["template"]
        annotations = template["metadata"].get("annotations", {})
        if annotations.get("prometheus.io/scrape") != "true":
            continue
        ports = {
            port["containerPort"]
            for container in template["spec"]["containers"]
            for port in container.get("ports", [])
        }
        assert int(annotations["prometheus.io/port"]) in ports, document["metadata"]["name"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("spec", "replicas"), "two"),  # a string where an integer belongs
        (("spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"), "http"),
        (("spec", "template", "spec", "containers", 0, "imagePullPolice"), "Always"),  # misspelt
    ],
)
def test_the_kubernetes_check_finds_mistakes(path: tuple[str | int, ...], value: str) -> None:
    deployment = copy.deepcopy(
        next(document for _, document in manifests() if document["kind"] == "Deployment")
    )
    target: Any = deployment
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


# YAML


def test_yamllint_passes_on_deploy() -> None:
    result = run(tool("yamllint"), "--strict", "-c", "deploy/.yamllint.yaml", "deploy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_flags_what_yaml_parsers_forgive() -> None:
    duplicate_key = "---\nservices:\n  app:\n    image: a\n  app:\n    image: b\n"
    result = run(tool("yamllint"), "-c", "deploy/.yamllint.yaml", "-", stdin=duplicate_key)
    assert result.returncode != 0
    assert "key-duplicates" in result.stdout


# Prometheus and Grafana


def test_the_scrape_configuration_and_alert_rules_are_valid() -> None:
    promtool = tool("promtool")
    config = run(promtool, "check", "config", "--syntax-only", "deploy/prometheus/prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr
    rules = run(promtool, "check", "rules", "deploy/prometheus/alerts.yml")
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert "SUCCESS: 5 rules found" in rules.stdout


def test_the_alerts_fire_on_their_scenarios_and_not_otherwise() -> None:
    """alerts.test.yml: each alert against series that should and should not raise it."""
    result = run(tool("promtool"), "test", "rules", "deploy/prometheus/alerts.test.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def dashboard_queries() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]


def alert_queries() -> list[str]:
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())
    return [rule["expr"] for group in rules["groups"] for rule in group["rules"]]


def as_rules_file(queries: list[str]) -> str:
    """The queries as recording rules, Grafana's variables filled in, for promtool to parse."""
    filled = [
        query.replace("$__rate_interval", "5m").replace("$instance", ".*") for query in queries
    ]
    rules = [{"record": f"dashboard:query_{n}", "expr": query} for n, query in enumerate(filled)]
    text: str = yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]})
    return text


def test_every_dashboard_query_is_valid_promql(tmp_path: Path) -> None:
    queries = dashboard_queries()
    assert len(queries) >= 10
    rules = tmp_path / "dashboard-rules.yml"
    rules.write_text(as_rules_file(queries))
    result = run(tool("promtool"), "check", "rules", str(rules))
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_refuses_a_broken_query(tmp_path: Path) -> None:
    rules = tmp_path / "broken.yml"
    rules.write_text(as_rules_file(["sum by (kind (rate(carsales_jobs_finished_total[5m]))"]))
    assert run(tool("promtool"), "check", "rules", str(rules)).returncode != 0


def test_the_dashboard_panels_do_not_overlap() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    cells: dict[tuple[int, int], str] = {}
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps {cells[(x, y)]}"
                cells[(x, y)] = panel["title"]
    assert len({panel["id"] for panel in dashboard["panels"]}) == len(dashboard["panels"])
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            # The data source is picked when the dashboard is imported, not fixed here.
            assert target["datasource"]["uid"] == "${datasource}"


# Operators and modifiers; functions and aggregations are told apart by their parenthesis.
PROMQL_WORDS = frozenset({"and", "or", "unless", "bool", "offset", "group_left", "group_right"})


def selectors(query: str) -> list[tuple[str, set[str]]]:
    """The metrics a PromQL query reads, each with the label names its matchers use."""
    query = re.sub(r'"(?:[^"\\]|\\.)*"', '""', query)
    query = re.sub(r"\[[^\]]*\]", "", query)
    query = re.sub(r"\b(?:by|without|on|ignoring)\s*\([^)]*\)", "", query)
    found = []
    for match in re.finditer(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[^}]*\})?\s*(\(?)", query):
        name, matchers, call = match.groups()
        if name in PROMQL_WORDS or call:
            continue
        labels = set(re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)", matchers or ""))
        found.append((name, labels))
    return found


def test_the_query_reader_finds_metrics_and_their_labels() -> None:
    query = (
        "histogram_quantile(0.95, sum by (route, le) (rate(carsales_http_request_seconds_bucket"
        '{method="GET", route!="unmatched"}[5m]))) > 0.5 and up{job=~"a|b"} == 0'
    )
    assert selectors(query) == [
        ("carsales_http_request_seconds_bucket", {"method", "route"}),
        ("up", {"job"}),
    ]


def queries_in_deploy() -> list[str]:
    return dashboard_queries() + alert_queries()
