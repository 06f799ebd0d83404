#!/usr/bin/env bash
# The real-hub test's workshop part again on JupyterHub 5, where `hub-config` redefines the user
# role (JupyterHub 6 has extra_user_scopes). A side venv sees the project's venv through a .pth
# file and has jupyterhub 5 installed in front of it: the hub, the single-user servers and the
# workshop service all run JupyterHub 5's code.
set -euo pipefail
cd "$(dirname "$0")/.."
side=.ci/jh5
if [ ! -x "$side/bin/jupyterhub" ]; then
  python3 -m venv "$side"
  site=$("$side/bin/python" -c 'import site; print(site.getsitepackages()[0])')
  .venv/bin/python -c 'import site; print(site.getsitepackages()[0])' > "$site/zz-project.pth"
  echo "$PWD" >> "$site/zz-project.pth"
  "$side/bin/python" -m pip install -q --no-deps "jupyterhub==5.4.3"
fi
"$side/bin/python" -c 'import jupyterhub; assert jupyterhub.__version__.startswith("5."), jupyterhub.__version__'
echo "== the real-hub test on JupyterHub 5"
"$side/bin/python" -m pytest -q -p no:cacheprovider tests/test_hub.py \
  -k "not assessment and not stops_quickly"
