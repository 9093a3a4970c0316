"""Renders the Helm chart offline with Helm's own engine (helm-python-sdk, Helm v4's Go SDK).

Usage: python render.py CHART_DIR < cases.json > results.json
cases.json is a list of {"release", "namespace", "values"}; results.json holds, in the same
order, {"manifests": {template path: rendered YAML}} or {"error": message}. Used by
crates/zscaler-mcp/tests/deploy.rs; install with `pip install helm-python-sdk` (pinned in
tests/helm/requirements.txt).
"""

import json
import sys

import helm_python as helm


def main() -> int:
    chart_dir = sys.argv[1]
    cases = json.load(sys.stdin)
    results = []
    with helm.Chart.load(chart_dir) as chart:
        for case in cases:
            try:
                manifests = chart.render(
                    case.get("values") or {},
                    name=case.get("release", "mcp"),
                    namespace=case.get("namespace", "default"),
                    is_install=True,
                )
                results.append({"manifests": manifests})
            except Exception as error:  # every render failure goes back to the test
                results.append({"error": f"{type(error).__name__}: {error}"})
    lint = helm.lint(chart_dir, {"credentials": {"existingSecret": "lint"}}, strict=True)
    json.dump({"results": results, "lint": lint, "helm": helm.helm_sdk_version()}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
